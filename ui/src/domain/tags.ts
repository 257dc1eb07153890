import type { ComplaintState } from '@/bindings/ComplaintState';
import type { DeadlineStatus } from '@/bindings/DeadlineStatus';
import type { Severity } from '@/bindings/Severity';

/** The colours of el-tag. */
export type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger';

const SEVERITY_TAGS: Record<Severity, TagType> = { major: 'danger', important: 'warning', minor: 'info' };

export function severityTag(severity: Severity): TagType {
  return SEVERITY_TAGS[severity];
}

export function stateTag(state: ComplaintState): TagType {
  if (state === 'voided') return 'info';
  if (state === 'archived' || state === 'calledBack') return 'success';
  if (state === 'waitingOnResident') return 'warning';
  return 'primary';
}

const DEADLINE_TAGS: Record<DeadlineStatus, TagType> = {
  pending: 'primary',
  dueSoon: 'warning',
  metOnTime: 'success',
  metLate: 'warning',
  overdue: 'danger',
};

export function deadlineTag(status: DeadlineStatus): TagType {
  return DEADLINE_TAGS[status];
}
