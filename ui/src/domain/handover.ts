import type { HandoverLine } from '@/bindings/HandoverLine';

// 归档移交 (1.6): by the 30th of each month the desk archives the complaints received the
// month before that are done with, and hands them to the quality department on a list.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `value` reads as `YYYY-MM`. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** The month before that of `now` ("2026-01-05T…" → "2025-12"), read as written (the center's date). */
export function monthBefore(now: string): string {
  const year = Number(now.slice(0, 4));
  const month = Number(now.slice(5, 7));
  if (month === 1) return `${year - 1}-12`;
  return `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * The month the page opens on: the one the address asks for, else the month before the
 * app's clock (the hand-over of last month is what is due now).
 */
export function openingMonth(asked: unknown, now: string): string {
  return isMonth(asked) ? asked : monthBefore(now);
}

/** "2026-11-28T18:30:00+08:00" → "2026-11-28": the center's date, as written. */
export function receivedDay(receivedAt: string): string {
  return receivedAt.slice(0, 10);
}

/**
 * The complaints to hand over: every ready one but those the user unticked. Rows are
 * ticked by default, so a complaint that became ready while the page was open is ticked
 * too, and an untick stays while the rows are read again.
 */
export function tickedIds(rows: readonly HandoverLine[], unticked: ReadonlySet<number>): number[] {
  return rows.filter((row) => !unticked.has(row.complaintId)).map((row) => row.complaintId);
}

/** What the header checkbox shows: all ticked, some, or none. */
export function tickState(rows: readonly HandoverLine[], unticked: ReadonlySet<number>): 'all' | 'some' | 'none' {
  const ticked = tickedIds(rows, unticked).length;
  if (rows.length > 0 && ticked === rows.length) return 'all';
  return ticked === 0 ? 'none' : 'some';
}

/** After the header checkbox: all ticked unless all were, then none. */
export function toggleAll(rows: readonly HandoverLine[], unticked: ReadonlySet<number>): Set<number> {
  if (tickState(rows, unticked) === 'all') return new Set(rows.map((row) => row.complaintId));
  return new Set();
}

/** After one row's checkbox. */
export function toggleOne(unticked: ReadonlySet<number>, id: number, ticked: boolean): Set<number> {
  const next = new Set(unticked);
  if (ticked) next.delete(id);
  else next.add(id);
  return next;
}
