// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { getSettings, listUsers } from '@/api/settings';
import type { Role } from '@/bindings/Role';
import type { UserRow } from '@/bindings/UserRow';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import FirstDayChecklist from './FirstDayChecklist.vue';

vi.mock('@/api/settings', () => ({ listUsers: vi.fn(), getSettings: vi.fn() }));
vi.mock('@/api/reference', () => ({
  listDepartments: async () => [{ id: 1, name: '工程维修部', headUserId: null, active: true }],
  listCategories: async () => [{ id: 1, name: '维修', active: true }],
}));

function user(id: number, role: Role): UserRow {
  return { id, username: `u${id}`, displayName: `用户${id}`, role, roles: [role], departmentId: null, active: true };
}

async function mountChecklist(role: Role) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 1, username: 'admin', displayName: '管理员', role, roles: [role], departmentId: null };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/settings', name: 'settings', component: { render: () => null } },
    ],
  });
  const wrapper = mount(FirstDayChecklist, { global: { plugins: [pinia, i18n, ElementPlus, router] } });
  await flushPromises();
  return wrapper;
}

describe('FirstDayChecklist', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    localStorage.clear();
    vi.mocked(listUsers).mockReset();
    vi.mocked(getSettings).mockResolvedValue({ centerPhone: '' } as Awaited<ReturnType<typeof getSettings>>);
  });

  it('shows the administrator what a new desk needs, with links to the settings', async () => {
    vi.mocked(listUsers).mockResolvedValue([user(1, 'admin')]);
    localStorage.setItem('complaintdesk.settingsVisited', '["policy"]');
    const wrapper = await mountChecklist('admin');
    expect(wrapper.find('[data-testid="first-day"]').text()).toContain('开始使用');
    expect(wrapper.find('[data-testid="first-day-staff"]').attributes('data-done')).toBe('false');
    expect(wrapper.find('[data-testid="first-day-heads"]').attributes('data-done')).toBe('false');
    expect(wrapper.find('[data-testid="first-day-phone"]').attributes('data-done')).toBe('false');
    expect(wrapper.find('[data-testid="first-day-policy"]').attributes('data-done')).toBe('true');
    expect(wrapper.find('[data-testid="first-day-link-staff"]').attributes('href')).toBe('/settings?tab=users');
    expect(wrapper.find('[data-testid="first-day-link-policy"]').attributes('href')).toBe('/settings?tab=policy');
  });

  it('stays while a step is left, and is gone once all are done', async () => {
    vi.mocked(listUsers).mockResolvedValue([user(1, 'admin'), user(2, 'receptionist')]);
    const wrapper = await mountChecklist('admin');
    expect(wrapper.find('[data-testid="first-day-staff"]').attributes('data-done')).toBe('true');
    expect(wrapper.find('[data-testid="first-day-heads"]').attributes('data-done')).toBe('false');
  });

  it('asks nothing for anyone but the administrator', async () => {
    const wrapper = await mountChecklist('receptionist');
    expect(listUsers).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="first-day"]').exists()).toBe(false);
  });
});
