import { describe, expect, it } from 'vitest';
import { formatCenterTime } from './centerTime';

describe('formatCenterTime', () => {
  it.each([
    ['2026-11-28T18:30:00+08:00', '2026-11-28 18:30'],
    ['2026-11-28T23:59:59.123+08:00', '2026-11-28 23:59'],
    ['2026-01-02T03:04:05Z', '2026-01-02 03:04'],
    ['2026-11-28 18:30:00', '2026-11-28 18:30'],
    ['not a time', 'not a time'],
  ])('%s → %s', (input, expected) => {
    expect(formatCenterTime(input)).toBe(expected);
  });

  it('shows nothing for a missing time', () => {
    expect(formatCenterTime(null)).toBe('');
  });
});
