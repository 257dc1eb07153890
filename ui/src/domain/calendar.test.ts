import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '@/bindings/WorkCalendar';
import {
  byYear,
  dayParts,
  decodeCalendarFile,
  mergeDays,
  parseHours,
  usualHours,
  WORKING_TIME_KINDS,
  withDay,
  withHours,
  withoutDay,
  withWorking,
} from './calendar';

const WEEK = ['08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '', ''];
const CALENDAR: WorkCalendar = {
  weekly: WEEK,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-08'],
  workdays: ['2026-09-20', '2026-10-10'],
};

describe('mergeDays', () => {
  it('adds the imported days to their lists, sorted, each once', () => {
    const merged = mergeDays(CALENDAR, { holidays: ['2027-01-01', '2026-10-01'], workdays: ['2027-02-06'] });
    expect(merged.holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-08', '2027-01-01']);
    expect(merged.workdays).toEqual(['2026-09-20', '2026-10-10', '2027-02-06']);
    expect(merged.weekly).toEqual(WEEK);
  });

  it('moves a day already in the other list to the kind the file gives it', () => {
    const merged = mergeDays(CALENDAR, { holidays: ['2026-10-10'], workdays: ['2026-10-08'] });
    expect(merged.holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-10']);
    expect(merged.workdays).toEqual(['2026-09-20', '2026-10-08']);
  });

  it('never puts a day in both lists, even from a file that names it twice', () => {
    const merged = mergeDays(CALENDAR, { holidays: ['2027-05-01'], workdays: ['2027-05-01'] });
    expect(merged.holidays).toContain('2027-05-01');
    expect(merged.workdays).not.toContain('2027-05-01');
  });

  it('leaves the calendar it was given as it was', () => {
    mergeDays(CALENDAR, { holidays: ['2026-10-10'], workdays: [] });
    expect(CALENDAR.workdays).toEqual(['2026-09-20', '2026-10-10']);
  });
});

describe('withDay and withoutDay', () => {
  it('adds a day picked by hand like an imported one, moving it from the other list', () => {
    const added = withDay(CALENDAR, 'workdays', '2026-10-02');
    expect(added.holidays).toEqual(['2026-10-01', '2026-10-08']);
    expect(added.workdays).toEqual(['2026-09-20', '2026-10-02', '2026-10-10']);
  });

  it('takes a day off its list only', () => {
    const removed = withoutDay(CALENDAR, 'holidays', '2026-10-02');
    expect(removed.holidays).toEqual(['2026-10-01', '2026-10-08']);
    expect(removed.workdays).toEqual(CALENDAR.workdays);
  });
});

describe('byYear', () => {
  it('groups the days by year, in order', () => {
    expect(byYear(['2027-01-01', '2026-10-01', '2026-01-01'])).toEqual([
      { year: '2026', days: ['2026-01-01', '2026-10-01'] },
      { year: '2027', days: ['2027-01-01'] },
    ]);
    expect(byYear([])).toEqual([]);
  });
});

describe('office hours', () => {
  it('reads the hours of a day, and none for a day off', () => {
    expect(parseHours('08:30-17:30')).toEqual(['08:30', '17:30']);
    expect(parseHours(' 09:00 - 18:00 ')).toEqual(['09:00', '18:00']);
    expect(parseHours('')).toBeNull();
  });

  it('changes one day of the seven', () => {
    const saturday = withHours(CALENDAR, 5, '09:00-12:00');
    expect(saturday.weekly).toEqual([...WEEK.slice(0, 5), '09:00-12:00', '']);
    expect(CALENDAR.weekly[5]).toBe('');
    expect(withHours({ ...CALENDAR, weekly: [] }, 0, '').weekly).toEqual(['', '', '', '', '', '', '']);
  });

  it('gives a day that stops being a day off the usual hours', () => {
    expect(usualHours(['', '09:00-18:00', '', '', '', '', ''])).toBe('09:00-18:00');
    expect(usualHours(['', '', '', '', '', '', ''])).toBe('08:30-17:30');
  });
});

describe('dayParts', () => {
  it('names the weekday of a date', () => {
    expect(dayParts('2026-10-01')).toEqual({ month: 10, day: 1, weekday: 'thu' });
    expect(dayParts('2026-10-10')).toEqual({ month: 10, day: 10, weekday: 'sat' });
    expect(dayParts('2026-10-11')?.weekday).toBe('sun');
    expect(dayParts('十月一日')).toBeNull();
  });
});

describe('withWorking', () => {
  it('counts a kind in working time or not, in the order of the procedure', () => {
    expect(withWorking(['handling'], 'dispatch', true)).toEqual(['dispatch', 'handling']);
    expect(withWorking(['dispatch', 'handling'], 'dispatch', false)).toEqual(['handling']);
    expect(withWorking(['handling'], 'handling', true)).toEqual(['handling']);
  });

  it('never offers the promised reply, which the backend refuses', () => {
    expect(WORKING_TIME_KINDS).not.toContain('promisedReply');
    expect(WORKING_TIME_KINDS).toHaveLength(8);
  });
});

describe('decodeCalendarFile', () => {
  it('reads UTF-8, with or without a BOM', () => {
    const utf8 = new TextEncoder().encode('2027-10-01 休\n2027-10-09 班\n');
    expect(decodeCalendarFile(utf8.buffer as ArrayBuffer)).toBe('2027-10-01 休\n2027-10-09 班\n');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeCalendarFile(bom.buffer)).toBe('2027-10-01 休\n2027-10-09 班\n');
  });

  it('reads a file Notepad saved in GB18030', () => {
    // 「2027-10-01 休」 with 休 as GBK's 0xD0DD.
    const gbk = new Uint8Array([...new TextEncoder().encode('2027-10-01 '), 0xd0, 0xdd]);
    expect(decodeCalendarFile(gbk.buffer)).toBe('2027-10-01 休');
  });
});
