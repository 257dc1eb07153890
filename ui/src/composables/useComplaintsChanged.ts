import { onComplaintsChanged } from '@/api/events';
import { useBackendEvent } from './useBackendEvent';

/** Runs `handler` whenever the backend reports a changed complaint, while mounted. */
export function useComplaintsChanged(handler: () => void): void {
  useBackendEvent(() => onComplaintsChanged(handler));
}
