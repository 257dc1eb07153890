import type { CallbackMethod } from '@/bindings/CallbackMethod';
import type { Channel } from '@/bindings/Channel';
import type { ComplaintState } from '@/bindings/ComplaintState';
import type { ContactMethod } from '@/bindings/ContactMethod';
import type { DeadlineKind } from '@/bindings/DeadlineKind';
import type { DeadlineStatus } from '@/bindings/DeadlineStatus';
import type { Exclusion } from '@/bindings/Exclusion';
import type { NotifyMethod } from '@/bindings/NotifyMethod';
import type { Queue } from '@/bindings/Queue';
import type { Role } from '@/bindings/Role';
import type { Satisfaction } from '@/bindings/Satisfaction';
import type { Severity } from '@/bindings/Severity';

// Each list is built from an object that must name every member of its union exactly
// once, so a value added to the bindings fails the typecheck here until it is placed.
function members<T extends string>(record: Record<T, true>): T[] {
  return Object.keys(record) as T[];
}

export const CHANNELS = members<Channel>({ visit: true, phone: true, letter: true, other: true });

export const CONTACT_METHODS = members<ContactMethod>({
  phone: true,
  visit: true,
  letter: true,
  any: true,
});

/** Most serious first, as the procedure lists them. */
export const SEVERITIES = members<Severity>({ major: true, important: true, minor: true });

/** Workflow order (registration to archive), then voided. */
export const COMPLAINT_STATES = members<ComplaintState>({
  registered: true,
  dispatched: true,
  inHandling: true,
  waitingOnResident: true,
  handled: true,
  awaitingSignOff: true,
  signedOff: true,
  notified: true,
  calledBack: true,
  archived: true,
  voided: true,
});

/** In the order they fall due along the procedure. */
export const DEADLINE_KINDS = members<DeadlineKind>({
  dispatch: true,
  forward: true,
  firstReply: true,
  handling: true,
  return: true,
  signOff: true,
  notify: true,
  callback: true,
  promisedReply: true,
});

/** In the order of the procedure, as the dashboard lists the queues of other roles. */
export const QUEUES = members<Queue>({
  toDispatch: true,
  afterHours: true,
  toForward: true,
  inHandling: true,
  toApproveExtension: true,
  toReturn: true,
  toSignOff: true,
  toNotify: true,
  toReply: true,
  toCallback: true,
  toArchive: true,
  overdue: true,
});
/** The front desk first, the administrator last. */
export const ROLES = members<Role>({
  receptionist: true,
  supervisor: true,
  departmentHead: true,
  manager: true,
  generalManager: true,
  quality: true,
  patrol: true,
  admin: true,
});
export const DEADLINE_STATUSES = members<DeadlineStatus>({
  pending: true,
  dueSoon: true,
  metOnTime: true,
  metLate: true,
  overdue: true,
});
/** Most satisfied first, as the callback asks. */
export const SATISFACTIONS = members<Satisfaction>({ satisfied: true, fair: true, dissatisfied: true });
export const EXCLUSIONS = members<Exclusion>({ forceMajeure: true, unreasonableDemand: true });
export const NOTIFY_METHODS = members<NotifyMethod>({ phone: true, inPerson: true });
export const CALLBACK_METHODS = members<CallbackMethod>({ phone: true, visit: true });
