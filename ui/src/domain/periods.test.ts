import { describe, expect, it } from 'vitest';
import { isPreset, periodName, presetPeriod } from './periods';

describe('period presets', () => {
  it('gives the chosen month’s quarter and the one before, across the new year', () => {
    expect(presetPeriod('quarter', '2026-11')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('quarter', '2026-10')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('previousQuarter', '2026-11')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetPeriod('previousQuarter', '2027-02')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('gives the halves and the whole of the chosen year', () => {
    expect(presetPeriod('firstHalf', '2028-11')).toEqual({ from: '2028-01-01', to: '2028-06-30' });
    expect(presetPeriod('secondHalf', '2026-03')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(presetPeriod('year', '2026-03')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('knows its own names only', () => {
    expect(isPreset('quarter')).toBe(true);
    expect(isPreset('month')).toBe(false);
    expect(isPreset('range')).toBe(false);
  });
});

describe('period names', () => {
  it('names months, quarters, half-years and years as the backend does', () => {
    expect(periodName({ from: '2028-02-01', to: '2028-02-29' })).toEqual({ kind: 'month', year: 2028, n: 2 });
    expect(periodName({ from: '2026-10-01', to: '2026-12-31' })).toEqual({ kind: 'quarter', year: 2026, n: 4 });
    expect(periodName({ from: '2026-01-01', to: '2026-06-30' })).toEqual({ kind: 'firstHalf', year: 2026, n: 1 });
    expect(periodName({ from: '2026-07-01', to: '2026-12-31' })).toEqual({ kind: 'secondHalf', year: 2026, n: 2 });
    expect(periodName({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ kind: 'year', year: 2026, n: 1 });
  });

  it('leaves other spans unnamed', () => {
    // Not from the first, not to the last, three months out of step, across a new year.
    expect(periodName({ from: '2026-10-02', to: '2026-12-31' })).toBeNull();
    expect(periodName({ from: '2026-10-01', to: '2026-12-30' })).toBeNull();
    expect(periodName({ from: '2026-11-01', to: '2027-01-31' })).toBeNull();
    expect(periodName({ from: '2026-07-01', to: '2027-06-30' })).toBeNull();
    expect(periodName({ from: '2026-02-01', to: '2026-03-31' })).toBeNull();
  });
});
