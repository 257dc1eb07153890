// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Statistics } from '@/bindings/Statistics';
import type { TargetCheck } from '@/bindings/TargetCheck';
import { i18n, setLocale } from '@/locales';
import TargetChecks from './TargetChecks.vue';

const target = (value: number, line: number) => ({ target: value, line });

const CHECKS: TargetCheck[] = [
  { key: 'dispatch', label: '派发按时率', rate: { count: 19, of: 20 }, target: target(95, 90), verdict: 'met' },
  { key: 'handling', label: '处理按时率', rate: { count: 9, of: 10 }, target: target(95, 90), verdict: 'below' },
  { key: 'callback', label: '回访按时率', rate: { count: 0, of: 0 }, target: target(95, 90), verdict: 'noData' },
  { key: 'satisfaction', label: '综合满意率', rate: { count: 3, of: 4 }, target: target(85, 80), verdict: 'failing' },
];

function statistics(failing: Statistics['failing']): Statistics {
  return {
    checks: CHECKS,
    failing,
    targets: { satisfaction: target(85, 80), onTime: [] },
  } as unknown as Statistics;
}

async function mountChecks(failing: Statistics['failing'] = []) {
  const wrapper = mount(TargetChecks, {
    props: { stats: statistics(failing) },
    global: { plugins: [i18n, ElementPlus] },
  });
  await flushPromises();
  return wrapper;
}

const rowTexts = (wrapper: Awaited<ReturnType<typeof mountChecks>>) =>
  wrapper.findAll('tbody tr').map((row) => row.findAll('td').map((cell) => cell.text()));

describe('TargetChecks', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('lists each figure with its value, target, line and verdict', async () => {
    expect(rowTexts(await mountChecks())).toEqual([
      ['派发按时率', '95.0%', '≥ 95%', '90%', '达标'],
      ['处理按时率', '90.0%', '≥ 95%', '90%', '未达标'],
      ['回访按时率', '—', '≥ 95%', '90%', '无数据'],
      ['综合满意率', '75.0%', '≥ 85%', '80%', '不合格'],
    ]);
  });

  it('tags the verdicts green, amber and red', async () => {
    const wrapper = await mountChecks();
    const tag = (key: string) => wrapper.find(`[data-testid="target-verdict-${key}"]`).classes();
    expect(tag('dispatch')).toContain('el-tag--success');
    expect(tag('handling')).toContain('el-tag--warning');
    expect(tag('satisfaction')).toContain('el-tag--danger');
    expect(tag('callback')).toContain('el-tag--info');
  });

  it('names the departments under the satisfaction line, or none', async () => {
    const failing = await mountChecks([{ name: '工程维修部', satisfaction: { count: 1, of: 2 } }]);
    expect(failing.find('[data-testid="stat-failing"]').text()).toContain('满意率低于不合格线（80%）的部门');
    expect(failing.findAll('[data-testid="failing-department"]').map((tag) => tag.text())).toEqual([
      '工程维修部 50.0%',
    ]);
    const none = await mountChecks();
    expect(none.findAll('[data-testid="failing-department"]')).toHaveLength(0);
    expect(none.find('[data-testid="stat-failing"]').text()).toContain('无');
  });

  it('reads in English', async () => {
    setLocale('en-US');
    expect(rowTexts(await mountChecks())[0]).toEqual(['Dispatch on time', '95.0%', '≥ 95%', '90%', 'Met']);
  });
});
