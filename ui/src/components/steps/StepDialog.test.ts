// @vitest-environment jsdom
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { applyStep } from '@/api/complaints';
import type { CommandError } from '@/bindings/CommandError';
import type { StepName } from '@/domain/steps';
import { i18n, setLocale } from '@/locales';
import { useReferenceStore } from '@/stores/reference';
import StepDialog from './StepDialog.vue';

vi.mock('@/api/complaints', () => ({ applyStep: vi.fn() }));

function mountDialog(step: StepName) {
  const pinia = createPinia();
  useReferenceStore(pinia).departments = [
    { id: 3, name: '工程维修部', headUserId: null, active: true },
    { id: 4, name: '秩序维护部', headUserId: null, active: true },
  ];
  return mount(StepDialog, {
    props: { complaintId: 7, step, departmentId: 3, severity: 'important', pendingExtension: null },
    global: { plugins: [pinia, i18n, ElementPlus] },
    attachTo: document.body,
  });
}

// The dialog is teleported to the body.
const find = (selector: string) => new DOMWrapper(document.body).find(selector);

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

describe('StepDialog', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
    vi.mocked(applyStep).mockReset();
  });

  it('sends the dispatch with the registered department pre-filled', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    const wrapper = mountDialog('dispatch');
    await flushPromises();
    await find('input[data-testid="step-recipient"]').setValue('吴涛');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(7, { step: 'dispatch', input: { departmentId: 3, recipient: '吴涛' } });
    expect(wrapper.emitted('done')).toHaveLength(1);
  });

  it('puts a refused field under its input and stays open', async () => {
    const error: CommandError = {
      kind: 'validation',
      message: '签批意见不能为空',
      messageEn: 'Sign-off comment is required',
      field: 'comment',
      fields: [{ field: 'comment', message: '签批意见不能为空', messageEn: 'Sign-off comment is required' }],
      until: null,
    };
    vi.mocked(applyStep).mockRejectedValue(error);
    const wrapper = mountDialog('signOff');
    await flushPromises();
    await find('[data-testid="step-approved-false"] input').setValue(true);
    await find('[data-testid="dialog-submit"]').trigger('click');
    await settled();
    expect(applyStep).toHaveBeenCalledWith(7, { step: 'signOff', input: { approved: false, comment: '' } });
    expect(find('[data-testid="field-error-step-comment"]').text()).toBe('签批意见不能为空');
    expect(wrapper.emitted('done')).toBeUndefined();
  });

  it('keeps a conflict in the dialog, in the window’s language, and asks the page to reload', async () => {
    const conflict: CommandError = {
      kind: 'conflict',
      message: '该投诉刚被其他工作台修改，请刷新后重试',
      messageEn: 'Another desk changed this complaint just now: refresh and try again',
      field: null,
      fields: [],
      until: null,
    };
    vi.mocked(applyStep).mockRejectedValue(conflict);
    const wrapper = mountDialog('logFormReturn');
    await flushPromises();
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(wrapper.emitted('conflict')).toHaveLength(1);
    expect(wrapper.emitted('done')).toBeUndefined();
    expect(find('[data-testid="dialog-error"]').text()).toBe('该投诉刚被其他工作台修改，请刷新后重试');
    setLocale('en-US');
    await flushPromises();
    expect(find('[data-testid="dialog-error"]').text()).toBe(
      'Another desk changed this complaint just now: refresh and try again',
    );
  });

  it('asks only for a confirmation when the step has no input', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    mountDialog('logFormReturn');
    await flushPromises();
    expect(find('[data-testid="step-confirm"]').text()).toContain('意见表');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(7, { step: 'logFormReturn' });
  });
});
