import type { DeadlineKind } from '@/bindings/DeadlineKind';

/** How a running deadline is shown: plain, amber, or red. */
export type Urgency = 'pending' | 'dueSoon' | 'overdue';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When a row turns amber. A row carries only its due time, not when the clock started,
 * so each kind gets a fixed margin near the backend's "last fifth of the window" for
 * the default policy: 2 of the 10 dispatch minutes, 12 of the 60 forward minutes, the
 * evening of a same-day deadline, the last day of a deadline counted in days.
 */
const DUE_SOON_MS: Record<DeadlineKind, number> = {
  dispatch: 2 * MINUTE,
  forward: 12 * MINUTE,
  firstReply: 12 * HOUR,
  handling: DAY,
  return: 3 * HOUR,
  signOff: 3 * HOUR,
  notify: 3 * HOUR,
  callback: 12 * HOUR,
  promisedReply: 6 * HOUR,
};

export function urgency(kind: DeadlineKind | null, remainingMs: number): Urgency {
  if (remainingMs < 0) return 'overdue';
  if (kind !== null && remainingMs <= DUE_SOON_MS[kind]) return 'dueSoon';
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
export type OpenDue = { kind: DeadlineKind; dueAt: string; paused: boolean };

/**
 * The other deadlines of a line that are overdue or due soon at `nowMs`, besides the one
 * the line counts down to: a complaint late for both 转呈 and 首次答复 says so.
 */
export function otherPressing(
  open: OpenDue[],
  shown: { kind: DeadlineKind | null; dueAt: string | null },
  nowMs: number | null,
): OpenDue[] {
  if (nowMs === null) return [];
  return open.filter((d) => {
    if (d.paused || (d.kind === shown.kind && d.dueAt === shown.dueAt)) return false;
    const dueMs = Date.parse(d.dueAt);
    return !Number.isNaN(dueMs) && urgency(d.kind, dueMs - nowMs) !== 'pending';
  });
}
