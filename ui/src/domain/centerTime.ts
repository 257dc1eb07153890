// The backend sends RFC 3339 times already in the service center's offset, so they are
// shown as written: converting to the machine's own zone could shift the day.
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/;

/** "2026-11-28T18:30:00+08:00" → "2026-11-28 18:30". Unknown shapes are shown unchanged. */
export function formatCenterTime(value: string | null): string {
  if (value === null) return '';
  const match = RFC3339.exec(value);
  return match ? `${match[1]} ${match[2]}` : value;
}

/**
 * An instant (any offset, often UTC) as the wall-clock time of `timeZone`:
 * "2026-12-05T10:00:00Z" in Asia/Shanghai → "2026-12-05 18:00".
 */
export function formatInZone(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(ms)
        .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  } catch {
    return formatCenterTime(instant); // An unknown zone name: as written.
  }
}

/**
 * A due time as the desk reads it: a "same day" deadline ends at local midnight, shown
 * as 24:00 of that day rather than 00:00 of the next, which reads like a day early.
 */
export function formatDueTime(value: string | null): string {
  const shown = formatCenterTime(value);
  const match = /^(\d{4})-(\d{2})-(\d{2}) 00:00$/.exec(shown);
  if (!match) return shown;
  const dayBefore = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) - 1));
  return `${dayBefore.toISOString().slice(0, 10)} 24:00`;
}

/** A time near today as the dashboard says it: its month (also by name), day and time of day. */
export type MonthDay = { month: number; monthName: string; day: number; time: string };

/**
 * "2026-12-01T08:30:00+08:00" → month 12 ("Dec"), day 1, "08:30", for 「12月1日 08:30」 or
 * "Dec 1, 08:30"; null for an unknown shape.
 */
export function monthDayParts(value: string): MonthDay | null {
  const match = RFC3339.exec(value);
  if (!match) return null;
  const [year, month, day] = match[1]!.split('-').map(Number) as [number, number, number];
  // The calendar date as written, named in UTC so that no zone moves it.
  const monthName = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
  return { month, monthName, day, time: match[2]! };
}

/** What the datetime pickers produce and the backend reads, in the center's local time. */
export const DATETIME_FORMAT = 'YYYY-MM-DD HH:mm';

/** What the date-range filter produces. */
export const DATE_FORMAT = 'YYYY-MM-DD';
