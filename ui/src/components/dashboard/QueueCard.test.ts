// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { QueueView } from '@/bindings/QueueView';
import { i18n, setLocale } from '@/locales';
import QueueCard from './QueueCard.vue';

const NOW = Date.parse('2026-12-02T09:00:00+08:00');

const ROW = {
  id: 7,
  caseNo: 'TS-20261130-001',
  residentName: '张三',
  room: '3-2-1201',
  departmentName: '工程维修部',
  severity: 'important',
  state: 'inHandling',
  nextDueAt: '2026-11-30T21:50:00+08:00',
  nextDueKind: 'handling',
  overdue: true,
  openDeadlines: [
    {
      kind: 'handling',
      startedAt: '2026-11-27T21:50:00+08:00',
      dueAt: '2026-11-30T21:50:00+08:00',
      warnAt: '2026-11-30T03:50:00+08:00',
      paused: false,
      overdue: true,
      warning: false,
    },
    // Also late: the forward, which the line names too.
    {
      kind: 'forward',
      startedAt: '2026-11-30T09:00:00+08:00',
      dueAt: '2026-11-30T10:00:00+08:00',
      warnAt: '2026-11-30T09:45:00+08:00',
      paused: false,
      overdue: true,
      warning: false,
    },
    {
      kind: 'firstReply',
      startedAt: '2026-11-30T10:00:00+08:00',
      dueAt: '2026-12-09T10:00:00+08:00',
      warnAt: '2026-12-07T10:00:00+08:00',
      paused: false,
      overdue: false,
      warning: false,
    },
  ],
} as unknown as ComplaintRow;

/** Registered at 22:15, out of hours: its dispatch clock starts when the office opens. */
const LATE_NIGHT = {
  ...ROW,
  id: 8,
  caseNo: 'TS-20261201-002',
  state: 'registered',
  nextDueAt: '2026-12-02T08:40:00+08:00',
  nextDueKind: 'dispatch',
  overdue: false,
  afterHours: true,
  openDeadlines: [
    {
      kind: 'dispatch',
      startedAt: '2026-12-02T08:30:00+08:00',
      dueAt: '2026-12-02T08:40:00+08:00',
      warnAt: '2026-12-02T08:37:30+08:00',
      paused: false,
      overdue: false,
      warning: false,
    },
  ],
} as unknown as ComplaintRow;

function row(prominent: boolean, shown: ComplaintRow = ROW, queueName: QueueView['queue'] = 'inHandling', nowMs = NOW) {
  const queue: QueueView = { queue: queueName, count: 1, rows: [shown] };
  const wrapper = mount(QueueCard, {
    props: { queue, nowMs, prominent },
    global: { plugins: [i18n, ElementPlus] },
  });
  return wrapper.find(`[data-testid="dash-row-${shown.caseNo}"]`);
}

describe('QueueCard', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('names every other deadline that is late, not the far ones', () => {
    const shown = row(false);
    expect(shown.find('[data-testid="also-due-forward"]').text()).toContain('转呈');
    expect(shown.find('[data-testid="also-due-forward"]').text()).toContain('已逾期');
    expect(shown.find('[data-testid="also-due-firstReply"]').exists()).toBe(false);
    expect(shown.find('[data-testid="also-due-handling"]').exists()).toBe(false);
  });

  it('names the deadline beside its time on every card, not only the user’s own', () => {
    for (const prominent of [true, false]) {
      const shown = row(prominent);
      expect(shown.find('[data-testid="due-kind"]').text()).toBe('处理');
      expect(shown.find('[data-testid="countdown"]').text()).toBe('已逾期 1 天 11 小时');
    }
  });

  it('tags a confidential complaint, its resident as the backend masked it', () => {
    expect(row(true).find('[data-testid="confidential-tag"]').exists()).toBe(false);
    const masked = { ...ROW, residentName: '张*', room: '3-2-****', confidential: true, masked: true };
    for (const prominent of [true, false]) {
      const shown = row(prominent, masked);
      expect(shown.find('[data-testid="confidential-tag"]').text()).toBe('保密');
      expect(shown.text()).toContain('张*');
      expect(shown.text()).toContain('3-2-****');
    }
  });

  it('shows the room whole, apart from the resident’s name', () => {
    const shown = row(true);
    expect(shown.find('.queue-row__room').text()).toBe('· 3-2-1201');
    expect(shown.find('.queue-row__name').text()).toBe('张三');
  });

  it('turns a line amber from the warning instant of the deadline it counts down to', () => {
    const dispatch = { ...LATE_NIGHT, afterHours: false };
    const at = (time: string) => Date.parse(`2026-12-02T${time}+08:00`);
    const urgencyAt = (time: string) =>
      row(true, dispatch, 'toDispatch', at(time)).find('[data-testid="countdown"]').attributes('data-urgency');
    expect(urgencyAt('08:37:00')).toBe('pending');
    expect(urgencyAt('08:38:00')).toBe('dueSoon');
    expect(urgencyAt('08:40:01')).toBe('overdue');
  });

  it('shows when the clock starts on a line registered after hours, in both languages', () => {
    const evening = Date.parse('2026-12-01T22:20:00+08:00');
    for (const prominent of [true, false]) {
      const shown = row(prominent, LATE_NIGHT, 'afterHours', evening);
      expect(shown.find('[data-testid="clock-start"]').text()).toBe('计时起点 12月2日 08:30');
      expect(shown.find('[data-testid="countdown"]').text()).toBe('剩余 10 小时 20 分');
    }
    setLocale('en-US');
    expect(row(true, LATE_NIGHT, 'afterHours').find('[data-testid="clock-start"]').text()).toBe(
      'Clock starts Dec 2, 08:30',
    );
  });

  it('says when the clock starts only in the after-hours queue', () => {
    expect(row(true, LATE_NIGHT, 'toDispatch').find('[data-testid="clock-start"]').exists()).toBe(false);
  });
});
