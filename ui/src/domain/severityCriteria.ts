import type { Severity } from '@/bindings/Severity';
import { SEVERITIES } from './choices';

/** The situations of clause 4.3 that define each severity. */
export type Criterion = 'majorA' | 'majorB' | 'majorC' | 'important' | 'minor';

export const CRITERIA: Record<Severity, Criterion[]> = {
  major: ['majorA', 'majorB', 'majorC'],
  important: ['important'],
  minor: ['minor'],
};

/**
 * The severity the ticked situations point to: the most serious one any of them
 * defines. Only a suggestion — the receptionist chooses.
 */
export function suggestSeverity(ticked: readonly Criterion[]): Severity | null {
  return SEVERITIES.find((severity) => CRITERIA[severity].some((criterion) => ticked.includes(criterion))) ?? null;
}
