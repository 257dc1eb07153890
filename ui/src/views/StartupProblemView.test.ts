// @vitest-environment jsdom
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessageBox } from 'element-plus';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { listBackups, restoreBackup } from '@/api/safety';
import type { AppStatus } from '@/bindings/AppStatus';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
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
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));
vi.mock('@/api/safety', () => ({ listBackups: vi.fn(), restoreBackup: vi.fn() }));

const OWN = '/data/backups/complaintdesk-20261130-090000.db';

function refusal(kind: CommandError['kind'], message: string, messageEn: string): CommandError {
  return { kind, message, messageEn, field: null, fields: [], until: null };
}

const SERVER = 'complaint@192.168.1.20:5432/complaintdesk';

/** A desk on the center's server that could not reach it at start. */
const unreachable: AppStatus = {
  needsSetup: false,
  centerName: null,
  timeZone: 'Asia/Shanghai',
  now: '2026-11-30T09:00:00+08:00',
  startupProblem: '无法连接中心服务器 192.168.1.20:5432：连接被拒绝',
  demo: false,
  server: SERVER,
};

async function mountPage(status: AppStatus | null = null) {
  const pinia = createPinia();
  useSessionStore(pinia).status = status;
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
    global: { plugins: [pinia, i18n, ElementPlus, router] },
  });
  await flushPromises();
  return Object.assign(wrapper, { router });
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

  describe("on a desk of the center's server", () => {
    let reconnected: () => void = () => {};

    beforeEach(() => {
      vi.mocked(listen).mockImplementation(async (event, handler) => {
        expect(event).toBe('server-reconnected');
        reconnected = () => handler({ event: 'server-reconnected', id: 1, payload: null });
        return () => {};
      });
      // Read again once listening: still out of reach.
      vi.mocked(invoke).mockImplementation(async (command) => {
        expect(command).toBe('app_status');
        return unreachable;
      });
    });

    it('says it keeps trying, and offers no restore', async () => {
      wrapper = await mountPage(unreachable);
      expect(wrapper.find('[data-testid="startup-problem-message"]').text()).toBe(unreachable.startupProblem);
      expect(wrapper.find('[data-testid="startup-retrying"]').text()).toBe('正在每隔几秒重试连接中心服务器……');
      expect(wrapper.text()).not.toContain('可从下列备份之一恢复');
      expect(wrapper.find('[data-testid="restore-file"]').exists()).toBe(false);
      expect(wrapper.find('[data-testid="backup-restore"]').exists()).toBe(false);
      expect(listBackups).not.toHaveBeenCalled();

      setLocale('en-US');
      await flushPromises();
      expect(wrapper.find('[data-testid="startup-retrying"]').text()).toBe(
        "Trying again every few seconds to reach the center's server…",
      );
    });

    it('goes on to the login page once the server is reached', async () => {
      wrapper = await mountPage(unreachable);
      expect(listen).toHaveBeenCalledOnce();
      expect(wrapper.router.currentRoute.value.name).toBe('startup-problem');

      vi.mocked(invoke).mockResolvedValue({ ...unreachable, startupProblem: null, centerName: '阳光花园物业服务中心' });
      const before = vi.mocked(invoke).mock.calls.length;
      reconnected();
      await flushPromises();
      expect(vi.mocked(invoke).mock.calls.length).toBe(before + 1);
      expect(wrapper.router.currentRoute.value.name).toBe('login');
    });

    it('goes on at once when the server was reached before the page listened', async () => {
      vi.mocked(invoke).mockResolvedValue({ ...unreachable, startupProblem: null });
      wrapper = await mountPage(unreachable);
      expect(wrapper.router.currentRoute.value.name).toBe('login');
    });
  });

  it('does not listen for the server on a desk of its own file', async () => {
    wrapper = await mountPage({ ...unreachable, server: null, startupProblem: '数据库文件已损坏' });
    expect(listen).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="startup-retrying"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="restore-file"]').exists()).toBe(true);
  });
});
