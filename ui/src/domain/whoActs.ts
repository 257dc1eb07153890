import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import type { DeadlineKind } from '@/bindings/DeadlineKind';
import type { DeadlineView } from '@/bindings/DeadlineView';
import type { Role } from '@/bindings/Role';
import type { Severity } from '@/bindings/Severity';
import type { TimelineEntry } from '@/bindings/TimelineEntry';
import { forwardTarget } from './roles';

// Whose move it is, in the procedure's words. The backend decides who may act (several
// roles may press a step's button); this names who the procedure expects to, so that
// a complaint waiting on someone says on whom.

/** The roles the procedure expects to meet a deadline. */
export function whoActs(kind: DeadlineKind, severity: Severity): Role[] {
  switch (kind) {
    case 'dispatch':
    case 'firstReply':
      return ['receptionist', 'supervisor'];
    case 'forward':
      return ['supervisor'];
    case 'handling':
    case 'return':
      return ['departmentHead'];
    case 'signOff':
      // A minor complaint is never signed off; the managing manager is the lesser approver.
      return [forwardTarget(severity) ?? 'manager'];
    case 'notify':
    case 'promisedReply':
      return ['receptionist'];
    case 'callback':
      return ['supervisor', 'patrol'];
  }
}

/** What is to be done next, by whom, and by when. */
export type Move = {
  /** The deadline to meet, or the archive (which has none). */
  what: DeadlineKind | 'archive';
  roles: Role[];
  /** The department whose head acts (handling, the form's return). */
  department: string | null;
  /** The person named for it: the addressee of the forward, for a sign-off. */
  person: string | null;
  /** Where a forward goes. */
  forwardTo: Role | null;
  dueAt: string | null;
  overdue: boolean;
  /** In its warning share (预警), by the backend's status. */
  warning: boolean;
  paused: boolean;
};

const OPEN_STATUSES = new Set(['pending', 'dueSoon', 'overdue']);

/** A deadline still to be met. */
export function isOpen(deadline: DeadlineView): boolean {
  return deadline.metAt === null && OPEN_STATUSES.has(deadline.status);
}

/** Who is addressed by the last forward to `role`, if named. */
function forwardedName(timeline: TimelineEntry[], role: Role | undefined): string | null {
  let name: string | null = null;
  for (const { event } of timeline) {
    if (event.kind === 'forwarded' && event.toRole === role) name = event.toName;
  }
  return name;
}

/** The move that meets `deadline` on `detail`'s complaint. */
export function moveFor(deadline: DeadlineView, detail: ComplaintDetail): Move {
  const severity = detail.row.severity;
  const roles = whoActs(deadline.kind, severity);
  const headed = roles.includes('departmentHead');
  return {
    what: deadline.kind,
    roles,
    department: headed ? detail.row.departmentName : null,
    person: deadline.kind === 'signOff' ? forwardedName(detail.timeline, roles[0]) : null,
    forwardTo: deadline.kind === 'forward' ? forwardTarget(severity) : null,
    dueAt: deadline.dueAt,
    overdue: deadline.status === 'overdue',
    warning: deadline.status === 'dueSoon',
    paused: deadline.paused,
  };
}

/**
 * The next move on an open complaint: the earliest deadline still to be met; after a
 * callback, the archive (or a reopen, the supervisor's too). Null once it is closed.
 */
export function nextMove(detail: ComplaintDetail): Move | null {
  const state = detail.row.state;
  if (state === 'archived' || state === 'voided') return null;
  const open = detail.deadlines.filter(isOpen);
  if (open.length > 0) {
    const earliest = open.reduce((first, deadline) =>
      Date.parse(deadline.dueAt) < Date.parse(first.dueAt) ? deadline : first,
    );
    return moveFor(earliest, detail);
  }
  if (state === 'calledBack') {
    return {
      what: 'archive',
      roles: ['supervisor', 'quality'],
      department: null,
      person: null,
      forwardTo: null,
      dueAt: null,
      overdue: false,
      warning: false,
      paused: false,
    };
  }
  return null;
}

/** The viewer can do nothing on an open complaint: the move is someone else's. */
export function isOthersMove(detail: ComplaintDetail): boolean {
  return detail.actions.length === 0 && nextMove(detail) !== null;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** "接待员/公共事务部主管", "工程维修部主管", "管理处主管经理 王建国". */
export function whoText(move: Pick<Move, 'roles' | 'department' | 'person'>, t: Translate): string {
  const labels = move.roles.map((role) =>
    role === 'departmentHead' && move.department
      ? t('whoActs.departmentHead', { department: move.department })
      : t(`enums.role.${role}`),
  );
  const who = labels.join(t('whoActs.or'));
  return move.person ? t('whoActs.person', { role: who, name: move.person }) : who;
}

/** "派发", "转呈公司总经理", … */
export function whatText(move: Pick<Move, 'what' | 'forwardTo'>, t: Translate): string {
  return t(`whoActs.what.${move.what}`, { to: move.forwardTo ? t(`enums.role.${move.forwardTo}`) : '' });
}

/** Who acts on each deadline still open, as shown in the deadline table. */
export function whoByDeadline(detail: ComplaintDetail, t: Translate): Partial<Record<DeadlineKind, string>> {
  if (detail.row.state === 'archived' || detail.row.state === 'voided') return {};
  return Object.fromEntries(
    detail.deadlines.filter(isOpen).map((deadline) => [deadline.kind, whoText(moveFor(deadline, detail), t)]),
  );
}
