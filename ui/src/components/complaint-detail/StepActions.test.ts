// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import type { Action } from '@/bindings/Action';
import type { ComplaintState } from '@/bindings/ComplaintState';
import { i18n } from '@/locales';
import StepActions from './StepActions.vue';

function mountActions(actions: Action[], state: ComplaintState) {
  return mount(StepActions, { props: { actions, state }, global: { plugins: [i18n, ElementPlus] } });
}

function buttons(actions: Action[], state: ComplaintState): (string | undefined)[] {
  return mountActions(actions, state)
    .findAll('[data-testid^="action-"]')
    .map((button) => button.attributes('data-testid'));
}

describe('StepActions', () => {
  it('shows exactly the offered actions, waiting on the resident as start or end', () => {
    expect(buttons(['addHandlingNote', 'waitOnResident', 'markHandled'], 'inHandling')).toEqual([
      'action-addHandlingNote',
      'action-startWait',
      'action-markHandled',
    ]);
    expect(buttons(['waitOnResident'], 'waitingOnResident')).toEqual(['action-endWait']);
  });

  it('offers 更正 after the steps, as its own event', async () => {
    const wrapper = mountActions(['dispatch', 'void', 'correct'], 'registered');
    expect(wrapper.findAll('[data-testid^="action-"]').map((button) => button.attributes('data-testid'))).toEqual([
      'action-dispatch',
      'action-void',
      'action-correct',
    ]);
    await wrapper.find('[data-testid="action-correct"]').trigger('click');
    expect(wrapper.emitted('correct')).toHaveLength(1);
    expect(wrapper.emitted('choose')).toBeUndefined();
    expect(wrapper.find('[data-testid="no-actions"]').exists()).toBe(false);
  });

  it('says so when there is nothing to do', () => {
    const wrapper = mountActions(['view'], 'archived');
    expect(wrapper.findAll('[data-testid^="action-"]')).toHaveLength(0);
    expect(wrapper.find('[data-testid="no-actions"]').exists()).toBe(true);
  });
});
