/** At most one keep-alive call per this many milliseconds while the user is active. */
export const KEEP_ALIVE_INTERVAL_MS = 30_000;

/**
 * When the user was last at the desk. Times are from a monotonic clock
 * (`performance.now()`), so changing the machine's clock neither locks nor unlocks.
 */
export class IdleWatch {
  private lastActivity: number;
  private lastKeepAlive = Number.NEGATIVE_INFINITY;

  constructor(now: number) {
    this.lastActivity = now;
  }

  /** Records activity; true when the backend should hear of it (throttled). */
  activity(now: number): boolean {
    this.lastActivity = now;
    if (now - this.lastKeepAlive < KEEP_ALIVE_INTERVAL_MS) return false;
    this.lastKeepAlive = now;
    return true;
  }

  /** After an unlock or a login: a fresh start, and the backend already knows. */
  restart(now: number): void {
    this.lastActivity = now;
    this.lastKeepAlive = now;
  }

  isIdle(now: number, idleLockMinutes: number): boolean {
    return now - this.lastActivity >= idleLockMinutes * 60_000;
  }
}
