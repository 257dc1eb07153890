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
    { kind: 'handling', dueAt: '2026-11-30T21:50:00+08:00', paused: false, overdue: true },
    // Also late: the forward, which the line names too.
    { kind: 'forward', dueAt: '2026-11-30T10:00:00+08:00', paused: false, overdue: true },
    { kind: 'firstReply', dueAt: '2026-12-09T10:00:00+08:00', paused: false, overdue: false },
  ],
} as unknown as ComplaintRow;

function row(prominent: boolean, shown: ComplaintRow = ROW) {
  const queue: QueueView = { queue: 'inHandling', count: 1, rows: [shown] };
  const wrapper = mount(QueueCard, {
    props: { queue, nowMs: NOW, prominent },
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
});
