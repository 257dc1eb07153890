import { beforeEach, describe, expect, it, vi } from 'vitest';
import { onComplaintsChanged, onDutyFailed, stopListening } from './events';

const stops: ReturnType<typeof vi.fn>[] = [];
vi.mock('@tauri-apps/api/event', () => ({
  listen: vi.fn(async () => {
    const stop = vi.fn();
    stops.push(stop);
    return stop;
  }),
}));

describe("the page's event listeners", () => {
  beforeEach(() => {
    stops.length = 0;
  });

  it('are all stopped, once each, when the page is about to be replaced', async () => {
    const first = await onComplaintsChanged(() => {});
    await onDutyFailed(() => {});
    stopListening();
    expect(stops.map((stop) => stop.mock.calls.length)).toEqual([1, 1]);

    // A component unmounted afterwards stops nothing twice.
    first();
    stopListening();
    expect(stops.map((stop) => stop.mock.calls.length)).toEqual([1, 1]);
  });

  it('leaves out one already stopped by its component', async () => {
    const first = await onComplaintsChanged(() => {});
    await onDutyFailed(() => {});
    first();
    stopListening();
    expect(stops.map((stop) => stop.mock.calls.length)).toEqual([1, 1]);
  });
});
