// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import { ElMessage, ElNotification } from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { logout } from '@/api/session';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import { useConnectionStore } from '@/stores/connection';
import { useSessionStore } from '@/stores/session';
import { useErrorReport, type ErrorReportOptions } from './useErrorReport';

vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: Object.assign(vi.fn(), { error: vi.fn(), success: vi.fn(), closeAll: vi.fn() }),
  ElNotification: Object.assign(vi.fn(), { error: vi.fn(), warning: vi.fn(), closeAll: vi.fn() }),
}));
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@/api/session', () => ({
  login: vi.fn(),
  logout: vi.fn(async () => {}),
  sessionState: vi.fn(),
  lockSession: vi.fn(),
  unlockSession: vi.fn(),
}));

function refusal(error: Partial<CommandError> & Pick<CommandError, 'kind'>): CommandError {
  return { message: '', messageEn: '', field: null, fields: [], until: null, ...error };
}

const Empty = { render: () => null };

async function setUp(options: ErrorReportOptions = {}) {
  const pinia = createPinia();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Empty },
      { path: '/login', name: 'login', component: Empty },
      { path: '/complaints/:id', name: 'complaint', component: Empty },
    ],
  });
  await router.push('/complaints/7');
  let report: (reason: unknown) => void = () => {};
  const Probe = defineComponent({
    setup() {
      report = useErrorReport(options);
      return () => null;
    },
  });
  mount(Probe, { global: { plugins: [pinia, i18n, router] } });
  const session = useSessionStore(pinia);
  session.user = {
    id: 3,
    username: 'chenjing',
    displayName: '陈静',
    role: 'receptionist',
    roles: ['receptionist'],
    departmentId: null,
  };
  return { report, router, session, connection: useConnectionStore(pinia) };
}

const lastToast = () => vi.mocked(ElMessage.error).mock.lastCall?.[0] as { message: string };
const lastNotification = () =>
  vi.mocked(ElNotification.error).mock.lastCall?.[0] as { title: string; message: string; duration: number };

describe('useErrorReport', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
  });

  it('shows the message in the window’s language', async () => {
    const { report } = await setUp();
    const error = refusal({ kind: 'notFound', message: '投诉不存在', messageEn: 'No such complaint' });
    report(error);
    expect(lastToast().message).toBe('找不到该记录：投诉不存在');
    setLocale('en-US');
    report(error);
    expect(lastToast().message).toBe('The record was not found: No such complaint');
  });

  it('sends an ended session to the login page, back to this screen afterwards', async () => {
    const { report, router, session } = await setUp();
    report(refusal({ kind: 'sessionExpired', message: '请先登录', messageEn: 'Please log in first' }));
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/complaints/7');
    expect(session.user).toBeNull();
    expect(lastToast().message).toContain('请先登录');
  });

  it('sends no other kind to the login page', async () => {
    const { report, router, session } = await setUp();
    for (const kind of ['notPermitted', 'wrongPassword', 'accountLocked', 'conflict', 'storage'] as const) {
      report(refusal({ kind, message: '不行' }));
    }
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('complaint');
    expect(session.user).not.toBeNull();
  });

  it('logs a disabled account out, to the login page that says why', async () => {
    const { report, router, session } = await setUp();
    const disabled = refusal({
      kind: 'accountDisabled',
      message: '账号已停用，请联系系统管理员',
      messageEn: 'This account is disabled: ask the administrator',
    });
    report(disabled);
    await flushPromises();
    expect(logout).toHaveBeenCalledOnce();
    expect(session.user).toBeNull();
    expect(session.farewell).toEqual(disabled);
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('shows a locked account with the time it opens again', async () => {
    const { report } = await setUp();
    const locked = refusal({ kind: 'accountLocked', message: '账号已暂时锁定', until: '2026-11-28T14:35:00+08:00' });
    report(locked);
    expect(lastToast().message).toContain('请于 14:35 后再试');
    setLocale('en-US');
    report(locked);
    expect(lastToast().message).toContain('locked until 14:35');
  });

  it('keeps an internal failure on screen until it is closed', async () => {
    const { report } = await setUp();
    const internal = refusal({
      kind: 'internal',
      message: '程序内部错误（complaint_detail），详情已记入日志 /data/complaintdesk.log',
      messageEn: 'Internal error (complaint_detail): the details are in the log /data/complaintdesk.log',
    });
    report(internal);
    expect(lastNotification()).toMatchObject({
      title: '程序内部错误',
      message: internal.message,
      duration: 0,
    });
    setLocale('en-US');
    report(internal);
    expect(lastNotification()).toMatchObject({ title: 'Internal error', message: internal.messageEn, duration: 0 });
    expect(ElMessage.error).not.toHaveBeenCalled();
  });

  it('reloads the view after a conflict, and only then', async () => {
    const reload = vi.fn();
    const { report } = await setUp({ reload });
    report(refusal({ kind: 'notFound', message: '投诉不存在' }));
    expect(reload).not.toHaveBeenCalled();
    report(refusal({ kind: 'conflict', message: '该投诉已被其他终端更新，请刷新后重试' }));
    expect(reload).toHaveBeenCalledOnce();
    expect(lastToast().message).toContain('该投诉已被其他终端更新');
  });

  it('says nothing when the desk is locked: the lock screen is up', async () => {
    const { report } = await setUp();
    report(refusal({ kind: 'locked', message: '工作台已锁定' }));
    expect(ElMessage.error).not.toHaveBeenCalled();
    expect(ElNotification.error).not.toHaveBeenCalled();
  });

  it('says nothing of a lost server but puts the window offline: its banner says it', async () => {
    const { report, router, session, connection } = await setUp();
    report(refusal({ kind: 'offline', message: '与中心服务器的连接已中断' }));
    await flushPromises();
    expect(connection.offline).toBe(true);
    expect(ElMessage.error).not.toHaveBeenCalled();
    expect(ElNotification.error).not.toHaveBeenCalled();
    expect(router.currentRoute.value.name).toBe('complaint');
    expect(session.user).not.toBeNull();
    connection.reset();
  });
});
