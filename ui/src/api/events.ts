import { listen, type UnlistenFn } from '@tauri-apps/api/event';

/** The backend emits this after every write to a complaint (the payload is its id). */
const COMPLAINTS_CHANGED = 'complaints-changed';

export function onComplaintsChanged(handler: () => void): Promise<UnlistenFn> {
  return listen<number | null>(COMPLAINTS_CHANGED, () => handler());
}
