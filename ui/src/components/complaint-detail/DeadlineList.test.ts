// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
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
});
