// @vitest-environment jsdom
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { openLoginAfresh } from '@/api/page';
import { logout, unlockSession } from '@/api/session';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import LockOverlay from './LockOverlay.vue';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@/api/session', () => ({
  login: vi.fn(),
  logout: vi.fn(async () => {}),
  sessionState: vi.fn(),
  lockSession: vi.fn(async () => {}),
  unlockSession: vi.fn(),
}));
vi.mock('@/api/page', () => ({ openLoginAfresh: vi.fn() }));

function refusal(error: Partial<CommandError> & Pick<CommandError, 'kind'>): CommandError {
  return { message: '', messageEn: '', field: null, fields: [], until: null, ...error };
}

async function mountLocked() {
  const pinia = createPinia();
  const session = useSessionStore(pinia);
  session.user = {
    id: 3,
    username: 'chenjing',
    displayName: '陈静',
    role: 'departmentHead',
    roles: ['departmentHead'],
    departmentId: 2,
  };
  session.locked = true;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/login', name: 'login', component: { render: () => null } },
    ],
  });
  await router.push('/');
  mount(LockOverlay, { global: { plugins: [pinia, i18n, ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return router;
}

// The overlay is teleported to the body.
const find = (selector: string) => new DOMWrapper(document.body).find(selector);

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

async function unlockRefused(error: CommandError) {
  vi.mocked(unlockSession).mockRejectedValue(error);
  await find('input[data-testid="unlock-password"]').setValue('wrong-password');
  await find('form').trigger('submit');
  await settled();
  expect(unlockSession).toHaveBeenCalledWith('wrong-password');
}

const shown = () => find('[data-testid="field-error-unlock-password"]').text();

describe('LockOverlay', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
    vi.clearAllMocks();
  });

  it('says a wrong password is wrong, never that the account is locked', async () => {
    await mountLocked();
    await unlockRefused(refusal({ kind: 'wrongPassword', message: '密码错误', messageEn: 'Wrong password' }));
    expect(shown()).toBe('密码错误');
    expect(shown()).not.toContain('锁定');

    setLocale('en-US');
    await settled();
    expect(shown()).toBe('Wrong password');
  });

  it('says until when the account waits after too many wrong passwords', async () => {
    await mountLocked();
    await unlockRefused(
      refusal({
        kind: 'accountLocked',
        message: '密码错误次数过多，账号已暂时锁定',
        messageEn: 'Too many wrong passwords',
        until: '2026-11-28T14:35:00+08:00',
      }),
    );
    expect(shown()).toContain('账号已暂时锁定，请于 14:35 后再试');

    setLocale('en-US');
    await settled();
    expect(shown()).toContain('account locked until 14:35');
  });

  it('opens the login page as a new page once the user is logged out', async () => {
    await mountLocked();
    await find('[data-testid="switch-user"]').trigger('click');
    await settled();
    expect(logout).toHaveBeenCalledOnce();
    expect(openLoginAfresh).toHaveBeenCalledOnce();
  });

  it('goes to the login page on this page when the backend refused to log out', async () => {
    vi.mocked(logout).mockRejectedValueOnce(refusal({ kind: 'offline' }));
    const router = await mountLocked();
    await find('[data-testid="switch-user"]').trigger('click');
    await settled();
    expect(openLoginAfresh).not.toHaveBeenCalled();
    expect(router.currentRoute.value.name).toBe('login');
  });
});
