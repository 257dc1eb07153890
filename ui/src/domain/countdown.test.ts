import { describe, expect, it } from 'vitest';
import { clockText, span, urgency } from './countdown';

describe('urgency', () => {
  it.each([
    ['dispatch', 5 * 60_000, 'pending'],
    ['dispatch', 2 * 60_000, 'dueSoon'],
    ['dispatch', 1_000, 'dueSoon'],
    ['dispatch', -1, 'overdue'],
    ['handling', 2 * 86_400_000, 'pending'],
    ['handling', 86_400_000, 'dueSoon'],
    [null, 1_000, 'pending'],
  ] as const)('%s with %d ms left is %s', (kind, remaining, expected) => {
    expect(urgency(kind, remaining)).toBe(expected);
  });
});

describe('span', () => {
  it('shows minutes and seconds under an hour, either side of the deadline', () => {
    expect(span(9 * 60_000 + 5_400)).toEqual({ unit: 'clock', minutes: 9, seconds: 5 });
    expect(span(-(60_000 + 12_000))).toEqual({ unit: 'clock', minutes: 1, seconds: 12 });
    expect(clockText({ unit: 'clock', minutes: 9, seconds: 5 })).toBe('09:05');
  });

  it('shows hours and minutes under a day, then days and hours', () => {
    expect(span(3 * 3_600_000 + 25 * 60_000 + 59_000)).toEqual({ unit: 'hours', hours: 3, minutes: 25 });
    expect(span(2 * 86_400_000 + 5 * 3_600_000)).toEqual({ unit: 'days', days: 2, hours: 5 });
  });
});
