// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { reportReminder } from '@/api/stats';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import ReportReminderAlert from './ReportReminderAlert.vue';

vi.mock('@/api/stats', () => ({ reportReminder: vi.fn() }));

async function mountWith(daysLeft: number) {
  vi.mocked(reportReminder).mockResolvedValue({ month: '2026-11', dueOn: '2026-11-30', daysLeft });
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = {
    id: 1,
    username: 'zhuguan',
    displayName: '主管',
    role: 'supervisor',
    roles: ['supervisor'],
    departmentId: null,
  };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/statistics', name: 'statistics', component: { render: () => null } },
    ],
  });
  const wrapper = mount(ReportReminderAlert, { global: { plugins: [pinia, i18n, ElementPlus, router] } });
  await flushPromises();
  return wrapper.find('[data-testid="report-reminder"]').text();
}

describe('ReportReminderAlert', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('counts the days left, says "today" on the due day, and the days overdue after it', async () => {
    expect(await mountWith(3)).toContain('剩余 3 天');
    expect(await mountWith(0)).toContain('应于今天（2026-11-30）上报');
    expect(await mountWith(-2)).toContain('已逾期 2 天');
    setLocale('en-US');
    const today = await mountWith(0);
    expect(today).toContain('due today (2026-11-30)');
    expect(today).not.toContain('0 day');
  });
});
