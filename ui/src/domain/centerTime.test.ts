import { describe, expect, it } from 'vitest';
import { formatCenterTime, formatDueTime, formatInZone, monthDayParts } from './centerTime';

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

describe('formatDueTime', () => {
  it.each([
    ['2026-12-01T00:00:00+08:00', '2026-11-30 24:00'],
    ['2026-03-01T00:00:00+08:00', '2026-02-28 24:00'],
    ['2027-01-01T00:00:00+08:00', '2026-12-31 24:00'],
    ['2026-11-30T10:00:00+08:00', '2026-11-30 10:00'],
  ])('%s → %s', (input, expected) => {
    expect(formatDueTime(input)).toBe(expected);
  });
});

describe('formatInZone', () => {
  it.each([
    ['2026-12-05T10:00:00Z', 'Asia/Shanghai', '2026-12-05 18:00'],
    ['2026-12-05T16:30:00Z', 'Asia/Shanghai', '2026-12-06 00:30'],
    ['2026-12-05T10:00:00Z', 'Asia/Urumqi', '2026-12-05 16:00'],
    ['2026-12-05T18:00:00+08:00', 'Asia/Taipei', '2026-12-05 18:00'],
  ])('%s in %s → %s', (instant, zone, expected) => {
    expect(formatInZone(instant, zone)).toBe(expected);
  });

  it('shows an instant as written when the zone is unknown', () => {
    expect(formatInZone('2026-12-05T10:00:00Z', 'Mars/Olympus')).toBe('2026-12-05 10:00');
  });
});

describe('monthDayParts', () => {
  it('gives the month, its name, the day and the time of day as written', () => {
    expect(monthDayParts('2026-12-01T08:30:00+08:00')).toEqual({ month: 12, monthName: 'Dec', day: 1, time: '08:30' });
    // The calendar date as written, not moved by the machine's zone.
    expect(monthDayParts('2027-01-01T00:05:00+08:00')).toEqual({ month: 1, monthName: 'Jan', day: 1, time: '00:05' });
    expect(monthDayParts('明天')).toBeNull();
  });
});
