// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeadlineView } from '@/bindings/DeadlineView';
import { i18n, setLocale } from '@/locales';
import DeadlineList from './DeadlineList.vue';

function notes(props: { reviewed?: boolean; lateExtension?: boolean }) {
  const wrapper = mount(DeadlineList, {
    props: { deadlines: [], ...props },
    global: { plugins: [i18n, ElementPlus] },
  });
  return {
    reviewed: wrapper.find('[data-testid="deadline-note-reviewed"]'),
    late: wrapper.find('[data-testid="deadline-note-late-extension"]'),
  };
}

describe('DeadlineList', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('says nothing more for a complaint without a review or a late extension', () => {
    const shown = notes({});
    expect(shown.reviewed.exists()).toBe(false);
    expect(shown.late.exists()).toBe(false);
  });

  it('says how a re-grade counts the clock', () => {
    expect(notes({ reviewed: true }).reviewed.text()).toMatch(/按新等级的天数自受理时起计/);
  });

  it('says a late extension keeps the breach, in both languages', () => {
    expect(notes({ lateExtension: true }).late.text()).toMatch(/逾期记录保留/);
    setLocale('en-US');
    expect(notes({ lateExtension: true }).late.text()).toMatch(/stays recorded and counted/);
  });

  it('names who acts on a deadline still open, and nobody on one met', () => {
    const wrapper = mount(DeadlineList, {
      props: {
        deadlines: [
          {
            kind: 'dispatch',
            startedAt: '2026-11-30T09:00:00+08:00',
            dueAt: '2026-11-30T09:10:00+08:00',
            metAt: '2026-11-30T09:05:00+08:00',
            status: 'metOnTime',
            paused: false,
            warnAt: '2026-11-30T09:07:30+08:00',
            working: false,
            rule: '登记后 10 分钟内（按自然时间计）',
            ruleEn: 'within 10 minute(s) of registration',
          },
          {
            kind: 'handling',
            startedAt: '2026-11-30T09:05:00+08:00',
            dueAt: '2026-12-03T18:00:00+08:00',
            metAt: null,
            status: 'pending',
            paused: false,
            warnAt: '2026-12-03T00:00:00+08:00',
            working: true,
            rule: '派发后 3 个工作日内（按工作日计，节假日不计）',
            ruleEn: 'within 3 working day(s) of dispatch (holidays not counted)',
          },
        ],
        who: { handling: '工程维修部主管' },
      },
      global: { plugins: [i18n, ElementPlus] },
    });
    expect(wrapper.find('[data-testid="deadline-who-handling"]').text()).toBe('工程维修部主管');
    // Nobody's button here: the viewer was given no action.
    expect(wrapper.find('[data-testid="deadline-act-handling"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="deadline-who-dispatch"]').text()).toBe('—');
    expect(wrapper.find('thead').text()).toContain('由谁办理');
  });

  it('lists a second promised reply of the same kind, the first keeping its test id', () => {
    const promised = (startedAt: string, dueAt: string, metAt: string | null) => ({
      kind: 'promisedReply' as const,
      startedAt,
      dueAt,
      metAt,
      status: metAt === null ? ('pending' as const) : ('metOnTime' as const),
      paused: false,
      warnAt: dueAt,
      working: false,
      rule: '约定日期当天结束前',
      ruleEn: 'by the end of the day promised',
    });
    const wrapper = mount(DeadlineList, {
      props: {
        deadlines: [
          promised('2026-11-30T10:00:00+08:00', '2026-12-02T23:59:59+08:00', '2026-12-02T09:00:00+08:00'),
          promised('2026-12-02T09:00:00+08:00', '2026-12-05T23:59:59+08:00', null),
        ],
        who: { promisedReply: '接待员' },
      },
      global: { plugins: [i18n, ElementPlus] },
    });
    const rows = wrapper.findAll('tbody tr');
    expect(rows.map((row) => row.attributes('data-testid'))).toEqual([
      'deadline-promisedReply',
      'deadline-promisedReply-2',
    ]);
    expect(wrapper.find('[data-testid="deadline-status-promisedReply"]').text()).toBe('按时完成');
    expect(wrapper.find('[data-testid="deadline-status-promisedReply-2"]').text()).toBe('未到期');
    expect(wrapper.find('[data-testid="deadline-who-promisedReply-2"]').text()).toBe('接待员');
  });

  it('offers the viewer the step that meets an open deadline, and only that one', async () => {
    const wrapper = mount(DeadlineList, {
      props: {
        deadlines: [
          {
            kind: 'dispatch',
            startedAt: '2026-11-30T09:00:00+08:00',
            dueAt: '2026-11-30T09:10:00+08:00',
            metAt: '2026-11-30T09:05:00+08:00',
            status: 'metOnTime',
            paused: false,
            warnAt: '2026-11-30T09:07:30+08:00',
            working: false,
            rule: '登记后 10 分钟内（按自然时间计）',
            ruleEn: 'within 10 minute(s) of registration',
          },
          {
            kind: 'handling',
            startedAt: '2026-11-30T09:05:00+08:00',
            dueAt: '2026-12-03T18:00:00+08:00',
            metAt: null,
            status: 'pending',
            paused: false,
            warnAt: '2026-12-03T00:00:00+08:00',
            working: true,
            rule: '派发后 3 个工作日内（按工作日计，节假日不计）',
            ruleEn: 'within 3 working day(s) of dispatch (holidays not counted)',
          },
        ],
        actions: ['dispatch', 'markHandled', 'addHandlingNote'],
        state: 'dispatched',
      },
      global: { plugins: [i18n, ElementPlus] },
    });
    expect(wrapper.find('[data-testid="deadline-act-dispatch"]').exists()).toBe(false);
    const act = wrapper.find('[data-testid="deadline-act-handling"]');
    expect(act.text()).toBe('处理完毕');
    await act.trigger('click');
    expect(wrapper.emitted('choose')).toEqual([['markHandled']]);
  });

  it('says the rule each deadline follows, and whether it counts working or calendar time, in both languages', () => {
    const deadlines: DeadlineView[] = [
      {
        kind: 'dispatch',
        startedAt: '2026-11-30T09:00:00+08:00',
        dueAt: '2026-11-30T09:10:00+08:00',
        metAt: null,
        status: 'dueSoon',
        paused: false,
        warnAt: '2026-11-30T09:07:30+08:00',
        working: true,
        rule: '登记后 10 个办公分钟内（非办公时间不计时）',
        ruleEn: 'within 10 office minute(s) of registration (clock stops out of hours)',
      },
      {
        kind: 'callback',
        startedAt: '2026-11-30T09:00:00+08:00',
        dueAt: '2026-12-03T09:00:00+08:00',
        metAt: null,
        status: 'pending',
        paused: false,
        warnAt: '2026-12-02T15:00:00+08:00',
        working: false,
        rule: '回复住户后 3 天内（按自然日计）',
        ruleEn: 'within 3 calendar day(s) of notification',
      },
    ];
    const mountList = () => mount(DeadlineList, { props: { deadlines }, global: { plugins: [i18n, ElementPlus] } });
    let wrapper = mountList();
    expect(wrapper.find('[data-testid="deadline-rule-dispatch"]').text()).toBe(
      '登记后 10 个办公分钟内（非办公时间不计时）',
    );
    expect(wrapper.find('[data-testid="deadline-timing-dispatch"]').text()).toBe('工作时间');
    expect(wrapper.find('[data-testid="deadline-timing-callback"]').text()).toBe('自然时间');
    expect(wrapper.find('[data-testid="deadline-status-dispatch"]').text()).toBe('预警');

    setLocale('en-US');
    wrapper = mountList();
    expect(wrapper.find('[data-testid="deadline-rule-dispatch"]').text()).toBe(
      'within 10 office minute(s) of registration (clock stops out of hours)',
    );
    expect(wrapper.find('[data-testid="deadline-timing-dispatch"]').text()).toBe('Working time');
    expect(wrapper.find('[data-testid="deadline-timing-callback"]').text()).toBe('Calendar time');
    expect(wrapper.find('[data-testid="deadline-status-dispatch"]').text()).toBe('Warning');
  });
});
