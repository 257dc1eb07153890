// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { registerComplaint } from '@/api/complaints';
import { printBlankForm } from '@/api/print';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import RegisterComplaintView from './RegisterComplaintView.vue';

vi.mock('@/api/reference', () => ({
  listDepartments: async () => [{ id: 1, name: '工程维修部', headUserId: null, active: true }],
  listCategories: async () => [{ id: 1, name: '维修', active: true }],
  listStaff: async () => [
    { id: 5, displayName: '吴涛', role: 'departmentHead' },
    { id: 6, displayName: '马超', role: 'patrol' },
  ],
}));
vi.mock('@/api/complaints', () => ({ registerComplaint: vi.fn(), findRepeats: vi.fn(async () => []) }));
vi.mock('@/api/print', () => ({
  printBlankForm: vi.fn(async () => null),
  printReceipt: vi.fn(),
  openPrinted: vi.fn(),
}));

function mountForm(attachTo?: HTMLElement) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/complaints/:id', name: 'complaint', component: { render: () => null } },
    ],
  });
  return mount(RegisterComplaintView, {
    global: { plugins: [createPinia(), i18n, ElementPlus, router] },
    attachTo,
  });
}

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

const tagOf = (wrapper: ReturnType<typeof mountForm>, id: string) =>
  wrapper.find(`[data-testid="${id}"]`).element?.tagName;

describe('RegisterComplaintView', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
    vi.mocked(registerComplaint).mockReset();
  });

  // The end-to-end test types into these; a wrapper div would swallow the keys.
  it('puts each text test id on the native input', async () => {
    const wrapper = mountForm();
    await flushPromises();
    for (const id of ['residentName', 'room', 'phone', 'location']) {
      expect(tagOf(wrapper, id), id).toBe('INPUT');
    }
    // Pickers, and the 被投诉人 select that also takes a typed name: a wrapper around the input.
    for (const id of ['receivedAt', 'occurredAt', 'residentDeadline', 'accusedPerson']) {
      expect(wrapper.find(`[data-testid="${id}"] input`).exists(), id).toBe(true);
    }
    for (const id of ['description', 'residentRequest']) {
      expect(tagOf(wrapper, id), id).toBe('TEXTAREA');
    }
    for (const id of [
      'departmentId',
      'categoryId',
      'severity-minor',
      'channel-phone',
      'valid-false',
      'fromPaper',
      'confidential',
      'submit',
    ]) {
      expect(wrapper.find(`[data-testid="${id}"]`).exists(), id).toBe(true);
    }
  });

  it('shows a validation message under the field it names', async () => {
    const error: CommandError = {
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [{ field: 'residentName', message: '请填写住户姓名', messageEn: 'Enter the resident name' }],
      until: null,
    };
    vi.mocked(registerComplaint).mockRejectedValue(error);
    const wrapper = mountForm();
    await flushPromises();

    await wrapper.find('[data-testid="submit"]').trigger('click');
    await settled();
    expect(wrapper.find('[data-testid="field-error-residentName"]').text()).toBe('请填写住户姓名');

    setLocale('en-US');
    await settled();
    expect(wrapper.find('[data-testid="field-error-residentName"]').text()).toBe('Enter the resident name');
  });

  it('names the refused fields in the error toast, in the page’s order', async () => {
    const toast = vi.spyOn(ElMessage, 'error');
    vi.mocked(registerComplaint).mockRejectedValue({
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [
        { field: 'phone', message: '联系电话格式不正确', messageEn: 'Invalid phone' },
        { field: 'residentName', message: '请填写住户姓名', messageEn: 'Enter the resident name' },
      ],
      until: null,
    } satisfies CommandError);
    const wrapper = mountForm();
    await flushPromises();
    await wrapper.find('[data-testid="submit"]').trigger('click');
    await settled();
    expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ message: '请检查：住户姓名、联系电话' }));

    setLocale('en-US');
    await flushPromises();
    await wrapper.find('[data-testid="submit"]').trigger('click');
    await settled();
    expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ message: 'Please check: Resident name, Phone' }));
    toast.mockRestore();
  });

  it('asks for the invalid reason and the immediate measure only when they apply', async () => {
    const wrapper = mountForm();
    await flushPromises();
    expect(wrapper.find('[data-testid="invalidReason"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="immediateMeasure"]').exists()).toBe(false);

    await wrapper.find('[data-testid="valid-false"] input').setValue(true);
    await wrapper.find('[data-testid="ongoingHarm"] input').setValue(true);
    expect(wrapper.find('[data-testid="invalidReason"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="immediateMeasure"]').exists()).toBe(true);
  });

  it('puts the cursor in the first field refused, in the page’s order', async () => {
    const error: CommandError = {
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [
        { field: 'phone', message: '联系电话格式不正确', messageEn: 'Invalid phone' },
        { field: 'residentName', message: '请填写住户姓名', messageEn: 'Enter the resident name' },
      ],
      until: null,
    };
    vi.mocked(registerComplaint).mockRejectedValue(error);
    const wrapper = mountForm(document.body);
    await flushPromises();
    await wrapper.find('[data-testid="submit"]').trigger('click');
    await settled();
    expect((document.activeElement as HTMLElement | null)?.dataset.testid).toBe('residentName');
    wrapper.unmount();
  });

  it('asks for the paper’s received time when a paper form is typed in (补录)', async () => {
    vi.mocked(registerComplaint).mockRejectedValue({
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: 'receivedAt',
      fields: [
        {
          field: 'receivedAt',
          message: '受理时间须按纸质意见表填写（补录）',
          messageEn: 'must be the time written on the paper form',
        },
      ],
      until: null,
    } satisfies CommandError);
    const wrapper = mountForm(document.body);
    await flushPromises();
    const receivedAt = () => wrapper.find('[data-testid="receivedAt"]');
    const item = () => receivedAt().element.closest('.el-form-item');
    expect(item()?.classList.contains('is-required')).toBe(false);
    expect(receivedAt().find('input').attributes('placeholder')).toBe('现在');

    await wrapper.find('[data-testid="fromPaper"] input').setValue(true);
    await settled();
    expect(item()?.classList.contains('is-required')).toBe(true);
    expect(receivedAt().find('input').attributes('placeholder')).toBe('按纸质表填写受理时间');
    // The cursor goes to the time to type from the paper.
    expect(receivedAt().element.contains(document.activeElement)).toBe(true);

    await wrapper.find('[data-testid="submit"]').trigger('click');
    await settled();
    expect(registerComplaint).toHaveBeenCalledWith(
      expect.objectContaining({ fromPaper: true, receivedAt: null }),
      expect.any(String),
    );
    expect(wrapper.find('[data-testid="field-error-receivedAt"]').text()).toBe('受理时间须按纸质意见表填写（补录）');
    wrapper.unmount();
  });

  it('sends 保密 and a 被投诉人 chosen from the staff by id, a typed one by name', async () => {
    vi.mocked(registerComplaint).mockRejectedValue({
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [],
      until: null,
    } satisfies CommandError);
    const wrapper = mountForm(document.body);
    await flushPromises();
    expect(wrapper.text()).toContain('姓名、电话、房号仅接待、主管和经理可见');
    await wrapper.find('[data-testid="confidential"] input').setValue(true);

    await wrapper.find('[data-testid="accusedPerson"] .el-select__wrapper').trigger('click');
    await flushPromises();
    const options = Array.from(document.body.querySelectorAll<HTMLElement>('.dropdown-accusedPerson li'));
    expect(options.map((option) => option.textContent?.replace(/\s+/g, ''))).toEqual(['吴涛部门主管', '马超巡楼组']);
    options[0]!.click();
    await flushPromises();
    await wrapper.find('[data-testid="submit"]').trigger('click');
    await flushPromises();
    expect(registerComplaint).toHaveBeenLastCalledWith(
      expect.objectContaining({ confidential: true, accusedUserId: 5, accusedPerson: null, fromPaper: false }),
      expect.any(String),
    );

    // Someone without an account: the name typed in the same select.
    const input = wrapper.find('[data-testid="accusedPerson"] input');
    await input.setValue('外包保洁 老王');
    await flushPromises();
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' });
    await flushPromises();
    await wrapper.find('[data-testid="submit"]').trigger('click');
    await flushPromises();
    expect(registerComplaint).toHaveBeenLastCalledWith(
      expect.objectContaining({ accusedUserId: null, accusedPerson: '外包保洁 老王' }),
      expect.any(String),
    );
    wrapper.unmount();
  });

  it('prints the blank form from the header, for the forms filled in by hand', async () => {
    const wrapper = mountForm();
    await flushPromises();
    const button = wrapper.find('[data-testid="print-blank-form"]');
    expect(button.text()).toBe('打印空白意见表');
    await button.trigger('click');
    await flushPromises();
    expect(printBlankForm).toHaveBeenCalledWith();
  });

  it('opens the dispatch right after a save, and keeps 立即派发 for when it is closed', async () => {
    vi.mocked(registerComplaint).mockResolvedValue({
      id: 9,
      caseNo: 'TS-20261130-001',
      residentName: '张三',
      room: '3-2-1201',
      severity: 'minor',
    } as never);
    const wrapper = mountForm(document.body);
    await flushPromises();
    expect(document.body.querySelector('[data-testid="step-recipient"]')).toBeNull();
    await wrapper.find('[data-testid="submit"]').trigger('click');
    await flushPromises();
    expect(document.body.querySelector('[data-testid="step-recipient"]')).not.toBeNull();
    // The receipt is at hand in the dialog itself, not only behind it.
    expect(document.body.querySelector('.step-dialog [data-testid="print-receipt"]')).not.toBeNull();
    expect(wrapper.find('[data-testid="dispatch-now"]').exists()).toBe(true);
    wrapper.unmount();
  });
});
