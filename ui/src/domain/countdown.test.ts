// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@/locales';
import { clockStart, countdownText, otherPressing, shownDeadline, span, urgency } from './countdown';

describe('urgency', () => {
  // A dispatch whose clock started at 10:00, due at 10:10, turning amber at 10:07:30 (the
  // last quarter of its window, as the backend worked it out).
  const at = (time: string) => Date.parse(`2026-11-30T${time}+08:00`);
  const due = at('10:10:00');
  const warn = at('10:07:30');

  it.each([
    ['10:07:00', 'pending'],
    ['10:07:29', 'pending'],
    ['10:07:30', 'dueSoon'],
    ['10:08:00', 'dueSoon'],
    ['10:10:00', 'dueSoon'],
    ['10:10:01', 'overdue'],
  ] as const)('at %s it is %s', (now, expected) => {
    expect(urgency(at(now), due, warn)).toBe(expected);
  });

  it('turns amber when the backend says, whatever the kind or the time left', () => {
    // A working-time handling deadline turns amber days before its due time when the
    // office is closed in between: the window cannot guess that from the due time.
    expect(urgency(at('10:00:00'), due + 3 * 86_400_000, at('09:00:00'))).toBe('dueSoon');
    // With no warning share the backend says the due time itself.
    expect(urgency(at('10:09:59'), due, due)).toBe('pending');
  });

  it('is never amber without a warning instant', () => {
    expect(urgency(at('10:09:59'), due, null)).toBe('pending');
    expect(urgency(at('10:09:59'), due, Number.NaN)).toBe('pending');
    expect(urgency(at('10:10:01'), due, null)).toBe('overdue');
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
    {
      kind: 'dispatch' as const,
      startedAt: '2026-11-30T09:30:00+08:00',
      dueAt: '2026-11-30T09:40:00+08:00',
      warnAt: '2026-11-30T09:37:30+08:00',
      paused: false,
    },
    {
      kind: 'forward' as const,
      startedAt: '2026-11-30T09:30:00+08:00',
      dueAt: '2026-11-30T09:50:00+08:00',
      warnAt: '2026-11-30T09:45:00+08:00',
      paused: false,
    },
    {
      // In its warning share: the backend's warning instant is past, days before it is due.
      kind: 'firstReply' as const,
      startedAt: '2026-11-27T09:30:00+08:00',
      dueAt: '2026-12-01T09:30:00+08:00',
      warnAt: '2026-11-30T09:30:00+08:00',
      paused: false,
    },
    {
      kind: 'handling' as const,
      startedAt: '2026-11-30T09:30:00+08:00',
      dueAt: '2026-12-03T09:30:00+08:00',
      warnAt: '2026-12-02T15:30:00+08:00',
      paused: false,
    },
    {
      kind: 'callback' as const,
      startedAt: '2026-11-27T09:00:00+08:00',
      dueAt: '2026-11-30T09:00:00+08:00',
      warnAt: '2026-11-29T15:00:00+08:00',
      paused: true,
    },
  ];

  it('lists the late ones and those in their warning share besides the one shown, not the far or paused ones', () => {
    const others = otherPressing(open, { kind: 'dispatch', dueAt: open[0]!.dueAt }, now);
    expect(others.map((d) => d.kind)).toEqual(['forward', 'firstReply']);
  });

  it('knows the one shown when its time is written in another offset', () => {
    const others = otherPressing(open, { kind: 'dispatch', dueAt: '2026-11-30T01:40:00Z' }, now);
    expect(others.map((d) => d.kind)).toEqual(['forward', 'firstReply']);
  });

  it('lists nothing before the clock is known', () => {
    expect(otherPressing(open, { kind: null, dueAt: null }, null)).toEqual([]);
  });
});

describe('shownDeadline', () => {
  const handling = {
    kind: 'handling' as const,
    startedAt: '2026-11-30T09:30:00+08:00',
    dueAt: '2026-12-03T09:30:00+08:00',
    warnAt: '2026-12-02T15:30:00+08:00',
    paused: false,
  };
  const reply = { ...handling, kind: 'firstReply' as const, warnAt: '2026-12-03T00:00:00+08:00' };

  it('finds the open deadline a line counts down to, by kind and due time', () => {
    const row = { nextDueKind: 'handling' as const, nextDueAt: handling.dueAt, openDeadlines: [reply, handling] };
    expect(shownDeadline(row)?.warnAt).toBe('2026-12-02T15:30:00+08:00');
  });

  it('finds none for a line without a deadline', () => {
    expect(shownDeadline({ nextDueKind: null, nextDueAt: null, openDeadlines: [handling] })).toBeNull();
  });
});

describe('clockStart', () => {
  it('is the start of the open dispatch deadline: the next opening of the office', () => {
    const row = {
      openDeadlines: [
        {
          kind: 'forward' as const,
          startedAt: '2026-11-30T22:15:00+08:00',
          dueAt: '2026-12-01T09:30:00+08:00',
          warnAt: '2026-12-01T09:15:00+08:00',
          paused: false,
        },
        {
          kind: 'dispatch' as const,
          startedAt: '2026-12-01T08:30:00+08:00',
          dueAt: '2026-12-01T08:40:00+08:00',
          warnAt: '2026-12-01T08:37:30+08:00',
          paused: false,
        },
      ],
    };
    expect(clockStart(row)).toBe('2026-12-01T08:30:00+08:00');
    expect(clockStart({ openDeadlines: [] })).toBeNull();
  });
});
