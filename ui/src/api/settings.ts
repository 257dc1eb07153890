import type { CalendarGap } from '@/bindings/CalendarGap';
import type { Category } from '@/bindings/Category';
import type { CategoryInput } from '@/bindings/CategoryInput';
import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';
import type { Department } from '@/bindings/Department';
import type { DepartmentInput } from '@/bindings/DepartmentInput';
import type { ImportedDays } from '@/bindings/ImportedDays';
import type { NewUser } from '@/bindings/NewUser';
import type { PolicyVersion } from '@/bindings/PolicyVersion';
import type { SessionUser } from '@/bindings/SessionUser';
import type { Settings } from '@/bindings/Settings';
import type { SettingsInput } from '@/bindings/SettingsInput';
import type { UserRow } from '@/bindings/UserRow';
import type { UserUpdate } from '@/bindings/UserUpdate';
import { call } from './command';

// Every command here is for the administrator; the backend refuses anyone else.

export function getSettings(): Promise<Settings> {
  return call<Settings>('get_settings');
}

export function saveSettings(input: SettingsInput): Promise<void> {
  return call<void>('save_settings', { input });
}

export function listUsers(): Promise<UserRow[]> {
  return call<UserRow[]>('list_users');
}

export function createUser(input: NewUser): Promise<SessionUser> {
  return call<SessionUser>('create_user', { input });
}

/** Changes a user's name, roles and department (audited); the login name stays. */
export function updateUser(id: number, input: UserUpdate): Promise<UserRow> {
  return call<UserRow>('update_user', { id, input });
}

/** Disables or enables a user; users are never deleted. */
export function setUserActive(id: number, active: boolean): Promise<UserRow> {
  return call<UserRow>('set_user_active', { id, active });
}

export function resetPassword(id: number, password: string): Promise<void> {
  return call<void>('reset_password', { id, password });
}

/** Adds (id null) or changes a department. */
export function saveDepartment(input: DepartmentInput): Promise<Department> {
  return call<Department>('save_department', { input });
}

/** Adds (id null) or changes a category. */
export function saveCategory(input: CategoryInput): Promise<Category> {
  return call<Category>('save_category', { input });
}

/** Saves a new policy version, for complaints registered from now on; resolves with its number. */
export function savePolicy(policy: DeadlinePolicy): Promise<number> {
  return call<number>('save_policy', { policy });
}

/**
 * Reads the text of a calendar file the administrator chose (one date and 休 or 班 a line):
 * the holidays and 调休 days to merge into the policy being edited. Nothing is saved; a
 * bad file is refused with a field error on `calendarFile` naming the line.
 */
export function importCalendar(text: string): Promise<ImportedDays> {
  return call<ImportedDays>('import_calendar', { text });
}

export function listPolicyVersions(): Promise<PolicyVersion[]> {
  return call<PolicyVersion[]>('list_policy_versions');
}

/**
 * A year whose holidays the working calendar lacks while some deadline counts in working
 * time (this year, or the next from November), for the administrator's dashboard.
 */
export function calendarGap(): Promise<CalendarGap | null> {
  return call<CalendarGap | null>('calendar_gap');
}
