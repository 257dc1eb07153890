// @vitest-environment jsdom
import { invoke } from '@tauri-apps/api/core';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessage, ElNotification } from 'element-plus';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { dashboard } from '@/api/complaints';
import type { CommandError } from '@/bindings/CommandError';
import type { Dashboard } from '@/bindings/Dashboard';
import { useComplaintsChanged } from '@/composables/useComplaintsChanged';
import { useErrorReport } from '@/composables/useErrorReport';
import { i18n, setLocale } from '@/locales';
import { RECONNECT_EVERY_MS, useConnectionStore } from '@/stores/connection';
import { useSessionStore } from '@/stores/session';
import MainLayout from './MainLayout.vue';

vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: Object.assign(vi.fn(), { error: vi.fn(), success: vi.fn(), closeAll: vi.fn() }),
  ElNotification: Object.assign(vi.fn(), { error: vi.fn(), warning: vi.fn(), closeAll: vi.fn() }),
}));
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

const OFFLINE: CommandError = {
  kind: 'offline',
  message: '与中心服务器的连接已中断，本次操作未保存',
  messageEn: "The connection to the center's server is lost; nothing was saved",
  field: null,
  fields: [],
  until: null,
};

/** A screen that reads from the backend and follows `complaints-changed`, like the dashboard. */
const Screen = defineComponent({
  setup() {
    const report = useErrorReport();
    const shown = ref('');
    async function load(): Promise<void> {
      try {
        shown.value = (await dashboard()).now;
      } catch (reason) {
        report(reason);
      }
    }
    void load();
    useComplaintsChanged(() => void load());
    return () =>
      h('div', [
        h('span', { 'data-testid': 'shown' }, shown.value),
        h('button', { 'data-testid': 'reload', onClick: () => void load() }),
      ]);
  },
});

/** What the backend answers, command by command; a function may throw (a refusal). */
let answers: Record<string, () => unknown> = {};

async function mountLayout() {
  const pinia = createPinia();
  const session = useSessionStore(pinia);
  session.user = {
    id: 3,
    username: 'chenjing',
    displayName: '陈静',
    role: 'receptionist',
    roles: ['receptionist'],
    departmentId: null,
  };
  const router = createRouter({
    history: createMemoryHistory(),
    // The layout is mounted itself: its router-view shows the screen.
    routes: [{ path: '/', name: 'dashboard', component: Screen }],
  });
  await router.push('/');
  const wrapper = mount(MainLayout, {
    global: {
      plugins: [pinia, i18n, ElementPlus, router],
      stubs: { AppHeader: true, LockOverlay: true },
    },
  });
  await flushPromises();
  return { wrapper, connection: useConnectionStore(pinia) };
}

const board = (now: string) => ({ now }) as unknown as Dashboard;
const calls = (command: string) => vi.mocked(invoke).mock.calls.filter(([name]) => name === command).length;

describe('MainLayout offline', () => {
  let connection: ReturnType<typeof useConnectionStore> | null = null;

  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    answers = { dashboard: () => board('2026-12-01T09:00:00+08:00') };
    vi.mocked(invoke).mockImplementation(async (command) => {
      const answer = answers[command];
      if (!answer) throw new Error(`unexpected command ${command}`);
      return answer();
    });
  });

  afterEach(() => {
    connection?.reset();
    connection = null;
    vi.useRealTimers();
  });

  it('shows a banner, not a red message, and keeps what the screen showed', async () => {
    const mounted = await mountLayout();
    connection = mounted.connection;
    const { wrapper } = mounted;
    expect(wrapper.find('[data-testid="shown"]').text()).toBe('2026-12-01T09:00:00+08:00');
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);

    answers.dashboard = () => {
      throw OFFLINE;
    };
    answers.app_status = () => {
      throw OFFLINE;
    };
    await wrapper.find('[data-testid="reload"]').trigger('click');
    await flushPromises();
    const banner = wrapper.find('[data-testid="offline-banner"]');
    expect(banner.text()).toBe(
      '与中心服务器的连接已中断，正在重新连接……页面上的内容为断开前的数据，期间的操作不会保存。',
    );
    expect(wrapper.find('[data-testid="shown"]').text()).toBe('2026-12-01T09:00:00+08:00');
    expect(ElMessage.error).not.toHaveBeenCalled();
    expect(ElNotification.error).not.toHaveBeenCalled();

    // Refused again while offline: still the one banner, still no message.
    await wrapper.find('[data-testid="reload"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="offline-banner"]')).toHaveLength(1);
    expect(ElMessage.error).not.toHaveBeenCalled();

    setLocale('en-US');
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').text()).toBe(
      "The connection to the center's server is lost; reconnecting… What you see is as it was before; nothing done meanwhile is saved.",
    );
  });

  it('tries every few seconds; the first answer ends it, says so and reads the screen again', async () => {
    const mounted = await mountLayout();
    connection = mounted.connection;
    const { wrapper } = mounted;
    answers.dashboard = () => {
      throw OFFLINE;
    };
    answers.app_status = () => {
      throw OFFLINE;
    };
    await wrapper.find('[data-testid="reload"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(true);
    expect(calls('app_status')).toBe(0);

    // Still out of reach at the first try.
    await vi.advanceTimersByTimeAsync(RECONNECT_EVERY_MS);
    await flushPromises();
    expect(calls('app_status')).toBe(1);
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(true);
    expect(ElMessage.success).not.toHaveBeenCalled();

    // The server answers at the next.
    answers.app_status = () => ({ server: 'complaint@192.168.1.20:5432/complaints', startupProblem: null });
    answers.dashboard = () => board('2026-12-01T09:05:00+08:00');
    const dashboardCalls = calls('dashboard');
    await vi.advanceTimersByTimeAsync(RECONNECT_EVERY_MS);
    await flushPromises();
    expect(calls('app_status')).toBe(2);
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
    expect(ElMessage.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已重新连接中心服务器' }));
    expect(calls('dashboard')).toBe(dashboardCalls + 1);
    expect(wrapper.find('[data-testid="shown"]').text()).toBe('2026-12-01T09:05:00+08:00');

    // No more tries once back.
    await vi.advanceTimersByTimeAsync(RECONNECT_EVERY_MS * 3);
    expect(calls('app_status')).toBe(2);
  });

  it('says it is back in English too', async () => {
    setLocale('en-US');
    const mounted = await mountLayout();
    connection = mounted.connection;
    answers.app_status = () => ({ server: 'complaint@192.168.1.20:5432/complaints', startupProblem: null });
    connection.lost();
    await flushPromises();
    expect(mounted.wrapper.find('[data-testid="offline-banner"]').text()).toContain(
      "The connection to the center's server is lost",
    );
    await vi.advanceTimersByTimeAsync(RECONNECT_EVERY_MS);
    await flushPromises();
    expect(ElMessage.success).toHaveBeenCalledWith(
      expect.objectContaining({ message: "Reconnected to the center's server" }),
    );
  });
});
