// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DutyLine } from '@/bindings/DutyLine';
import { i18n, setLocale } from '@/locales';
import DutyTable from './DutyTable.vue';

const none = { count: 0, of: 0 };

const LINES: DutyLine[] = [
  {
    key: '2',
    name: '林晓',
    hasAccount: true,
    registered: 12,
    dispatched: 40,
    dispatchedOnTime: { count: 34, of: 40 },
    returnsLogged: 3,
    returnsSameDay: { count: 3, of: 3 },
    forwarded: 0,
    forwardedOnTime: none,
    notified: 5,
    notifiedSameDay: { count: 4, of: 5 },
    calledBack: 2,
    calledBackOnTime: none,
    arranged: 6,
    arrangedOnTime: { count: 5, of: 6 },
  },
  {
    key: 'name:老周',
    name: '老周',
    hasAccount: false,
    registered: 0,
    dispatched: 0,
    dispatchedOnTime: none,
    returnsLogged: 0,
    returnsSameDay: none,
    forwarded: 0,
    forwardedOnTime: none,
    notified: 0,
    notifiedSameDay: none,
    calledBack: 1,
    calledBackOnTime: { count: 1, of: 1 },
    arranged: 0,
    arrangedOnTime: none,
  },
];

async function mountTable() {
  const wrapper = mount(DutyTable, { props: { rows: LINES }, global: { plugins: [i18n, ElementPlus] } });
  await flushPromises();
  return wrapper;
}

const cells = (wrapper: Awaited<ReturnType<typeof mountTable>>) =>
  wrapper.findAll('tbody tr').map((row) => row.findAll('td').map((cell) => cell.text().replace(/\s+/g, ' ')));

describe('DutyTable', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('shows each duty’s count with its on-time rate, the count alone when no deadline was met', async () => {
    expect(cells(await mountTable())).toEqual([
      ['林晓', '12', '40 / 85.0%', '3 / 100.0%', '0', '5 / 80.0%', '2', '6 / 83.3%'],
      ['老周 无账号，代录', '0', '0', '0', '0', '0', '1 / 100.0%', '0'],
    ]);
  });

  it('heads each column with the duty and, under it, its rate', async () => {
    const heads = (await mountTable()).findAll('thead th').map((cell) => {
      const parts = cell.findAll('.duty-table__head > span');
      return parts.length > 0 ? parts.map((part) => part.text()) : [cell.text()];
    });
    expect(heads).toEqual([
      ['人员'],
      ['登记'],
      ['派发', '10 分钟内派发率'],
      ['意见表返回', '当天登记率'],
      ['转呈', '按时转呈率'],
      ['回复住户', '当天回复率'],
      ['回访', '按时回访率'],
      ['回访安排', '按时安排率'],
    ]);
  });
});
