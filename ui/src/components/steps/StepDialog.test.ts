// @vitest-environment jsdom
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { applyStep } from '@/api/complaints';
import type { CommandError } from '@/bindings/CommandError';
import type { StepName } from '@/domain/steps';
import { i18n, setLocale } from '@/locales';
import type { Role } from '@/bindings/Role';
import { useReferenceStore } from '@/stores/reference';
import { useSessionStore } from '@/stores/session';
import StepDialog from './StepDialog.vue';

vi.mock('@/api/complaints', () => ({ applyStep: vi.fn() }));

function mountDialog(
  step: StepName,
  more: {
    correctiveRecorded?: boolean;
    offersCorrective?: boolean;
    role?: Role;
    caseNo?: string;
    seenEventId?: number | null;
  } = {},
) {
  const pinia = createPinia();
  useReferenceStore(pinia).departments = [
    { id: 3, name: '工程维修部', headUserId: null, active: true },
    { id: 4, name: '秩序维护部', headUserId: null, active: true },
  ];
  const { role, ...flags } = more;
  if (role) {
    useSessionStore(pinia).user = { id: 5, username: 'u', displayName: '吴涛', role, roles: [role], departmentId: 3 };
  }
  return mount(StepDialog, {
    props: { complaintId: 7, step, departmentId: 3, severity: 'important', pendingExtension: null, ...flags },
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

  it('names the complaint it acts on in its title', async () => {
    mountDialog('dispatch', { caseNo: 'TS-20261130-007' });
    await flushPromises();
    expect(find('.el-dialog__title').text()).toBe('派发 · TS-20261130-007');
  });

  it('sends the dispatch with the registered department pre-filled', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    const wrapper = mountDialog('dispatch');
    await flushPromises();
    await find('input[data-testid="step-recipient"]').setValue('吴涛');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(
      7,
      { step: 'dispatch', input: { departmentId: 3, recipient: '吴涛' } },
      null,
    );
    expect(wrapper.emitted('done')).toHaveLength(1);
  });

  it('sends the complaint as it was when the dialog opened, not as the page refreshed under it', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    const wrapper = mountDialog('dispatch', { seenEventId: 45 });
    await flushPromises();
    // Another desk dispatched meanwhile: the page read the complaint again.
    await wrapper.setProps({ seenEventId: 46 });
    await find('input[data-testid="step-recipient"]').setValue('吴涛');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(7, { step: 'dispatch', input: { departmentId: 3, recipient: '吴涛' } }, 45);
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
    expect(applyStep).toHaveBeenCalledWith(7, { step: 'signOff', input: { approved: false, comment: '' } }, null);
    expect(find('[data-testid="field-error-step-comment"]').text()).toBe('签批意见不能为空');
    expect(wrapper.emitted('done')).toBeUndefined();
  });

  it('names the refused fields in the error toast', async () => {
    const error = vi.spyOn(ElMessage, 'error');
    vi.mocked(applyStep).mockRejectedValue({
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [
        { field: 'recipient', message: '请填写领表人', messageEn: 'Enter the recipient' },
        { field: 'departmentId', message: '部门已停用', messageEn: 'Department disabled' },
      ],
      until: null,
    } satisfies CommandError);
    mountDialog('dispatch');
    await flushPromises();
    await find('[data-testid="dialog-submit"]').trigger('click');
    await settled();
    expect(error).toHaveBeenLastCalledWith(expect.objectContaining({ message: '请检查：派发部门、领表人' }));
    error.mockRestore();
  });

  it('puts the cursor in the recipient of a dispatch, and sends it with Enter', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    const wrapper = mountDialog('dispatch');
    await flushPromises();
    wrapper.findComponent({ name: 'ElDialog' }).vm.$emit('opened');
    const recipient = find('input[data-testid="step-recipient"]');
    expect(document.activeElement).toBe(recipient.element);
    await recipient.setValue('吴涛');
    // Enter while an input method is choosing a candidate only picks the candidate.
    await recipient.trigger('keydown', { key: 'Enter', isComposing: true });
    expect(applyStep).not.toHaveBeenCalled();
    await recipient.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(
      7,
      { step: 'dispatch', input: { departmentId: 3, recipient: '吴涛' } },
      null,
    );
    expect(wrapper.emitted('done')).toHaveLength(1);
  });

  it('keeps a conflict in the dialog, in the window’s language, and asks the page to reload', async () => {
    const conflict: CommandError = {
      kind: 'conflict',
      message: '该投诉已被其他终端更新，请刷新后重试',
      messageEn: 'Another desk has updated this complaint: refresh and try again',
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
    expect(find('[data-testid="dialog-error"]').text()).toBe('该投诉已被其他终端更新，请刷新后重试');
    setLocale('en-US');
    await flushPromises();
    expect(find('[data-testid="dialog-error"]').text()).toBe(
      'Another desk has updated this complaint: refresh and try again',
    );
  });

  it('asks only for a confirmation when the step has no input', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    mountDialog('logFormReturn');
    await flushPromises();
    expect(find('[data-testid="step-confirm"]').text()).toContain('意见表');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(7, { step: 'logFormReturn' }, null);
  });

  it('says a sign-off needs the corrective record first, and offers only the rejection', async () => {
    vi.mocked(applyStep).mockResolvedValue({} as never);
    const wrapper = mountDialog('signOff', { correctiveRecorded: false, offersCorrective: true });
    await flushPromises();
    expect(find('[data-testid="signoff-needs-corrective"]').text()).toContain('签批前须先填写不合格纠正与预防记录');
    expect(find('[data-testid="step-approved-true"] input').attributes('disabled')).toBeDefined();
    expect(find('[data-testid="step-approved-false"] input').attributes('disabled')).toBeUndefined();
    await find('textarea[data-testid="step-comment"]').setValue('楼下天花板受潮未处理');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(applyStep).toHaveBeenCalledWith(
      7,
      {
        step: 'signOff',
        input: { approved: false, comment: '楼下天花板受潮未处理' },
      },
      null,
    );

    await find('[data-testid="signoff-record-corrective"]').trigger('click');
    expect(wrapper.emitted('choose')).toEqual([['recordCorrective']]);
  });

  it('offers the approval once the corrective record exists', async () => {
    mountDialog('signOff', { correctiveRecorded: true });
    await flushPromises();
    expect(find('[data-testid="signoff-needs-corrective"]').exists()).toBe(false);
    expect(find('[data-testid="step-approved-true"] input').attributes('disabled')).toBeUndefined();
  });

  it('says who records it when the viewer may not', async () => {
    mountDialog('signOff', { correctiveRecorded: false, offersCorrective: false });
    await flushPromises();
    expect(find('[data-testid="signoff-needs-corrective"]').text()).toContain('请被投诉部门主管或公共事务部主管填写');
    expect(find('[data-testid="signoff-record-corrective"]').exists()).toBe(false);
  });

  it('tells the department head to return the paper form after handling', async () => {
    const success = vi.spyOn(ElMessage, 'success');
    vi.mocked(applyStep).mockResolvedValue({} as never);
    mountDialog('markHandled', { role: 'departmentHead' });
    await flushPromises();
    await find('textarea[data-testid="step-result"]').setValue('已更换接头');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(success).toHaveBeenLastCalledWith(
      expect.objectContaining({ message: '已完成：处理完毕。请将《住户投诉意见表》交回住户服务中心。' }),
    );

    // The desk's own people are there already.
    document.body.innerHTML = '';
    mountDialog('markHandled', { role: 'supervisor' });
    await flushPromises();
    await find('textarea[data-testid="step-result"]').setValue('已更换接头');
    await find('[data-testid="dialog-submit"]').trigger('click');
    await flushPromises();
    expect(success).toHaveBeenLastCalledWith(expect.objectContaining({ message: '已完成：处理完毕' }));
    success.mockRestore();
  });
});
