// @vitest-environment jsdom
import { invoke } from '@tauri-apps/api/core';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AppStatus } from '@/bindings/AppStatus';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import SetupView from './SetupView.vue';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const SERVER = "host='192.168.1.20' port=5432 dbname=complaintdesk user=complaintdesk_app password=***";

function status(change: Partial<AppStatus> = {}): AppStatus {
  return {
    needsSetup: true,
    centerName: null,
    timeZone: 'Asia/Shanghai',
    now: '2026-11-30T09:00:00+08:00',
    startupProblem: null,
    demo: false,
    server: null,
    ...change,
  };
}

function refusal(error: Partial<CommandError> & Pick<CommandError, 'kind'>): CommandError {
  return { message: '', messageEn: '', field: null, fields: [], until: null, ...error };
}

async function mountSetup(start: AppStatus = status()) {
  const pinia = createPinia();
  const session = useSessionStore(pinia);
  session.status = start;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/setup', name: 'setup', component: SetupView },
      { path: '/login', name: 'login', component: { render: () => null } },
    ],
  });
  await router.push('/setup');
  const wrapper = mount(SetupView, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n, ElementPlus, router] },
  });
  await flushPromises();
  return { wrapper, router, session };
}

type Mounted = Awaited<ReturnType<typeof mountSetup>>['wrapper'];

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

const byTestId = (wrapper: Mounted, id: string) => wrapper.find(`[data-testid="${id}"]`);

/** Chooses the server, types its address and password, and connects. */
async function connect(wrapper: Mounted) {
  await byTestId(wrapper, 'use-server').trigger('click');
  await wrapper.find('input[data-testid="server-host"]').setValue('192.168.1.20');
  await wrapper.find('input[data-testid="server-password"]').setValue('app-secret-1');
  await byTestId(wrapper, 'server-connect').trigger('click');
  await settled();
}

describe('SetupView', () => {
  let wrapper: Mounted | null = null;

  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
  });

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    document.body.innerHTML = '';
  });

  it('asks first how the desk is used, then shows the set-up form for a desk alone', async () => {
    ({ wrapper } = await mountSetup());
    expect(byTestId(wrapper, 'use-alone').text()).toContain('本机单机使用');
    expect(byTestId(wrapper, 'use-server').text()).toContain('连接中心服务器');
    expect(byTestId(wrapper, 'centerName').exists()).toBe(false);

    await byTestId(wrapper, 'use-alone').trigger('click');
    expect(wrapper.find('input[data-testid="centerName"]').exists()).toBe(true);
    expect(byTestId(wrapper, 'setup-on-server').exists()).toBe(false);

    await byTestId(wrapper, 'setup-back').trigger('click');
    expect(byTestId(wrapper, 'use-server').exists()).toBe(true);
  });

  it('offers the server with its usual database, user and port, and goes back to the choice', async () => {
    ({ wrapper } = await mountSetup());
    await byTestId(wrapper, 'use-server').trigger('click');
    expect(wrapper.find<HTMLInputElement>('[data-testid="server-port"] input').element.value).toBe('5432');
    expect(wrapper.find<HTMLInputElement>('input[data-testid="server-database"]').element.value).toBe('complaintdesk');
    expect(wrapper.find<HTMLInputElement>('input[data-testid="server-user"]').element.value).toBe('complaintdesk_app');
    expect(wrapper.find('input[data-testid="server-password"]').attributes('type')).toBe('password');
    expect(wrapper.text()).toContain('密码只保存在本机');

    await byTestId(wrapper, 'server-back').trigger('click');
    expect(byTestId(wrapper, 'use-alone').exists()).toBe(true);
  });

  it('connects with exactly the address typed, then sets up the new center on the server', async () => {
    vi.mocked(invoke).mockResolvedValue(status({ server: SERVER }));
    const mounted = await mountSetup();
    wrapper = mounted.wrapper;
    await connect(wrapper);

    expect(invoke).toHaveBeenCalledOnce();
    // The command and its arguments, nothing more and nothing less.
    expect(vi.mocked(invoke).mock.calls[0]?.slice(0, 2)).toStrictEqual([
      'connect_server',
      {
        input: {
          host: '192.168.1.20',
          port: 5432,
          database: 'complaintdesk',
          user: 'complaintdesk_app',
          password: 'app-secret-1',
        },
      },
    ]);
    expect(mounted.session.status?.server).toBe(SERVER);
    expect(mounted.router.currentRoute.value.name).toBe('setup');
    expect(wrapper.find('input[data-testid="centerName"]').exists()).toBe(true);
    expect(byTestId(wrapper, 'setup-on-server').text()).toBe(`将在中心服务器上完成首次设置：${SERVER}`);
    // The desk works on the server now: there is no going back to the choice.
    expect(byTestId(wrapper, 'setup-back').exists()).toBe(false);
  });

  it('shows the connect button busy until the server answers', async () => {
    let answer: (value: AppStatus) => void = () => {};
    vi.mocked(invoke).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    ({ wrapper } = await mountSetup());
    await connect(wrapper);
    expect(byTestId(wrapper, 'server-connect').classes()).toContain('is-loading');

    answer(status({ server: SERVER }));
    await settled();
    expect(wrapper.find('input[data-testid="centerName"]').exists()).toBe(true);
  });

  it('goes to the login page when the center on the server is already set up', async () => {
    vi.mocked(invoke).mockResolvedValue(
      status({ needsSetup: false, centerName: '阳光花园物业服务中心', server: SERVER }),
    );
    const mounted = await mountSetup();
    wrapper = mounted.wrapper;
    await connect(wrapper);
    expect(mounted.router.currentRoute.value.name).toBe('login');
    expect(mounted.session.needsSetup).toBe(false);
  });

  it('says a bad field under its input and stays on the page', async () => {
    vi.mocked(invoke).mockRejectedValue(
      refusal({
        kind: 'validation',
        message: '服务器地址只能是主机名或 IP 地址',
        messageEn: 'Server address must be a host name or an IP address',
        field: 'serverHost',
        fields: [
          {
            field: 'serverHost',
            message: '服务器地址只能是主机名或 IP 地址',
            messageEn: 'Server address must be a host name or an IP address',
          },
        ],
      }),
    );
    const mounted = await mountSetup();
    wrapper = mounted.wrapper;
    await connect(wrapper);
    expect(byTestId(wrapper, 'field-error-serverHost').text()).toBe('服务器地址只能是主机名或 IP 地址');
    expect(byTestId(wrapper, 'server-error').exists()).toBe(false);
    expect(wrapper.find('input[data-testid="server-host"]').exists()).toBe(true);
    expect(mounted.router.currentRoute.value.name).toBe('setup');
    expect(mounted.session.status?.server).toBeNull();
  });

  it('says why the server could not be reached, in the window’s language', async () => {
    vi.mocked(invoke).mockRejectedValue(
      refusal({
        kind: 'storage',
        message: '无法连接中心服务器：连接超时',
        messageEn: "The center's server could not be reached: timed out",
      }),
    );
    ({ wrapper } = await mountSetup());
    await connect(wrapper);
    expect(byTestId(wrapper, 'server-error').text()).toBe('无法连接中心服务器：连接超时');

    setLocale('en-US');
    await flushPromises();
    expect(byTestId(wrapper, 'server-error').text()).toBe("The center's server could not be reached: timed out");
    expect(byTestId(wrapper, 'server-connect').exists()).toBe(true);
  });

  it('skips the choice when the desk already works on the server', async () => {
    ({ wrapper } = await mountSetup(status({ server: SERVER })));
    expect(byTestId(wrapper, 'use-alone').exists()).toBe(false);
    expect(wrapper.find('input[data-testid="centerName"]').exists()).toBe(true);
    expect(byTestId(wrapper, 'setup-on-server').text()).toContain(SERVER);
  });
});
