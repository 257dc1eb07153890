// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '@/bindings/Action';
import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import type { ComplaintState } from '@/bindings/ComplaintState';
import type { DeadlineView } from '@/bindings/DeadlineView';
import { i18n, setLocale } from '@/locales';
import NextMove from './NextMove.vue';

const HANDLING: DeadlineView = {
  kind: 'handling',
  startedAt: '2026-11-30T09:00:00+08:00',
  dueAt: '2026-12-03T18:00:00+08:00',
  metAt: null,
  status: 'pending',
  paused: false,
  warnAt: '2026-12-03T00:00:00+08:00',
  working: false,
  rule: '派发后 3 天内（按自然日计）',
  ruleEn: 'within 3 calendar day(s) of dispatch',
};

function shown(deadlines: DeadlineView[], actions: Action[], state: ComplaintState = 'inHandling') {
  const detail = {
    row: { id: 7, state, severity: 'minor', departmentName: '工程维修部' },
    form: { departmentId: 3 },
    timeline: [],
    deadlines,
    actions,
    pendingExtension: null,
    nextReplyOn: null,
  } as unknown as ComplaintDetail;
  const wrapper = mount(NextMove, { props: { detail }, global: { plugins: [i18n, ElementPlus] } });
  return {
    banner: wrapper.find('[data-testid="next-move"]'),
    text: wrapper.find('[data-testid="next-move-text"]'),
    others: wrapper.find('[data-testid="next-move-others"]'),
  };
}

describe('NextMove', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('says who acts next and by when', () => {
    const { text, others } = shown([HANDLING], ['markHandled']);
    expect(text.text()).toBe('下一步：工程维修部主管 处理（2026-12-03 18:00 前）');
    expect(others.exists()).toBe(false);
  });

  it('says an overdue step is overdue, in both languages', () => {
    const overdue: DeadlineView = { ...HANDLING, status: 'overdue' };
    expect(shown([overdue], ['markHandled']).text.text()).toBe(
      '下一步：工程维修部主管 处理（应于 2026-12-03 18:00 前，已逾期）',
    );
    setLocale('en-US');
    expect(shown([overdue], ['markHandled']).text.text()).toBe(
      'Next: Head of 工程维修部 to handle it (due 2026-12-03 18:00, overdue)',
    );
  });

  it('says a step in its warning share is close, in both languages', () => {
    const warning: DeadlineView = { ...HANDLING, status: 'dueSoon' };
    expect(shown([warning], ['markHandled']).text.text()).toBe(
      '下一步：工程维修部主管 处理（2026-12-03 18:00 前，已进入预警）',
    );
    setLocale('en-US');
    expect(shown([warning], ['markHandled']).text.text()).toBe(
      'Next: Head of 工程维修部 to handle it (by 2026-12-03 18:00, warning)',
    );
  });

  it('tells a viewer with nothing to do whose move it is', () => {
    const { others } = shown([HANDLING], []);
    expect(others.text()).toBe('现在轮到工程维修部主管办理，您当前无需操作。');
  });

  it('says nothing on a closed complaint', () => {
    expect(shown([HANDLING], [], 'voided').banner.exists()).toBe(false);
  });
});
