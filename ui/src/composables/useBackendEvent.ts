import type { UnlistenFn } from '@tauri-apps/api/event';
import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Listens with `subscribe` while the component is mounted, and stops on unmount (also
 * when the component goes away before the listener is in place). Outside the app window
 * there is no event channel: nothing is listened to, and the view still works.
 */
export function useBackendEvent(subscribe: () => Promise<UnlistenFn>): void {
  let unlisten: UnlistenFn | null = null;
  let mounted = false;

  onMounted(async () => {
    mounted = true;
    try {
      const stop = await subscribe();
      if (mounted) unlisten = stop;
      else stop();
    } catch {
      // No event channel (outside the app window).
    }
  });

  onBeforeUnmount(() => {
    mounted = false;
    unlisten?.();
    unlisten = null;
  });
}
