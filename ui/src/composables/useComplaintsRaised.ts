import { onComplaintsRaised } from '@/api/events';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import { useBackendEvent } from './useBackendEvent';

/** Runs `handler` with the complaints the backend raised to major on its own, while mounted. */
export function useComplaintsRaised(handler: (rows: ComplaintRow[]) => void): void {
  useBackendEvent(() => onComplaintsRaised(handler));
}
