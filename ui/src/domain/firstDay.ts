import type { Category } from '@/bindings/Category';
import type { Department } from '@/bindings/Department';
import type { UserRow } from '@/bindings/UserRow';

// 开始使用: what a new desk needs before its first complaint, on the administrator's
// dashboard until every step is done.

/** The tabs of the settings page, as the address names them (`?tab=users`). */
export const SETTINGS_TABS = ['general', 'departments', 'users', 'categories', 'policy', 'targets'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

export function isSettingsTab(value: unknown): value is SettingsTab {
  return SETTINGS_TABS.includes(value as SettingsTab);
}

export type FirstDayStep = 'staff' | 'heads' | 'phone' | 'policy';
export type FirstDayItem = { step: FirstDayStep; tab: SettingsTab; done: boolean };

/** Someone who works complaints can log in (an administrator may also hold a desk role). */
export function hasStaff(users: readonly UserRow[]): boolean {
  return users.some((user) => user.active && user.roles.some((role) => role !== 'admin'));
}

/**
 * The checklist: staff accounts with their roles; every department in use with its head
 * (dispatch goes to them); the center's phone, which the resident's receipt prints; the
 * deadline policy, checked once its tab was opened (it ships with the seed's times).
 */
export function firstDayItems(facts: {
  users: readonly UserRow[];
  departments: readonly Department[];
  categories: readonly Category[];
  centerPhone: string;
  visited: ReadonlySet<SettingsTab>;
}): FirstDayItem[] {
  const { users, departments, categories, centerPhone, visited } = facts;
  const inUse = departments.filter((department) => department.active);
  const heads =
    inUse.length > 0 &&
    inUse.every((department) => department.headUserId !== null) &&
    categories.some((category) => category.active);
  return [
    { step: 'staff', tab: 'users', done: hasStaff(users) },
    { step: 'heads', tab: 'departments', done: heads },
    { step: 'phone', tab: 'general', done: centerPhone.trim() !== '' },
    { step: 'policy', tab: 'policy', done: visited.has('policy') },
  ];
}

const VISITED_KEY = 'complaintdesk.settingsVisited';

/** The settings tabs opened on this machine. */
export function visitedSettingsTabs(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage) {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(VISITED_KEY) ?? '[]');
    return new Set<SettingsTab>(Array.isArray(stored) ? stored.filter(isSettingsTab) : []);
  } catch {
    return new Set<SettingsTab>();
  }
}

export function rememberSettingsTab(
  tab: SettingsTab,
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage,
): void {
  const visited = visitedSettingsTabs(storage);
  if (visited.has(tab)) return;
  visited.add(tab);
  try {
    storage?.setItem(VISITED_KEY, JSON.stringify([...visited]));
  } catch {
    // A webview without storage: the checklist keeps its links, without the ticks.
  }
}
