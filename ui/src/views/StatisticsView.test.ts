// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { statistics } from '@/api/stats';
import type { Period } from '@/bindings/Period';
import type { Statistics } from '@/bindings/Statistics';
import { i18n, setLocale } from '@/locales';
import EChart from '@/components/statistics/EChart.vue';
import ReportPanel from '@/components/statistics/ReportPanel.vue';
import StatisticsView from './StatisticsView.vue';

vi.mock('@/api/stats', () => ({
  statistics: vi.fn(),
  statisticsTrend: vi.fn(async () => []),
  exportStatistics: vi.fn(),
}));

/** What the backend compares a period with: the span before (months for whole months). */
const PREVIOUS: Record<string, Period> = {
  '2026-11-01': { from: '2026-10-01', to: '2026-10-31' },
  '2026-10-01': { from: '2026-07-01', to: '2026-09-30' },
  '2026-07-01': { from: '2026-01-01', to: '2026-06-30' },
  '2026-01-01': { from: '2025-01-01', to: '2025-12-31' },
};

/** Figures of nothing, for the period asked. */
function figuresOf(from: string, to: string): Statistics {
  const empty = { count: 0, of: 0 };
  return {
    figures: {
      period: { from, to },
      counts: { byDepartment: [], byCategory: [] },
      deadlines: [{ kind: 'dispatch', label: '派发', onTime: 1, late: 1, overdue: 0, rate: { count: 1, of: 2 } }],
      departments: [],
      employees: [],
      duties: [],
      accused: [],
      breaches: [],
      satisfaction: { overall: empty, coverage: empty, exclusions: [] },
      hotSpots: { categories: [], locations: [], buildings: [], repeatRooms: [] },
    },
    comparison: { previous: PREVIOUS[from] ?? { from: '2000-01-01', to: '2000-01-31' }, headline: [], rates: [] },
    targets: { satisfaction: { target: 85, line: 80 }, onTime: [] },
    checks: [],
    failing: [],
  } as unknown as Statistics;
}

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/statistics', name: 'statistics', component: StatisticsView },
      { path: '/complaints', name: 'complaints', component: { render: () => null } },
    ],
  });
  await router.push('/statistics?month=2026-11');
  const wrapper = mount(StatisticsView, {
    global: {
      plugins: [createPinia(), i18n, ElementPlus, router],
      stubs: {
        SummaryCards: true,
        TargetChecks: true,
        EChart: true,
        ScorecardTable: true,
        AccusedTable: true,
        DutyTable: true,
        BreachTable: true,
        ExclusionTable: true,
        HotSpotTables: true,
        ReportPanel: true,
      },
    },
  });
  await flushPromises();
  return wrapper;
}

async function choose(wrapper: Awaited<ReturnType<typeof mountView>>, mode: string) {
  await wrapper.find(`[data-testid="stat-mode-${mode}"] input`).setValue(true);
  await flushPromises();
}

const compared = (wrapper: Awaited<ReturnType<typeof mountView>>) =>
  wrapper.find('.statistics-view__compare').text().replace(/\s+/g, ' ');

describe('StatisticsView', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.mocked(statistics)
      .mockReset()
      .mockImplementation(async (from, to) => figuresOf(from, to));
  });

  it('names the month and the month before', async () => {
    const wrapper = await mountView();
    expect(statistics).toHaveBeenLastCalledWith('2026-11-01', '2026-11-30');
    expect(compared(wrapper)).toBe(
      '统计期间 2026-11-01 至 2026-11-30（2026年11月） · 对比上期 2026-10-01 至 2026-10-31（2026年10月）',
    );
  });

  it('offers the chosen month’s quarter, the one before, the halves and the whole year', async () => {
    const wrapper = await mountView();
    const modes = wrapper.findAll('[data-testid="stat-mode"] .el-radio-button').map((button) => button.text());
    expect(modes).toEqual(['按月', '本季度', '上季度', '上半年', '下半年', '全年', '自定义范围']);

    await choose(wrapper, 'quarter');
    expect(statistics).toHaveBeenLastCalledWith('2026-10-01', '2026-12-31');
    expect(wrapper.find('[data-testid="stat-period-name"]').text()).toBe('（2026年第4季度）');
    expect(wrapper.find('[data-testid="stat-previous-name"]').text()).toBe('（2026年第3季度）');
    // The chosen month's report stays beside its quarter.
    expect(wrapper.findComponent(ReportPanel).props('month')).toBe('2026-11');

    await choose(wrapper, 'previousQuarter');
    expect(statistics).toHaveBeenLastCalledWith('2026-07-01', '2026-09-30');
    await choose(wrapper, 'secondHalf');
    expect(statistics).toHaveBeenLastCalledWith('2026-07-01', '2026-12-31');
    expect(wrapper.find('[data-testid="stat-period-name"]').text()).toBe('（2026年下半年）');
    expect(wrapper.find('[data-testid="stat-previous-name"]').text()).toBe('（2026年上半年）');
    // The halves and the year are picked by the year alone.
    expect(wrapper.find('[data-testid="stat-year"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="stat-month"]').exists()).toBe(false);
    await choose(wrapper, 'year');
    expect(statistics).toHaveBeenLastCalledWith('2026-01-01', '2026-12-31');
    expect(compared(wrapper)).toContain('（2026年）');

    await choose(wrapper, 'month');
    expect(statistics).toHaveBeenLastCalledWith('2026-11-01', '2026-11-30');
  });

  it('draws each on-time bar in the colour of its verdict', async () => {
    vi.mocked(statistics).mockImplementation(async (from, to) => ({
      ...figuresOf(from, to),
      checks: [
        {
          key: 'dispatch',
          label: '派发按时率',
          rate: { count: 1, of: 2 },
          target: { target: 95, line: 90 },
          verdict: 'failing',
        },
      ],
    }));
    const wrapper = await mountView();
    const chart = wrapper
      .findAllComponents(EChart)
      .find((found) => found.attributes('data-testid') === 'chart-on-time');
    const option = chart?.props('option') as {
      series: { itemStyle: { color: (at: { dataIndex: number }) => string } }[];
    };
    expect(option.series[0]?.itemStyle.color({ dataIndex: 0 })).toBe('#f56c6c');
  });

  it('names the periods in English', async () => {
    setLocale('en-US');
    const wrapper = await mountView();
    await choose(wrapper, 'quarter');
    expect(wrapper.find('[data-testid="stat-period-name"]').text()).toBe('(Q4 2026)');
  });
});
