import type { DeadlineKind } from '@/bindings/DeadlineKind';
import type { ImportedDays } from '@/bindings/ImportedDays';
import type { WorkCalendar } from '@/bindings/WorkCalendar';
import { DEADLINE_KINDS } from './choices';

// The working calendar as the policy editor changes it: each change gives a new calendar
// (the editor's models are replaced, never mutated), the day lists sorted and a day never
// in both lists, which the backend would refuse.

/** Monday to Sunday, as `WorkCalendar.weekly` lists the office hours. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The hours a day gets when it stops being a day off and no other day has hours. */
export const DEFAULT_HOURS = '08:30-17:30';

/** A day off (休) or a make-up working day (调休, 班). */
export type DayKind = 'holidays' | 'workdays';

/** The deadlines that may be counted in working time: a promised reply never is (the backend refuses it). */
export const WORKING_TIME_KINDS: DeadlineKind[] = DEADLINE_KINDS.filter((kind) => kind !== 'promisedReply');

/** `kinds` with `kind` counted in working time or not, in the order of the procedure. */
export function withWorking(kinds: readonly DeadlineKind[], kind: DeadlineKind, working: boolean): DeadlineKind[] {
  const chosen = new Set(kinds);
  if (working) chosen.add(kind);
  else chosen.delete(kind);
  return DEADLINE_KINDS.filter((each) => chosen.has(each));
}

/** "08:30-17:30" → ["08:30", "17:30"]; null for a day off or an unreadable value. */
export function parseHours(raw: string): [string, string] | null {
  const match = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/.exec(raw);
  return match ? [match[1]!, match[2]!] : null;
}

/** Office hours as the backend reads them. */
export function formatHours(open: string, close: string): string {
  return `${open}-${close}`;
}

/** The seven days' hours, however many the calendar held (a missing day is a day off). */
export function sevenDays(weekly: readonly string[]): string[] {
  return WEEKDAYS.map((_, index) => weekly[index] ?? '');
}

/** `calendar` with `hours` (or "" for a day off) on weekday `index` (0 = Monday). */
export function withHours(calendar: WorkCalendar, index: number, hours: string): WorkCalendar {
  const weekly = sevenDays(calendar.weekly);
  weekly[index] = hours;
  return { ...calendar, weekly };
}

/** The hours a day gets back when it stops being a day off: those of the first day with hours. */
export function usualHours(weekly: readonly string[]): string {
  return weekly.find((hours) => parseHours(hours) !== null) ?? DEFAULT_HOURS;
}

function sorted(days: Iterable<string>): string[] {
  return [...new Set(days)].sort();
}

/**
 * `days` merged into `calendar`: each listed day joins its list, and a day the other list
 * held moves to the kind it is given now (a file that makes a holiday a 调休 day wins).
 */
export function mergeDays(calendar: WorkCalendar, days: ImportedDays): WorkCalendar {
  const holidays = new Set(days.holidays);
  const workdays = new Set(days.workdays.filter((day) => !holidays.has(day)));
  return {
    ...calendar,
    holidays: sorted([...calendar.holidays.filter((day) => !workdays.has(day)), ...holidays]),
    workdays: sorted([...calendar.workdays.filter((day) => !holidays.has(day)), ...workdays]),
  };
}

/** `calendar` with `day` added to the list of `kind` (moved there from the other one). */
export function withDay(calendar: WorkCalendar, kind: DayKind, day: string): WorkCalendar {
  return mergeDays(
    calendar,
    kind === 'holidays' ? { holidays: [day], workdays: [] } : { holidays: [], workdays: [day] },
  );
}

/** `calendar` without `day` in the list of `kind`. */
export function withoutDay(calendar: WorkCalendar, kind: DayKind, day: string): WorkCalendar {
  return { ...calendar, [kind]: calendar[kind].filter((each) => each !== day) };
}

/** The days of a list by year, both in order: 2026's, then 2027's. */
export function byYear(days: readonly string[]): { year: string; days: string[] }[] {
  const years = new Map<string, string[]>();
  for (const day of sorted(days)) {
    const year = day.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), day]);
  }
  return [...years].map(([year, inYear]) => ({ year, days: inYear }));
}

/** An ISO date's month, day and weekday, to show it: "2026-10-01" → 10, 1, "thu". */
export function dayParts(day: string): { month: number; day: number; weekday: Weekday } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday.
  const weekday = WEEKDAYS[(new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7]!;
  return { month, day: date, weekday };
}

/**
 * A calendar file's text: UTF-8 (with or without a BOM), or, failing that, GB18030, which
 * Notepad on a Chinese Windows saves as "ANSI" and which would otherwise turn 休 and 班
 * into noise the backend cannot read.
 */
export function decodeCalendarFile(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
