import { describe, expect, it } from 'vitest';
import { IdleWatch, KEEP_ALIVE_INTERVAL_MS } from './idleWatch';

describe('IdleWatch', () => {
  it('locks after the idle minutes without activity', () => {
    const watch = new IdleWatch(0);
    expect(watch.isIdle(9 * 60_000, 10)).toBe(false);
    expect(watch.isIdle(10 * 60_000, 10)).toBe(true);
  });

  it('starts the idle time again on activity', () => {
    const watch = new IdleWatch(0);
    watch.activity(9 * 60_000);
    expect(watch.isIdle(18 * 60_000, 10)).toBe(false);
    expect(watch.isIdle(19 * 60_000, 10)).toBe(true);
  });

  it('tells the backend at most once per interval', () => {
    const watch = new IdleWatch(0);
    expect(watch.activity(1)).toBe(true);
    expect(watch.activity(2)).toBe(false);
    expect(watch.activity(KEEP_ALIVE_INTERVAL_MS)).toBe(false);
    expect(watch.activity(KEEP_ALIVE_INTERVAL_MS + 1)).toBe(true);
  });

  it('does not call the backend right after an unlock', () => {
    const watch = new IdleWatch(0);
    watch.restart(100_000);
    expect(watch.activity(100_001)).toBe(false);
    expect(watch.isIdle(100_001 + 60_000, 1)).toBe(true);
  });
});
