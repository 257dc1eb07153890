import { invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';
import type { CommandError } from '@/bindings/CommandError';

/**
 * What every wrapper in `api/` rejects with: the backend's error, or an `internal` one for
 * a call that never reached a command (no Tauri runtime, an unknown command, or arguments
 * that the command could not read).
 */
export type CallError = CommandError;

/** Shape check only: a kind added by the backend later is still shown, by its message. */
export function isCallError(value: unknown): value is CallError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<CallError>;
  return typeof candidate.kind === 'string' && typeof candidate.message === 'string' && Array.isArray(candidate.fields);
}

export function toCallError(reason: unknown): CallError {
  if (isCallError(reason)) return reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  // Not a sentence of ours: the same text in either language.
  return { kind: 'internal', message, messageEn: message, field: null, fields: [], until: null };
}

let onLocked: (() => void) | null = null;

/**
 * Whatever screen made the call, a refusal because the desk is locked shows the lock
 * screen: the session store registers that here (the api layer knows no stores).
 */
export function setLockedHandler(handler: (() => void) | null): void {
  onLocked = handler;
}

let onOffline: (() => void) | null = null;

/**
 * Whatever screen made the call, a refusal because the connection to the center's server
 * is lost puts the window in its offline state: the connection store registers that here.
 */
export function setOfflineHandler(handler: (() => void) | null): void {
  onOffline = handler;
}

/**
 * Calls a backend command; rejects with a `CallError` only. `options` carries headers,
 * for a command whose body is a file's raw bytes rather than named arguments.
 */
export async function call<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (reason) {
    const error = toCallError(reason);
    if (error.kind === 'locked') onLocked?.();
    else if (error.kind === 'offline') onOffline?.();
    throw error;
  }
}
