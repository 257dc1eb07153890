import { watch } from 'vue';
import { onComplaintsChanged } from '@/api/events';
import { useConnectionStore } from '@/stores/connection';
import { useBackendEvent } from './useBackendEvent';

/**
 * Runs `handler` whenever the backend reports a changed complaint, while mounted; also
 * when the connection to the center's server comes back, since others may have changed
 * complaints meanwhile.
 */
export function useComplaintsChanged(handler: () => void): void {
  useBackendEvent(() => onComplaintsChanged(handler));
  const connection = useConnectionStore();
  watch(
    () => connection.reconnections,
    () => handler(),
  );
}
