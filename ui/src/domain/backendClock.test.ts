import { describe, expect, it } from 'vitest';
import { anchorClock, backendNowMs, remainingMs } from './backendClock';

describe('backend clock', () => {
  const anchor = anchorClock('2026-11-28T09:00:00+08:00', 5_000)!;

  it('runs on from the reported instant', () => {
    expect(backendNowMs(anchor, 65_000)).toBe(Date.parse('2026-11-28T09:01:00+08:00'));
  });

  it('counts down to a due time in any offset', () => {
    expect(remainingMs('2026-11-28T09:10:00+08:00', anchor, 5_000)).toBe(600_000);
    expect(remainingMs('2026-11-28T01:10:00Z', anchor, 5_000 + 660_000)).toBe(-60_000);
    expect(remainingMs(null, anchor, 0)).toBeNull();
  });

  it('refuses an unreadable instant', () => {
    expect(anchorClock('soon', 0)).toBeNull();
  });
});
