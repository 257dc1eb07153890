import type { Role } from '@/bindings/Role';
import type { SessionUser } from '@/bindings/SessionUser';
import type { Severity } from '@/bindings/Severity';
import { ROLES } from './choices';

// The backend decides every permission; these only choose what the screens show.

/** Someone who holds roles: the main one first in `roles`, which includes it. */
type Holder = Pick<SessionUser, 'role' | 'roles'>;

/** Who a complaint is forwarded to (1.2.2): the role follows from the severity. */
export function forwardTarget(severity: Severity): Role | null {
  if (severity === 'major') return 'generalManager';
  if (severity === 'important') return 'manager';
  return null;
}

/** Roles that register complaints at the desk; the menu offers 登记投诉 to them only. */
export function registersComplaints(role: Role): boolean {
  return role === 'receptionist' || role === 'supervisor';
}

/** Roles that send a department a 《催办通知单》 for overdue handling: the desk and the managers. */
export function urgesDepartments(role: Role): boolean {
  return registersComplaints(role) || role === 'manager' || role === 'generalManager';
}

/** Roles that archive and hand over to the quality department; the menu offers 归档移交 to them only. */
export function archivesComplaints(role: Role): boolean {
  return role === 'supervisor' || role === 'quality';
}

/** Whether `user` holds `role`, as their main role or beside it. */
export function holds(user: Pick<Holder, 'roles'> | null | undefined, role: Role): boolean {
  return user?.roles.includes(role) ?? false;
}

/**
 * Whether any role `user` holds passes `allows`: one person may be both the receptionist
 * and the supervisor of a small center, and may do what either may (the backend's rule).
 */
export function canAny(user: Pick<Holder, 'roles'> | null | undefined, allows: (role: Role) => boolean): boolean {
  return user?.roles.some(allows) ?? false;
}

/** The roles held beside the main one, in the backend's order. */
export function extraRolesOf(user: Holder): Role[] {
  return user.roles.filter((role) => role !== user.role);
}

/**
 * The roles that may be held beside `main`: any other, except the administrator, who
 * holds no other role (the backend refuses the mix).
 */
export function extraRoleChoices(main: Role): Role[] {
  if (main === 'admin') return [];
  return ROLES.filter((role) => role !== main && role !== 'admin');
}

/** The extra roles still possible once the main role is `main`. */
export function keptExtraRoles(main: Role, extras: readonly Role[]): Role[] {
  const allowed = extraRoleChoices(main);
  return extras.filter((role) => allowed.includes(role));
}
