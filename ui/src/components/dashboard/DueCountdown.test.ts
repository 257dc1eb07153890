// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { DeadlineKind } from '@/bindings/DeadlineKind';
import { i18n } from '@/locales';
import DueCountdown from './DueCountdown.vue';

const NOW = Date.parse('2026-11-30T09:00:00+08:00');

function shown(due: string | null, kind: DeadlineKind | null, nowMs: number | null = NOW) {
  const wrapper = mount(DueCountdown, { props: { due, kind, nowMs }, global: { plugins: [i18n] } });
  const element = wrapper.find('[data-testid="countdown"]');
  return { text: element.text(), urgency: element.attributes('data-urgency') };
}

describe('DueCountdown', () => {
  it('counts the dispatch minutes in seconds, with their units', () => {
    expect(shown('2026-11-30T09:09:30+08:00', 'dispatch')).toEqual({ text: '剩余 9 分 30 秒', urgency: 'pending' });
    expect(shown('2026-11-30T09:01:05+08:00', 'dispatch')).toEqual({ text: '剩余 1 分 5 秒', urgency: 'dueSoon' });
    expect(shown('2026-11-30T08:58:50+08:00', 'dispatch')).toEqual({ text: '已逾期 1 分 10 秒', urgency: 'overdue' });
  });

  it('counts longer deadlines in hours or days', () => {
    expect(shown('2026-11-30T12:30:00+08:00', 'forward').text).toBe('剩余 3 小时 30 分');
    expect(shown('2026-12-03T11:00:00+08:00', 'handling').text).toBe('剩余 3 天 2 小时');
  });

  it('shows no time without a deadline or a clock', () => {
    expect(shown(null, null)).toEqual({ text: '无期限', urgency: 'none' });
    expect(shown('2026-11-30T09:09:30+08:00', 'dispatch', null).urgency).toBe('none');
  });
});
