// @vitest-environment jsdom
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { listUsers } from '@/api/settings';
import type { UserRow } from '@/bindings/UserRow';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import { useUserDirectoryStore } from '@/stores/users';
import UserSettings from './UserSettings.vue';

vi.mock('@/api/settings', () => ({ listUsers: vi.fn(), createUser: vi.fn(), updateUser: vi.fn() }));
vi.mock('@/api/reference', () => ({
  listDepartments: async () => [{ id: 3, name: '工程维修部', headUserId: null, active: true }],
  listCategories: async () => [],
}));

const USERS: UserRow[] = [
  {
    id: 1,
    username: 'admin',
    displayName: '李主任',
    role: 'admin',
    roles: ['admin'],
    departmentId: null,
    active: true,
  },
  {
    id: 2,
    username: 'lijing',
    displayName: '李静',
    role: 'receptionist',
    roles: ['receptionist', 'supervisor'],
    departmentId: null,
    active: true,
  },
];

async function mountSettings() {
  const pinia = createPinia();
  useSessionStore(pinia).user = {
    id: 1,
    username: 'admin',
    displayName: '李主任',
    role: 'admin',
    roles: ['admin'],
    departmentId: null,
  };
  vi.mocked(listUsers).mockResolvedValue(USERS);
  await useUserDirectoryStore(pinia).load();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  const wrapper = mount(UserSettings, {
    global: { plugins: [pinia, i18n, ElementPlus, router] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

const rowOf = (wrapper: Awaited<ReturnType<typeof mountSettings>>, username: string) =>
  wrapper.findAll('tbody tr').find((row) => row.find(`[data-testid="user-row-${username}"]`).exists())!;

describe('UserSettings', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
  });

  it('shows every role a user holds, the main one first', async () => {
    const wrapper = await mountSettings();
    const tags = rowOf(wrapper, 'lijing').findAll('[data-testid="role-tags"] .el-tag');
    expect(tags.map((tag) => tag.text())).toEqual(['接待员', '公共事务部主管']);
  });

  it('opens the user dialog in editing from the row’s 编辑', async () => {
    const wrapper = await mountSettings();
    await rowOf(wrapper, 'lijing').find('[data-testid="user-edit"]').trigger('click');
    await flushPromises();
    const dialog = new DOMWrapper(document.body).find('[data-testid="user-dialog"]');
    expect(dialog.find('.el-dialog__title').text()).toBe('编辑用户：李静');
    expect(dialog.find('[data-testid="user-extraRoles"]').text()).toContain('公共事务部主管');
    expect(dialog.find('[data-testid="user-password"]').exists()).toBe(false);
  });
});
