// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@/locales';
import AccusedTable from './AccusedTable.vue';

describe('AccusedTable', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('lists the people complained about by severity, marking a name typed for someone without an account', async () => {
    const wrapper = mount(AccusedTable, {
      props: {
        rows: [
          { key: '5', name: '吴涛', hasAccount: true, total: 3, major: 1, important: 0, minor: 2 },
          { key: 'name:保安小李', name: '保安小李', hasAccount: false, total: 1, major: 0, important: 1, minor: 0 },
        ],
      },
      global: { plugins: [i18n, ElementPlus] },
    });
    await flushPromises();
    expect(wrapper.findAll('thead th').map((cell) => cell.text())).toEqual([
      '被投诉人',
      '有效投诉',
      '重大',
      '重要',
      '轻微',
    ]);
    expect(wrapper.findAll('tbody tr').map((row) => row.findAll('td').map((cell) => cell.text()))).toEqual([
      ['吴涛', '3', '1', '0', '2'],
      ['保安小李 非系统用户', '1', '0', '1', '0'],
    ]);
  });
});
