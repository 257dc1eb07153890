// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { registerComplaint } from '@/api/complaints';
import type { CommandError } from '@/bindings/CommandError';
import { i18n, setLocale } from '@/locales';
import RegisterComplaintView from './RegisterComplaintView.vue';

vi.mock('@/api/reference', () => ({
  listDepartments: async () => [{ id: 1, name: '工程维修部', headUserId: null, active: true }],
  listCategories: async () => [{ id: 1, name: '维修', active: true }],
}));
vi.mock('@/api/complaints', () => ({ registerComplaint: vi.fn() }));

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
    for (const id of ['residentName', 'room', 'phone', 'location', 'accusedPerson']) {
      expect(tagOf(wrapper, id), id).toBe('INPUT');
    }
    for (const id of ['receivedAt', 'occurredAt', 'residentDeadline']) {
      expect(wrapper.find(`[data-testid="${id}"] input`).exists(), id).toBe(true);
    }
    for (const id of ['description', 'residentRequest']) {
      expect(tagOf(wrapper, id), id).toBe('TEXTAREA');
    }
    for (const id of ['departmentId', 'categoryId', 'severity-minor', 'channel-phone', 'valid-false', 'submit']) {
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
