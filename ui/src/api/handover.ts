import type { Handover } from '@/bindings/Handover';
import type { HandoverInput } from '@/bindings/HandoverInput';
import type { HandoverLine } from '@/bindings/HandoverLine';
import { call } from './command';

/** The complaints received in `month` (`YYYY-MM`) that are ready to archive. */
export function handoverCandidates(month: string): Promise<HandoverLine[]> {
  return call<HandoverLine[]>('handover_candidates', { month });
}

/** Archives the chosen complaints in one step and records the hand-over. */
export function handOver(input: HandoverInput): Promise<Handover> {
  return call<Handover>('hand_over', { input });
}

/** The hand-overs recorded for `month`, oldest first. */
export function listHandovers(month: string): Promise<Handover[]> {
  return call<Handover[]>('list_handovers', { month });
}
