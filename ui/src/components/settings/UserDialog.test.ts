// @vitest-environment jsdom
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createUser, updateUser } from '@/api/settings';
import type { CommandError } from '@/bindings/CommandError';
import type { UserRow } from '@/bindings/UserRow';
import { i18n, setLocale } from '@/locales';
import { useReferenceStore } from '@/stores/reference';
import UserDialog from './UserDialog.vue';

vi.mock('@/api/settings', () => ({ createUser: vi.fn(), updateUser: vi.fn() }));

const HEAD: UserRow = {
  id: 4,
  username: 'gongcheng',
  displayName: '吴涛',
  role: 'departmentHead',
  roles: ['departmentHead'],
  departmentId: 3,
  active: true,
};

function mountDialog(user?: UserRow) {
  const pinia = createPinia();
  useReferenceStore(pinia).departments = [
    { id: 3, name: '工程维修部', headUserId: 4, active: true },
    { id: 5, name: '秩序维护部', headUserId: null, active: true },
  ];
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  return mount(UserDialog, {
    props: { user },
    global: { plugins: [pinia, i18n, ElementPlus, router] },
    attachTo: document.body,
  });
}

// The dialog and the dropdowns are teleported to the body.
const find = (selector: string) => new DOMWrapper(document.body).find(selector);
const options = (dropdown: string) =>
  new DOMWrapper(document.body).findAll(`.dropdown-${dropdown} .el-select-dropdown__item`);

async function pick(dropdown: string, label: string) {
  // A role's option shows its duties under the name.
  const option = options(dropdown).find(
    (item) =>
      (item.find('[data-option-label]').exists() ? item.find('[data-option-label]').text() : item.text()) === label,
  );
  if (!option) throw new Error(`no ${label} in ${dropdown}`);
  await option.trigger('click');
  await flushPromises();
}

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

describe('UserDialog', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
    vi.mocked(createUser).mockReset();
    vi.mocked(updateUser).mockReset();
  });

  it('shows each role with its duties, the main one’s under the picker', async () => {
    mountDialog();
    await flushPromises();
    const [receptionist, supervisor] = options('user-role');
    expect(receptionist?.find('[data-option-label]').text()).toBe('接待员');
    expect(receptionist?.text()).toContain('登记投诉、派发');
    expect(supervisor?.text()).toContain('转呈、回访、重新处理、归档，处理轻微投诉');
    expect(find('[data-testid="user-role-duties"]').text()).toContain('登记投诉');
    // Beside the receptionist: any other role but the administrator.
    expect(options('user-extraRoles').map((item) => item.find('[data-option-label]').text())).toEqual([
      '公共事务部主管',
      '部门主管',
      '管理处主管经理',
      '公司总经理',
      '品质部',
      '巡楼组',
    ]);
  });

  it('creates a receptionist who is also the supervisor', async () => {
    vi.mocked(createUser).mockResolvedValue({ displayName: '李静' } as never);
    const wrapper = mountDialog();
    await flushPromises();
    expect(find('[data-testid="user-dialog"] .el-dialog__title').text()).toBe('新增用户');
    await find('input[data-testid="user-username"]').setValue('lijing');
    await find('input[data-testid="user-displayName"]').setValue(' 李静 ');
    await pick('user-extraRoles', '公共事务部主管');
    await find('input[data-testid="user-password"]').setValue('Lijing@2026');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(createUser).toHaveBeenCalledWith({
      username: 'lijing',
      displayName: '李静',
      password: 'Lijing@2026',
      role: 'receptionist',
      extraRoles: ['supervisor'],
      departmentId: null,
    });
    expect(wrapper.emitted('saved')).toEqual([['李静']]);
  });

  it('drops an extra role that becomes the main one', async () => {
    mountDialog();
    await flushPromises();
    await pick('user-extraRoles', '公共事务部主管');
    await pick('user-role', '公共事务部主管');
    expect(find('[data-testid="user-extraRoles"]').text()).not.toContain('公共事务部主管');
    await pick('user-role', '系统管理员');
    expect(find('[data-testid="user-extraRoles"] .el-select__wrapper').classes()).toContain('is-disabled');
  });

  it('edits name, roles and department, without login name or password', async () => {
    vi.mocked(updateUser).mockResolvedValue({ ...HEAD, departmentId: 5 });
    const wrapper = mountDialog(HEAD);
    await flushPromises();
    expect(find('[data-testid="user-dialog"] .el-dialog__title').text()).toBe('编辑用户：吴涛');
    expect(find('[data-testid="user-username"]').exists()).toBe(false);
    expect(find('[data-testid="user-password"]').exists()).toBe(false);
    expect(find('input[data-testid="user-displayName"]').element).toHaveProperty('value', '吴涛');
    await pick('user-departmentId', '秩序维护部');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(updateUser).toHaveBeenCalledWith(4, {
      displayName: '吴涛',
      role: 'departmentHead',
      extraRoles: [],
      departmentId: 5,
    });
    expect(wrapper.emitted('saved')).toEqual([['吴涛']]);
  });

  it('asks for a department in editing only from a department head', async () => {
    mountDialog({ ...HEAD, role: 'receptionist', roles: ['receptionist'], departmentId: null });
    await flushPromises();
    expect(find('[data-testid="user-departmentId"]').exists()).toBe(false);
    await pick('user-extraRoles', '部门主管');
    expect(find('[data-testid="user-departmentId"]').exists()).toBe(true);
  });

  it('puts a refusal under the field it names', async () => {
    const refused: CommandError = {
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [{ field: 'extraRoles', message: '系统管理员不能兼任其他角色', messageEn: 'No other role' }],
      until: null,
    };
    vi.mocked(updateUser).mockRejectedValue(refused);
    const wrapper = mountDialog(HEAD);
    await flushPromises();
    await find('[data-testid="dialog-submit"]').trigger('click');
    await settled();
    expect(find('[data-testid="field-error-extraRoles"]').text()).toBe('系统管理员不能兼任其他角色');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });
});
