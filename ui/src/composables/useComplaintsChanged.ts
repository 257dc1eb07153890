import type { UnlistenFn } from '@tauri-apps/api/event';
import { onBeforeUnmount, onMounted } from 'vue';
import { onComplaintsChanged } from '@/api/events';

/** Runs `handler` whenever the backend reports a changed complaint, while mounted. */
export function useComplaintsChanged(handler: () => void): void {
  let unlisten: UnlistenFn | null = null;
  let mounted = false;

  onMounted(async () => {
    mounted = true;
    try {
      const stop = await onComplaintsChanged(handler);
      if (mounted) unlisten = stop;
      else stop();
    } catch {
      // No event channel (outside the app window): the view still loads on mount.
    }
  });

  onBeforeUnmount(() => {
    mounted = false;
    unlisten?.();
    unlisten = null;
  });
}
