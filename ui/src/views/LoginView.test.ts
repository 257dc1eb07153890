// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElNotification } from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { login } from '@/api/session';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import { useConnectionStore } from '@/stores/connection';
import { useSessionStore } from '@/stores/session';
import LoginView from './LoginView.vue';

vi.mock('element-plus', async (importOriginal) => {
  const actual = await importOriginal<typeof import('element-plus')>();
  return {
    ...actual,
    ElNotification: Object.assign(vi.fn(), { error: vi.fn(), closeAll: vi.fn() }),
  };
});
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

async function mountLogin() {
  const pinia = createPinia();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginView },
      { path: '/', name: 'dashboard', component: { render: () => null } },
    ],
  });
  await router.push('/login');
  const wrapper = mount(LoginView, { global: { plugins: [pinia, i18n, ElementPlus, router] } });
  return { wrapper, session: useSessionStore(pinia), connection: useConnectionStore(pinia) };
}

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

async function logInRefused(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'], error: CommandError) {
  vi.mocked(login).mockRejectedValue(error);
  await wrapper.find('input[data-testid="username"]').setValue('chenjing');
  await wrapper.find('input[data-testid="password"]').setValue('secret-1');
  await wrapper.find('form').trigger('submit');
  await settled();
}

const generalError = (wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) =>
  wrapper.find('[data-testid="login-error"]');

describe('LoginView', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
  });

  it('says a wrong password under the password field', async () => {
    const { wrapper } = await mountLogin();
    await logInRefused(
      wrapper,
      refusal({ kind: 'wrongPassword', message: '用户名或密码错误', messageEn: 'Wrong user name or password' }),
    );
    expect(wrapper.find('[data-testid="field-error-password"]').text()).toBe('用户名或密码错误');
    expect(generalError(wrapper).exists()).toBe(false);

    setLocale('en-US');
    await settled();
    expect(wrapper.find('[data-testid="field-error-password"]').text()).toBe('Wrong user name or password');
  });

  it('says until when a locked account waits, in the window’s language', async () => {
    const { wrapper } = await mountLogin();
    await logInRefused(
      wrapper,
      refusal({
        kind: 'accountLocked',
        message: '密码错误次数过多，账号已暂时锁定',
        messageEn: 'Too many wrong passwords',
        until: '2026-11-28T14:35:00+08:00',
      }),
    );
    expect(generalError(wrapper).text()).toContain('账号已暂时锁定，请于 14:35 后再试');

    setLocale('en-US');
    await settled();
    expect(generalError(wrapper).text()).toContain('account locked until 14:35');
  });

  it('shows why a disabled account was sent here, until the next try', async () => {
    const { wrapper, session } = await mountLogin();
    session.farewell = refusal({
      kind: 'accountDisabled',
      message: '账号已停用，请联系系统管理员',
      messageEn: 'This account is disabled: ask the administrator',
    });
    await flushPromises();
    expect(generalError(wrapper).text()).toBe('账号已停用，请联系系统管理员');
    setLocale('en-US');
    await flushPromises();
    expect(generalError(wrapper).text()).toBe('This account is disabled: ask the administrator');

    await logInRefused(wrapper, refusal({ kind: 'wrongPassword', message: '用户名或密码错误' }));
    expect(session.farewell).toBeNull();
    expect(generalError(wrapper).exists()).toBe(false);
  });

  it('names the center’s server under the form, and nothing on a desk’s own file', async () => {
    const { wrapper, session } = await mountLogin();
    const status = {
      needsSetup: false,
      centerName: '阳光花园物业服务中心',
      timeZone: 'Asia/Shanghai',
      now: '2026-11-30T09:00:00+08:00',
      startupProblem: null,
      demo: false,
      server: null,
    };
    session.status = status;
    await flushPromises();
    expect(wrapper.find('[data-testid="login-server"]').exists()).toBe(false);

    session.status = { ...status, server: "host='192.168.1.20' port=5432 dbname=complaintdesk" };
    await flushPromises();
    expect(wrapper.find('[data-testid="login-server"]').text()).toBe(
      "中心服务器：host='192.168.1.20' port=5432 dbname=complaintdesk",
    );
    setLocale('en-US');
    await flushPromises();
    expect(wrapper.find('[data-testid="login-server"]').text()).toBe(
      "Center's server: host='192.168.1.20' port=5432 dbname=complaintdesk",
    );
  });

  it('keeps an internal failure on screen as a notification', async () => {
    const { wrapper } = await mountLogin();
    await logInRefused(wrapper, refusal({ kind: 'internal', message: '程序内部错误（login），详情已记入日志' }));
    expect(ElNotification.error).toHaveBeenCalledWith(
      expect.objectContaining({ message: '程序内部错误（login），详情已记入日志', duration: 0 }),
    );
  });

  it('says a lost server in the banner only, keeping the password', async () => {
    const { wrapper, connection } = await mountLogin();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
    await logInRefused(
      wrapper,
      refusal({
        kind: 'offline',
        message: '与中心服务器的连接已中断，本次操作未保存',
        messageEn: "The connection to the center's server is lost; nothing was saved",
      }),
    );
    expect(wrapper.find('[data-testid="offline-banner"]').text()).toBe(
      '与中心服务器的连接已中断，正在重新连接……页面上的内容为断开前的数据，期间的操作不会保存。',
    );
    expect(generalError(wrapper).exists()).toBe(false);
    expect(ElNotification.error).not.toHaveBeenCalled();
    expect((wrapper.find('input[data-testid="password"]').element as HTMLInputElement).value).toBe('secret-1');

    setLocale('en-US');
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').text()).toBe(
      "The connection to the center's server is lost; reconnecting… What you see is as it was before; nothing done meanwhile is saved.",
    );
    connection.reset(); // No tries left running after the test.
  });
});
