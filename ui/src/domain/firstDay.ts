import type { Category } from '@/bindings/Category';
import type { Department } from '@/bindings/Department';
import type { UserRow } from '@/bindings/UserRow';

// 开始使用: what a new desk needs before its first complaint, on the administrator's
// dashboard until staff exist.

/** The tabs of the settings page, as the address names them (`?tab=users`). */
export const SETTINGS_TABS = ['general', 'departments', 'users', 'categories', 'policy'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

export function isSettingsTab(value: unknown): value is SettingsTab {
  return SETTINGS_TABS.includes(value as SettingsTab);
}

export type FirstDayStep = 'staff' | 'reference' | 'policy';
export type FirstDayItem = { step: FirstDayStep; tab: SettingsTab; done: boolean };

/** Someone who works complaints can log in (an administrator may also hold a desk role). */
export function hasStaff(users: readonly UserRow[]): boolean {
  return users.some((user) => user.active && user.roles.some((role) => role !== 'admin'));
}

/**
 * The checklist. Set-up already creates departments and categories, so "exist" says
 * nothing: they count as checked once the administrator has looked at them; the policy
 * likewise once its tab was opened.
 */
export function firstDayItems(facts: {
  users: readonly UserRow[];
  departments: readonly Department[];
  categories: readonly Category[];
  visited: ReadonlySet<SettingsTab>;
}): FirstDayItem[] {
  const { users, departments, categories, visited } = facts;
  const reference =
    departments.some((department) => department.active) &&
    categories.some((category) => category.active) &&
    (visited.has('departments') || visited.has('categories'));
  return [
    { step: 'staff', tab: 'users', done: hasStaff(users) },
    { step: 'reference', tab: 'departments', done: reference },
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
