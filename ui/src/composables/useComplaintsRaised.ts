import type { UnlistenFn } from '@tauri-apps/api/event';
import { onBeforeUnmount, onMounted } from 'vue';
import { onComplaintsRaised } from '@/api/events';
import type { ComplaintRow } from '@/bindings/ComplaintRow';

/** Runs `handler` with the complaints the backend raised to major on its own, while mounted. */
export function useComplaintsRaised(handler: (rows: ComplaintRow[]) => void): void {
  let unlisten: UnlistenFn | null = null;
  let mounted = false;

  onMounted(async () => {
    mounted = true;
    try {
      const stop = await onComplaintsRaised(handler);
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
