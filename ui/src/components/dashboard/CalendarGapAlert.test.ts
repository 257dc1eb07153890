// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { calendarGap } from '@/api/settings';
import type { Role } from '@/bindings/Role';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import CalendarGapAlert from './CalendarGapAlert.vue';

vi.mock('@/api/settings', () => ({ calendarGap: vi.fn() }));

async function mountAlert(role: Role) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 1, username: 'u1', displayName: '用户', role, roles: [role], departmentId: null };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/settings', name: 'settings', component: { render: () => null } },
    ],
  });
  const wrapper = mount(CalendarGapAlert, { global: { plugins: [pinia, i18n, ElementPlus, router] } });
  await flushPromises();
  return wrapper;
}

describe('CalendarGapAlert', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.mocked(calendarGap).mockReset();
  });

  it('asks the administrator for next year’s holidays, linking to the deadline settings', async () => {
    vi.mocked(calendarGap).mockResolvedValue({ year: 2027, begun: false });
    const wrapper = await mountAlert('admin');
    const alert = wrapper.find('[data-testid="calendar-gap"]');
    expect(alert.text()).toContain('2027 年的节假日安排尚未录入工作日历');
    expect(wrapper.find('.el-alert--warning').exists()).toBe(true);
    expect(wrapper.find('[data-testid="calendar-gap-link"]').attributes('href')).toBe('/settings?tab=policy');
  });

  it('says a year already begun counts its holidays as working days, in English too', async () => {
    vi.mocked(calendarGap).mockResolvedValue({ year: 2027, begun: true });
    setLocale('en-US');
    const wrapper = await mountAlert('admin');
    const alert = wrapper.find('[data-testid="calendar-gap"]');
    expect(alert.text()).toContain('no public holidays or make-up days for 2027');
    expect(wrapper.find('.el-alert--error').exists()).toBe(true);
  });

  it('shows nothing when the calendar lacks nothing, and never asks for other roles', async () => {
    vi.mocked(calendarGap).mockResolvedValue(null);
    expect((await mountAlert('admin')).find('[data-testid="calendar-gap"]').exists()).toBe(false);
    vi.mocked(calendarGap).mockClear();
    expect((await mountAlert('receptionist')).find('[data-testid="calendar-gap"]').exists()).toBe(false);
    expect(calendarGap).not.toHaveBeenCalled();
  });
});
