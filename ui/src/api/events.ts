import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { DutyFailure } from '@/bindings/DutyFailure';

/** The backend emits this after every write to a complaint (the payload is its id). */
const COMPLAINTS_CHANGED = 'complaints-changed';
/** Complaints raised to major automatically, a month after registration (4.3 c). */
const COMPLAINTS_RAISED = 'complaints-raised';
/** A background duty (daily backup, search-index upkeep, the raise, alerts) failed. */
const DUTY_FAILED = 'duty-failed';
/**
 * A server desk that could not reach the center's server at start has reached it now (its
 * start-up problem is cleared); `complaints-changed` follows.
 */
const SERVER_RECONNECTED = 'server-reconnected';

export function onComplaintsChanged(handler: () => void): Promise<UnlistenFn> {
  return listen<number | null>(COMPLAINTS_CHANGED, () => handler());
}

export function onComplaintsRaised(handler: (rows: ComplaintRow[]) => void): Promise<UnlistenFn> {
  return listen<ComplaintRow[]>(COMPLAINTS_RAISED, (event) => handler(event.payload));
}

export function onDutyFailed(handler: (failure: DutyFailure) => void): Promise<UnlistenFn> {
  return listen<DutyFailure>(DUTY_FAILED, (event) => handler(event.payload));
}

export function onServerReconnected(handler: () => void): Promise<UnlistenFn> {
  return listen<null>(SERVER_RECONNECTED, () => handler());
}
