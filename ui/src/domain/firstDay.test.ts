import { describe, expect, it } from 'vitest';
import type { Department } from '@/bindings/Department';
import type { Role } from '@/bindings/Role';
import type { UserRow } from '@/bindings/UserRow';
import { firstDayItems, hasStaff, isSettingsTab, rememberSettingsTab, visitedSettingsTabs } from './firstDay';

function user(id: number, role: Role, active = true): UserRow {
  return { id, username: `u${id}`, displayName: `用户${id}`, role, roles: [role], departmentId: null, active };
}

const ADMIN = user(1, 'admin');
const ENGINEERING: Department = { id: 1, name: '工程维修部', headUserId: null, active: true };
const DEPARTMENTS = [ENGINEERING];
const CATEGORIES = [{ id: 1, name: '维修', active: true }];

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('first day', () => {
  it('has no staff while only administrators, or disabled users, can log in', () => {
    expect(hasStaff([ADMIN])).toBe(false);
    // The administrator who also works the desk is staff.
    expect(hasStaff([{ ...ADMIN, roles: ['admin', 'receptionist'] }])).toBe(true);
    expect(hasStaff([ADMIN, user(2, 'admin'), user(3, 'receptionist', false)])).toBe(false);
    expect(hasStaff([ADMIN, user(3, 'receptionist')])).toBe(true);
  });

  it('ticks each step once it is done', () => {
    const fresh = firstDayItems({
      users: [ADMIN],
      departments: DEPARTMENTS,
      categories: CATEGORIES,
      centerPhone: '',
      visited: new Set(),
    });
    expect(fresh).toEqual([
      { step: 'staff', tab: 'users', done: false },
      { step: 'heads', tab: 'departments', done: false },
      { step: 'phone', tab: 'general', done: false },
      { step: 'policy', tab: 'policy', done: false },
    ]);
    const later = firstDayItems({
      users: [ADMIN, user(2, 'departmentHead')],
      departments: [
        { ...ENGINEERING, headUserId: 2 },
        { id: 9, name: '旧部门', headUserId: null, active: false },
      ],
      categories: CATEGORIES,
      centerPhone: '0755-88886666',
      visited: new Set(['policy']),
    });
    expect(later.map((item) => item.done)).toEqual([true, true, true, true]);
  });

  it('does not tick the departments while none is in use, or one in use has no head', () => {
    const heads = (departments: Department[]) =>
      firstDayItems({ users: [ADMIN], departments, categories: CATEGORIES, centerPhone: '', visited: new Set() }).find(
        (item) => item.step === 'heads',
      )?.done;
    expect(heads([{ ...ENGINEERING, headUserId: 2, active: false }])).toBe(false);
    expect(
      heads([
        { ...ENGINEERING, headUserId: 2 },
        { id: 2, name: '保洁绿化部', headUserId: null, active: true },
      ]),
    ).toBe(false);
  });

  it('remembers the settings tabs opened, ignoring what it does not know', () => {
    const storage = memoryStorage({ 'complaintdesk.settingsVisited': '["users","nonsense"]' });
    expect([...visitedSettingsTabs(storage)]).toEqual(['users']);
    rememberSettingsTab('policy', storage);
    expect([...visitedSettingsTabs(storage)]).toEqual(['users', 'policy']);
    expect([...visitedSettingsTabs(memoryStorage({ 'complaintdesk.settingsVisited': '{' }))]).toEqual([]);
    expect(isSettingsTab('policy')).toBe(true);
    expect(isSettingsTab('audit')).toBe(false);
  });
});
