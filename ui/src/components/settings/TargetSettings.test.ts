// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { getTargets, saveTargets } from '@/api/stats';
import type { CommandError } from '@/bindings/CommandError';
import type { Targets } from '@/bindings/Targets';
import { i18n, setLocale } from '@/locales';
import TargetSettings from './TargetSettings.vue';

vi.mock('@/api/stats', () => ({ getTargets: vi.fn(), saveTargets: vi.fn() }));

const TARGETS: Targets = {
  satisfaction: { target: 85, line: 80 },
  onTime: [
    { kind: 'dispatch', target: 95, line: 90 },
    { kind: 'return', target: 95, line: 90 },
    { kind: 'callback', target: 92.5, line: 90 },
  ],
};

async function mountSettings() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  const wrapper = mount(TargetSettings, {
    global: { plugins: [createPinia(), i18n, ElementPlus, router] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

const value = (wrapper: Awaited<ReturnType<typeof mountSettings>>, id: string) =>
  (wrapper.find(`[data-testid="${id}"] input`).element as HTMLInputElement).value;

describe('TargetSettings', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
    vi.mocked(getTargets).mockReset().mockResolvedValue(structuredClone(TARGETS));
    vi.mocked(saveTargets).mockReset();
  });

  it('shows the satisfaction and one row per deadline with its target and line', async () => {
    const wrapper = await mountSettings();
    const labels = wrapper.findAll('.el-form-item__label').map((label) => label.text());
    expect(labels).toEqual(['综合满意率', '派发按时率', '返回意见表按时率', '回访按时率']);
    expect(value(wrapper, 'target-satisfaction-target')).toBe('85.0');
    expect(value(wrapper, 'target-satisfaction-line')).toBe('80.0');
    expect(value(wrapper, 'target-callback-target')).toBe('92.5');
  });

  it('saves what was typed', async () => {
    vi.mocked(saveTargets).mockResolvedValue();
    const wrapper = await mountSettings();
    const input = wrapper.find('[data-testid="target-dispatch-line"] input');
    await input.setValue('88.5');
    await input.trigger('blur');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(saveTargets).toHaveBeenCalledWith({
      ...TARGETS,
      onTime: [{ kind: 'dispatch', target: 95, line: 88.5 }, ...TARGETS.onTime.slice(1)],
    });
    expect(getTargets).toHaveBeenCalledTimes(2);
    // A decimal is not a step of the number inputs: the browser must not block the submit.
    expect(wrapper.find('form').attributes('novalidate')).toBeDefined();
  });

  it('puts a refusal on the row it names, and one that names no row above the form', async () => {
    const refused: CommandError = {
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [
        {
          field: 'targets.return',
          message: '返回意见表按时率目标的不合格线不能高于目标值',
          messageEn: 'Form return on-time target line cannot be above its target',
        },
        { field: 'targets', message: '按时率目标重复', messageEn: 'On-time targets repeat a deadline' },
      ],
      until: null,
    };
    vi.mocked(saveTargets).mockRejectedValue(refused);
    const wrapper = await mountSettings();
    await wrapper.find('form').trigger('submit');
    await settled();
    const row = wrapper.find('[data-testid="target-row-return"]');
    expect(row.find('[data-testid="field-error-targets.return"]').text()).toBe(
      '返回意见表按时率目标的不合格线不能高于目标值',
    );
    expect(wrapper.find('[data-testid="field-error-targets.dispatch"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="form-error"]').text()).toContain('按时率目标重复');
  });
});
