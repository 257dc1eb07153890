// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessageBox } from 'element-plus';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { listBackups, restoreBackup } from '@/api/safety';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import StartupProblemView from './StartupProblemView.vue';

vi.mock('element-plus', async (importOriginal) => {
  const actual = await importOriginal<typeof import('element-plus')>();
  return {
    ...actual,
    ElMessage: Object.assign(vi.fn(), { error: vi.fn(), closeAll: vi.fn() }),
    ElMessageBox: { confirm: vi.fn(async () => 'confirm') },
    ElNotification: Object.assign(vi.fn(), { success: vi.fn(), error: vi.fn(), closeAll: vi.fn() }),
  };
});
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@/api/safety', () => ({ listBackups: vi.fn(), restoreBackup: vi.fn() }));

const OWN = '/data/backups/complaintdesk-20261130-090000.db';

function refusal(kind: CommandError['kind'], message: string, messageEn: string): CommandError {
  return { kind, message, messageEn, field: null, fields: [], until: null };
}

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/startup-problem', name: 'startup-problem', component: StartupProblemView },
      { path: '/login', name: 'login', component: { render: () => null } },
    ],
  });
  await router.push('/startup-problem');
  const wrapper = mount(StartupProblemView, {
    attachTo: document.body,
    global: { plugins: [createPinia(), i18n, ElementPlus, router] },
  });
  await flushPromises();
  return wrapper;
}

/** The dialog is appended to the body. */
const inBody = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function type(id: string, value: string) {
  const input = inBody(id)!.matches('input') ? inBody(id)! : inBody(id)!.querySelector('input')!;
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await flushPromises();
}

async function clickIn(id: string) {
  inBody(id)!.click();
  await flushPromises();
}

describe('StartupProblemView', () => {
  let wrapper: Awaited<ReturnType<typeof mountPage>> | null = null;

  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
    vi.mocked(listBackups).mockResolvedValue([{ path: OWN, takenAt: '2026-11-30T09:00:00+08:00', bytes: 4096 }]);
  });

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    document.body.innerHTML = '';
  });

  it("asks for the file's administrator before the file dialog, and sends it", async () => {
    wrapper = await mountPage();
    await clickIn('restore-file');
    expect(inBody('restore-admin-dialog')?.textContent).toMatch(/须输入该文件中的系统管理员账号和密码/);
    expect(restoreBackup).not.toHaveBeenCalled();

    vi.mocked(restoreBackup).mockResolvedValue(null); // The file dialog cancelled.
    await type('restore-admin-name', ' admin ');
    await type('restore-admin-password', 'Admin@12345');
    await clickIn('restore-admin-go');
    expect(restoreBackup).toHaveBeenCalledWith(null, { name: 'admin', password: 'Admin@12345' });
    // One question is enough: the dialog said what a restore does.
    expect(ElMessageBox.confirm).not.toHaveBeenCalled();
  });

  it('restores an own backup from the file dialog without a login', async () => {
    wrapper = await mountPage();
    await clickIn('restore-file');
    vi.mocked(restoreBackup).mockResolvedValue(null);
    await clickIn('restore-admin-go');
    expect(restoreBackup).toHaveBeenCalledWith(null, undefined);
  });

  it('closes the dialog without restoring', async () => {
    wrapper = await mountPage();
    await clickIn('restore-file');
    inBody('restore-admin-dialog')!.querySelector<HTMLElement>('[data-testid="dialog-cancel"]')!.click();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 400)); // The dialog fades out.
    expect(inBody('restore-admin-dialog')).toBeNull();
    expect(restoreBackup).not.toHaveBeenCalled();
  });

  it('shows a refusal in the dialog, in the backend words, and clears the password', async () => {
    wrapper = await mountPage();
    await clickIn('restore-file');
    vi.mocked(restoreBackup).mockRejectedValue(
      refusal(
        'notPermitted',
        '该文件的管理员账号或密码错误，未作任何替换',
        'Wrong administrator name or password for this file; nothing was replaced',
      ),
    );
    await type('restore-admin-name', 'admin');
    await type('restore-admin-password', 'wrong');
    await clickIn('restore-admin-go');
    const shown = inBody('restore-admin-dialog')?.querySelector('[data-testid="restore-refusal"]');
    expect(shown?.textContent).toContain('该文件的管理员账号或密码错误，未作任何替换');
    expect((inBody('restore-admin-password') as HTMLInputElement).value).toBe('');
    expect((inBody('restore-admin-name') as HTMLInputElement).value).toBe('admin');

    setLocale('en-US');
    await flushPromises();
    expect(shown?.textContent).toContain('Wrong administrator name or password for this file');
  });

  it('restores a listed own backup without a login, a refusal above the table', async () => {
    wrapper = await mountPage();
    vi.mocked(restoreBackup).mockRejectedValue(
      refusal('storage', '不能用此文件恢复：审计日志末尾被截去', 'This file cannot be restored: the end was cut off'),
    );
    await wrapper.find('[data-testid="backup-restore"]').trigger('click');
    await flushPromises();
    expect(ElMessageBox.confirm).toHaveBeenCalled();
    expect(restoreBackup).toHaveBeenCalledWith(OWN, undefined);
    expect(wrapper.find('[data-testid="restore-refusal"]').text()).toContain('不能用此文件恢复：审计日志末尾被截去');
  });
});
