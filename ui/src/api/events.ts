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

/** Every listener in place, by the function that stops it. */
const listening = new Set<UnlistenFn>();

/**
 * `listen`, with the listener kept in `listening` until stopped. The backend keeps a page's
 * listeners until they are stopped, even once the page is gone.
 */
async function listenFor<T>(event: string, handler: (payload: T) => void): Promise<UnlistenFn> {
  const stop = await listen<T>(event, (received) => handler(received.payload));
  const unlisten: UnlistenFn = () => {
    if (listening.delete(unlisten)) stop();
  };
  listening.add(unlisten);
  return unlisten;
}

/** Stops every listener of the page (it is about to be replaced). */
export function stopListening(): void {
  for (const unlisten of [...listening]) unlisten();
}

export function onComplaintsChanged(handler: () => void): Promise<UnlistenFn> {
  return listenFor<number | null>(COMPLAINTS_CHANGED, () => handler());
}

export function onComplaintsRaised(handler: (rows: ComplaintRow[]) => void): Promise<UnlistenFn> {
  return listenFor<ComplaintRow[]>(COMPLAINTS_RAISED, handler);
}

export function onDutyFailed(handler: (failure: DutyFailure) => void): Promise<UnlistenFn> {
  return listenFor<DutyFailure>(DUTY_FAILED, handler);
}

export function onServerReconnected(handler: () => void): Promise<UnlistenFn> {
  return listenFor<null>(SERVER_RECONNECTED, () => handler());
}
