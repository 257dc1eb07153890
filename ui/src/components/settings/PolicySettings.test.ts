// @vitest-environment jsdom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { getSettings, importCalendar, listPolicyVersions, savePolicy } from '@/api/settings';
import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';
import type { Settings } from '@/bindings/Settings';
import { i18n, setLocale } from '@/locales';
import { POLICY } from '@/testing/policy';
import PolicySettings from './PolicySettings.vue';

vi.mock('@/api/settings', () => ({
  getSettings: vi.fn(),
  listPolicyVersions: vi.fn(),
  savePolicy: vi.fn(),
  importCalendar: vi.fn(),
}));

async function mountPolicy(): Promise<VueWrapper> {
  vi.mocked(getSettings).mockResolvedValue({ policy: POLICY, policyVersion: 4 } as unknown as Settings);
  vi.mocked(listPolicyVersions).mockResolvedValue([]);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  const wrapper = mount(PolicySettings, {
    global: { plugins: [createPinia(), i18n, ElementPlus, router] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

/** Chooses `text` as the calendar file, as the file dialog would. */
async function chooseFile(wrapper: VueWrapper, text: string): Promise<void> {
  const input = wrapper.find('[data-testid="calendar-file"]');
  const file = new File([text], 'calendar.txt', { type: 'text/plain' });
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
}

async function save(wrapper: VueWrapper): Promise<DeadlinePolicy> {
  vi.mocked(savePolicy).mockResolvedValue(5);
  await wrapper.find('form').trigger('submit');
  await flushPromises();
  return vi.mocked(savePolicy).mock.calls.at(-1)![0];
}

describe('PolicySettings', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('merges an imported calendar file into the calendar, and saves it with the policy', async () => {
    vi.mocked(importCalendar).mockResolvedValue({ holidays: ['2026-10-10', '2027-01-01'], workdays: ['2027-02-06'] });
    const wrapper = await mountPolicy();
    expect(wrapper.find('[data-testid="calendar-holidays-count"]').text()).toBe('共 2 天');

    await chooseFile(wrapper, '2026-10-10 休\n2027-01-01 休\n2027-02-06 班\n');
    await vi.waitFor(() =>
      expect(importCalendar).toHaveBeenCalledWith('2026-10-10 休\n2027-01-01 休\n2027-02-06 班\n'),
    );
    await flushPromises();

    // 2026-10-10 was a 调休 day: the file makes it a holiday.
    expect(wrapper.find('[data-testid="calendar-holidays-count"]').text()).toBe('共 4 天');
    expect(wrapper.find('[data-testid="calendar-holidays"] [data-testid="calendar-day-2026-10-10"]').text()).toBe(
      '10月10日 周六',
    );
    expect(wrapper.find('[data-testid="calendar-workdays"]').text()).toContain('2027 年');

    const saved = await save(wrapper);
    expect(saved.calendar.holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-10', '2027-01-01']);
    expect(saved.calendar.workdays).toEqual(['2027-02-06']);
  });

  it('shows a refused calendar file under the import button, naming the line', async () => {
    vi.mocked(importCalendar).mockRejectedValue({
      kind: 'validation',
      message: '日历文件第 2 行无法识别',
      messageEn: 'calendar file line 2 is not understood',
      field: 'calendarFile',
      fields: [
        {
          field: 'calendarFile',
          message: '日历文件第 2 行无法识别',
          messageEn: 'calendar file line 2 is not understood',
        },
      ],
      until: null,
    });
    const wrapper = await mountPolicy();
    await chooseFile(wrapper, '2027-01-01 休\n元旦\n');
    await vi.waitFor(() => expect(importCalendar).toHaveBeenCalled());
    await flushPromises();
    // Element Plus shows a form item's error a moment later.
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="field-error-calendarFile"]').text()).toBe('日历文件第 2 行无法识别'),
    );
    expect(wrapper.find('[data-testid="calendar-holidays-count"]').text()).toBe('共 2 天');
  });

  it('lets each deadline but the promised reply count working time, calendar time by default', async () => {
    const wrapper = await mountPolicy();
    expect(wrapper.find('[data-testid="working-kind-promisedReply"]').exists()).toBe(false);
    await wrapper.find('[data-testid="working-kind-dispatch-true"] input').setValue(true);
    await wrapper.find('[data-testid="working-kind-handling-false"] input').setValue(true);
    const saved = await save(wrapper);
    expect(saved.workingKinds).toEqual(['dispatch']);
  });

  it('makes a weekday a day off, and gives it back the usual hours', async () => {
    const wrapper = await mountPolicy();
    await wrapper.find('[data-testid="calendar-off-mon"] input').setValue(true);
    expect(wrapper.find('[data-testid="calendar-open-mon"]').exists()).toBe(false);
    await wrapper.find('[data-testid="calendar-off-sat"] input').setValue(false);
    const saved = await save(wrapper);
    expect(saved.calendar.weekly).toEqual([
      '',
      '08:30-17:30',
      '08:30-17:30',
      '08:30-17:30',
      '08:30-17:30',
      '08:30-17:30',
      '',
    ]);
  });

  it('never sends a number left blank', async () => {
    const wrapper = await mountPolicy();
    const percent = wrapper.find('[data-testid="policy-warnPercent"] input');
    expect((percent.element as HTMLInputElement).value).toBe('25');
    await percent.setValue('');
    const saved = await save(wrapper);
    expect(saved.warnPercent).toBe(0);
    expect(Object.values(saved).filter((value) => value === null)).toEqual([]);
  });
});
