// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@/locales';
import { countdownText, otherPressing, span, urgency } from './countdown';

describe('urgency', () => {
  it.each([
    ['dispatch', 5 * 60_000, 'pending'],
    ['dispatch', 2 * 60_000, 'dueSoon'],
    ['dispatch', 1_000, 'dueSoon'],
    ['dispatch', -1, 'overdue'],
    ['handling', 2 * 86_400_000, 'pending'],
    ['handling', 86_400_000, 'dueSoon'],
    [null, 1_000, 'pending'],
  ] as const)('%s with %d ms left is %s', (kind, remaining, expected) => {
    expect(urgency(kind, remaining)).toBe(expected);
  });
});

describe('span', () => {
  it('shows seconds under a minute, minutes and seconds under an hour, either side of the deadline', () => {
    expect(span(45_900)).toEqual({ unit: 'seconds', seconds: 45 });
    expect(span(9 * 60_000 + 5_400)).toEqual({ unit: 'minutes', minutes: 9, seconds: 5 });
    expect(span(-(60_000 + 12_000))).toEqual({ unit: 'minutes', minutes: 1, seconds: 12 });
  });

  it('shows hours and minutes under a day, then days and hours', () => {
    expect(span(3 * 3_600_000 + 25 * 60_000 + 59_000)).toEqual({ unit: 'hours', hours: 3, minutes: 25 });
    expect(span(2 * 86_400_000 + 5 * 3_600_000)).toEqual({ unit: 'days', days: 2, hours: 5 });
  });
});

describe('countdownText', () => {
  const t = (key: string, params: Record<string, unknown>) => i18n.global.t(key, params);
  beforeEach(() => setLocale('zh-CN'));

  it.each([
    [-(4 * 60_000 + 24_000), '已逾期 4 分 24 秒', '4 min 24 s overdue'],
    [-30_000, '已逾期 30 秒', '30 s overdue'],
    [65 * 60_000, '剩余 1 小时 5 分', '1 h 5 min left'],
    [(35 * 60 + 10) * 60_000, '剩余 1 天 11 小时', '1 d 11 h left'],
    [-(35 * 60 + 10) * 60_000, '已逾期 1 天 11 小时', '1 d 11 h overdue'],
  ])('%d ms reads %s, and %s', (remaining, zh, en) => {
    expect(countdownText(remaining, t)).toBe(zh);
    setLocale('en-US');
    expect(countdownText(remaining, t)).toBe(en);
  });
});

describe('otherPressing', () => {
  const now = Date.parse('2026-11-30T10:00:00+08:00');
  const open = [
    { kind: 'dispatch' as const, dueAt: '2026-11-30T09:40:00+08:00', paused: false },
    { kind: 'forward' as const, dueAt: '2026-11-30T09:50:00+08:00', paused: false },
    { kind: 'handling' as const, dueAt: '2026-12-03T09:30:00+08:00', paused: false },
    { kind: 'firstReply' as const, dueAt: '2026-11-30T09:00:00+08:00', paused: true },
  ];

  it('lists the late and close ones besides the one shown, not the far or paused ones', () => {
    const others = otherPressing(open, { kind: 'dispatch', dueAt: open[0]!.dueAt }, now);
    expect(others.map((d) => d.kind)).toEqual(['forward']);
  });

  it('lists nothing before the clock is known', () => {
    expect(otherPressing(open, { kind: null, dueAt: null }, null)).toEqual([]);
  });
});
