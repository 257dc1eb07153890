// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Statistics } from '@/bindings/Statistics';
import type { Verdict } from '@/bindings/Verdict';
import { i18n, setLocale } from '@/locales';
import SummaryCards from './SummaryCards.vue';

function statistics(verdict: Verdict): Statistics {
  const rate = { count: 3, of: 4 };
  return {
    figures: {
      counts: { total: 4, valid: 4, invalid: 0 },
      satisfaction: { overall: rate, coverage: { count: 4, of: 4 } },
    },
    comparison: { headline: [], rates: [] },
    checks: [{ key: 'satisfaction', label: '综合满意率', rate, target: { target: 85, line: 80 }, verdict }],
  } as unknown as Statistics;
}

function satisfactionCard(verdict: Verdict) {
  const wrapper = mount(SummaryCards, {
    props: { stats: statistics(verdict) },
    global: { plugins: [i18n, ElementPlus] },
  });
  return wrapper.find('[data-testid="stat-satisfaction"]');
}

describe('SummaryCards', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('colours the satisfaction by its verdict against the target, and says it', () => {
    for (const [verdict, label] of [
      ['met', '达标'],
      ['below', '未达标'],
      ['failing', '不合格'],
    ] as const) {
      const card = satisfactionCard(verdict);
      expect(card.find('.summary-card__value').classes()).toContain(`is-${verdict}`);
      expect(card.find('[data-testid="stat-verdict"]').text()).toBe(label);
    }
  });

  it('says nothing when there was nothing to judge', () => {
    const card = satisfactionCard('noData');
    expect(card.find('[data-testid="stat-verdict"]').exists()).toBe(false);
    expect(card.find('.summary-card__value').text()).toBe('75.0%');
  });
});
