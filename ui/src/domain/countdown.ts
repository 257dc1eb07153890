import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { DeadlineKind } from '@/bindings/DeadlineKind';

/** How a running deadline is shown: plain, amber, or red. */
export type Urgency = 'pending' | 'dueSoon' | 'overdue';

/**
 * Where a deadline stands at `nowMs`: red once past its due time, amber (预警) from the
 * instant the backend says it turns amber (the policy's warning share of its window,
 * counted in office minutes for a working-time deadline, which the window could not
 * work out from the due time alone), plain before. No `warnMs`: never amber.
 */
export function urgency(nowMs: number, dueMs: number, warnMs: number | null): Urgency {
  if (nowMs > dueMs) return 'overdue';
  if (warnMs !== null && !Number.isNaN(warnMs) && nowMs >= warnMs) return 'dueSoon';
  return 'pending';
}

/**
 * The parts of a duration as shown, each with its units (「4 分 24 秒」, never 「04:24」,
 * which reads like a time of day): seconds under a minute, minutes and seconds under an
 * hour, hours and minutes under a day, then days and hours.
 */
export type Span =
  | { unit: 'seconds'; seconds: number }
  | { unit: 'minutes'; minutes: number; seconds: number }
  | { unit: 'hours'; hours: number; minutes: number }
  | { unit: 'days'; days: number; hours: number };

/** The length of `ms` (sign dropped), rounded down to what is shown. */
export function span(ms: number): Span {
  const total = Math.floor(Math.abs(ms) / 1000);
  if (total < 60) return { unit: 'seconds', seconds: total };
  if (total < 3600) return { unit: 'minutes', minutes: Math.floor(total / 60), seconds: total % 60 };
  if (total < 86_400)
    return { unit: 'hours', hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60) };
  return { unit: 'days', days: Math.floor(total / 86_400), hours: Math.floor((total % 86_400) / 3600) };
}

type Translate = (key: string, params: Record<string, unknown>) => string;

/** 「已逾期 4 分 24 秒」, 「剩余 1 小时 5 分」, "4 min 24 s overdue", in the caller's locale. */
export function countdownText(remainingMs: number, t: Translate): string {
  const length = span(remainingMs);
  const time =
    length.unit === 'seconds'
      ? t('dashboard.countdown.seconds', { s: length.seconds })
      : length.unit === 'minutes'
        ? t('dashboard.countdown.minutes', { m: length.minutes, s: length.seconds })
        : length.unit === 'hours'
          ? t('dashboard.countdown.hours', { h: length.hours, m: length.minutes })
          : t('dashboard.countdown.days', { d: length.days, h: length.hours });
  return t(remainingMs < 0 ? 'dashboard.countdown.overdue' : 'dashboard.countdown.left', { time });
}

/** An open deadline as a queue line carries it. */
export type OpenDue = { kind: DeadlineKind; startedAt: string; dueAt: string; warnAt: string; paused: boolean };

/** The same instant, whatever offset each is written in. */
function sameInstant(a: string, b: string): boolean {
  return a === b || Date.parse(a) === Date.parse(b);
}

/** The open deadline a line counts down to (its `nextDueKind` due at `nextDueAt`). */
export function shownDeadline(
  row: Pick<ComplaintRow, 'nextDueKind' | 'nextDueAt'> & { openDeadlines: OpenDue[] },
): OpenDue | null {
  const { nextDueKind, nextDueAt } = row;
  if (nextDueKind === null || nextDueAt === null) return null;
  return row.openDeadlines.find((d) => d.kind === nextDueKind && sameInstant(d.dueAt, nextDueAt)) ?? null;
}

/**
 * When a complaint registered out of hours starts being counted: the clock start of its
 * open dispatch deadline (the next opening of the office, for a working-time dispatch).
 */
export function clockStart(row: { openDeadlines: OpenDue[] }): string | null {
  return row.openDeadlines.find((d) => d.kind === 'dispatch')?.startedAt ?? null;
}

/**
 * The other deadlines of a line that are overdue or in their warning share at `nowMs`,
 * besides the one the line counts down to: a complaint late for both 转呈 and 首次答复
 * says so.
 */
export function otherPressing(
  open: OpenDue[],
  shown: { kind: DeadlineKind | null; dueAt: string | null },
  nowMs: number | null,
): OpenDue[] {
  if (nowMs === null) return [];
  return open.filter((d) => {
    if (d.paused || (d.kind === shown.kind && shown.dueAt !== null && sameInstant(d.dueAt, shown.dueAt))) return false;
    const dueMs = Date.parse(d.dueAt);
    return !Number.isNaN(dueMs) && urgency(nowMs, dueMs, Date.parse(d.warnAt)) !== 'pending';
  });
}
