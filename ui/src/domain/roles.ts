import type { Role } from '@/bindings/Role';
import type { Severity } from '@/bindings/Severity';

// The backend decides every permission; these only choose what the screens show.

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
