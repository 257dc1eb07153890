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

/** The parts of a duration as shown: minutes and seconds under an hour, else coarser. */
export type Span =
  | { unit: 'clock'; minutes: number; seconds: number }
  | { unit: 'hours'; hours: number; minutes: number }
  | { unit: 'days'; days: number; hours: number };

/** The length of `ms` (sign dropped), rounded down to what is shown. */
export function span(ms: number): Span {
  const total = Math.floor(Math.abs(ms) / 1000);
  if (total < 3600) return { unit: 'clock', minutes: Math.floor(total / 60), seconds: total % 60 };
  if (total < 86_400)
    return { unit: 'hours', hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60) };
  return { unit: 'days', days: Math.floor(total / 86_400), hours: Math.floor((total % 86_400) / 3600) };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "09:05" for the clock form; the other forms are worded by the caller's locale. */
export function clockText(value: Extract<Span, { unit: 'clock' }>): string {
  return `${pad(value.minutes)}:${pad(value.seconds)}`;
}
