// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/locales';
import DueCountdown from './DueCountdown.vue';

const NOW = Date.parse('2026-11-30T09:00:00+08:00');

function shown(due: string | null, warnAt: string | null, nowMs: number | null = NOW) {
  const wrapper = mount(DueCountdown, { props: { due, warnAt, nowMs }, global: { plugins: [i18n] } });
  const element = wrapper.find('[data-testid="countdown"]');
  return { text: element.text(), urgency: element.attributes('data-urgency') };
}

describe('DueCountdown', () => {
  it('counts the dispatch minutes in seconds, with their units', () => {
    expect(shown('2026-11-30T09:09:30+08:00', '2026-11-30T09:07:00+08:00')).toEqual({
      text: '剩余 9 分 30 秒',
      urgency: 'pending',
    });
    expect(shown('2026-11-30T09:01:05+08:00', '2026-11-30T08:58:35+08:00')).toEqual({
      text: '剩余 1 分 5 秒',
      urgency: 'dueSoon',
    });
    expect(shown('2026-11-30T08:58:50+08:00', '2026-11-30T08:56:20+08:00')).toEqual({
      text: '已逾期 1 分 10 秒',
      urgency: 'overdue',
    });
  });

  it('turns amber at the instant the backend gives, not by the time left', () => {
    // Started 10:00, due 10:10, amber from 10:07:30.
    const due = '2026-11-30T10:10:00+08:00';
    const warnAt = '2026-11-30T10:07:30+08:00';
    expect(shown(due, warnAt, Date.parse('2026-11-30T10:07:00+08:00')).urgency).toBe('pending');
    expect(shown(due, warnAt, Date.parse('2026-11-30T10:08:00+08:00'))).toEqual({
      text: '剩余 2 分 0 秒',
      urgency: 'dueSoon',
    });
    // Three days left, but the working days run out sooner: amber already.
    expect(shown('2026-12-03T09:00:00+08:00', '2026-11-30T08:00:00+08:00').urgency).toBe('dueSoon');
  });

  it('counts longer deadlines in hours or days', () => {
    expect(shown('2026-11-30T12:30:00+08:00', '2026-11-30T12:00:00+08:00').text).toBe('剩余 3 小时 30 分');
    expect(shown('2026-12-03T11:00:00+08:00', '2026-12-02T18:00:00+08:00').text).toBe('剩余 3 天 2 小时');
  });

  it('shows no time without a deadline or a clock', () => {
    expect(shown(null, null)).toEqual({ text: '无期限', urgency: 'none' });
    expect(shown('2026-11-30T09:09:30+08:00', '2026-11-30T09:07:00+08:00', null).urgency).toBe('none');
  });
});
