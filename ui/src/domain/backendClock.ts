/**
 * The backend's clock as seen from the UI: the instant it reported, and when (on the
 * UI's monotonic clock) that report arrived. Countdowns run from here, so a desk whose
 * machine clock is wrong — or an app started at another time for a demo — still counts
 * down to the backend's deadlines.
 */
export type ClockAnchor = { backendMs: number; localMs: number };

export function anchorClock(backendNow: string, localMs: number): ClockAnchor | null {
  const backendMs = Date.parse(backendNow);
  return Number.isNaN(backendMs) ? null : { backendMs, localMs };
}

/** The backend's "now" at local monotonic time `localMs`. */
export function backendNowMs(anchor: ClockAnchor, localMs: number): number {
  return anchor.backendMs + (localMs - anchor.localMs);
}

/** Milliseconds until `due` (negative once past), or null for no or unreadable time. */
export function remainingMs(due: string | null, anchor: ClockAnchor, localMs: number): number | null {
  if (due === null) return null;
  const dueMs = Date.parse(due);
  return Number.isNaN(dueMs) ? null : dueMs - backendNowMs(anchor, localMs);
}
