// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { complaintDetail, correctComplaint } from '@/api/complaints';
import type { CommandError } from '@/bindings/CommandError';
import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import type { ComplaintState } from '@/bindings/ComplaintState';
import { i18n, setLocale } from '@/locales';
import CorrectComplaintView from './CorrectComplaintView.vue';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));
vi.mock('@/api/reference', () => ({
  listDepartments: async () => [
    { id: 1, name: '工程维修部', headUserId: null, active: true },
    { id: 4, name: '旧绿化部', headUserId: null, active: false },
  ],
  listCategories: async () => [{ id: 2, name: '维修', active: true }],
  listStaff: async () => [{ id: 3, displayName: '陈勇', role: 'departmentHead' }],
}));
vi.mock('@/api/complaints', () => ({ complaintDetail: vi.fn(), correctComplaint: vi.fn(), findRepeats: vi.fn() }));

function detailIn(state: ComplaintState, departmentId = 1): ComplaintDetail {
  return {
    row: { id: 7, caseNo: 'TS-20261130-001', state, severity: 'minor' },
    form: {
      receivedAt: '2026-11-30T08:45:00+08:00',
      channel: 'phone',
      receptionistName: '林晓',
      residentName: '张三',
      room: '3-2-1201',
      phone: '13800138000',
      contactMethod: 'phone',
      occurredAt: null,
      location: '厨房',
      departmentId,
      accusedPerson: null,
      accusedUserId: null,
      description: '厨房水管漏水',
      residentRequest: '尽快维修',
      residentDeadline: null,
      categoryId: 2,
      severity: 'minor',
      valid: true,
      invalidReason: null,
      ongoingHarm: false,
      immediateMeasure: null,
      policyVersion: 1,
      confidential: false,
    },
    actions: ['correct'],
    deadlines: [],
    timeline: [],
    pendingExtension: null,
    nextReplyOn: null,
  } as unknown as ComplaintDetail;
}

async function mountCorrection(attachTo?: HTMLElement) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/complaints/:id', name: 'complaint', component: { render: () => null } },
      { path: '/complaints/:id/correct', name: 'correctComplaint', component: { render: () => null } },
    ],
  });
  await router.push('/complaints/7/correct');
  const wrapper = mount(CorrectComplaintView, {
    props: { id: 7 },
    global: { plugins: [createPinia(), i18n, ElementPlus, router] },
    attachTo,
  });
  await flushPromises();
  return { wrapper, router };
}

// el-form-item shows a new error state after a 100 ms debounce.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

// The test id sits on the native input, or on a wrapper around it (the date pickers).
function inputValue(wrapper: Awaited<ReturnType<typeof mountCorrection>>['wrapper'], id: string): string {
  const element = wrapper.find(`[data-testid="${id}"]`).element;
  return (element instanceof HTMLInputElement ? element : element.querySelector('input'))?.value ?? '';
}

describe('CorrectComplaintView', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.mocked(complaintDetail).mockReset();
    vi.mocked(correctComplaint).mockReset();
  });

  it('fills the form in as registered, with who took it, and no repeat lookup', async () => {
    vi.mocked(complaintDetail).mockResolvedValue(detailIn('registered'));
    const { wrapper } = await mountCorrection();
    expect(inputValue(wrapper, 'residentName')).toBe('张三');
    expect(inputValue(wrapper, 'phone')).toBe('13800138000');
    expect(inputValue(wrapper, 'receivedAt')).toBe('2026-11-30 08:45');
    expect(wrapper.find('[data-testid="receptionist"]').text()).toBe('林晓');
    expect(wrapper.find('[data-testid="repeat-panel"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="departmentId"] input').attributes('disabled')).toBeUndefined();
    expect(wrapper.find('[data-testid="locked-departmentId"]').exists()).toBe(false);
  });

  it('keeps the department and severity once dispatched, saying why', async () => {
    vi.mocked(complaintDetail).mockResolvedValue(detailIn('dispatched'));
    const { wrapper } = await mountCorrection();
    expect(wrapper.find('[data-testid="departmentId"] input').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="locked-departmentId"]').text()).toMatch(/回退后重新派发/);
    expect(wrapper.find('[data-testid="severity-major"] input').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="locked-severity"]').text()).toMatch(/复核等级/);
  });

  it('still offers a department disabled since, when the form names it', async () => {
    vi.mocked(complaintDetail).mockResolvedValue(detailIn('registered', 4));
    const { wrapper } = await mountCorrection();
    expect(wrapper.find('[data-testid="departmentId"]').text()).toContain('旧绿化部');
  });

  it('shows the reason’s message under the reason', async () => {
    vi.mocked(complaintDetail).mockResolvedValue(detailIn('registered'));
    const refused: CommandError = {
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: 'reason',
      fields: [{ field: 'reason', message: '原因不能为空', messageEn: 'Reason is required' }],
      until: null,
    };
    vi.mocked(correctComplaint).mockRejectedValue(refused);
    const { wrapper } = await mountCorrection(document.body);
    await wrapper.find('[data-testid="correct-submit"]').trigger('click');
    await settled();
    expect(wrapper.find('[data-testid="field-error-reason"]').text()).toBe('原因不能为空');
    // At the bottom of a long form: the cursor goes where the message is.
    expect((document.activeElement as HTMLElement | null)?.dataset.testid).toBe('reason');
    wrapper.unmount();
  });

  it('names the refused fields in the error toast', async () => {
    const toast = vi.spyOn(ElMessage, 'error');
    vi.mocked(complaintDetail).mockResolvedValue(detailIn('registered'));
    vi.mocked(correctComplaint).mockRejectedValue({
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: null,
      fields: [
        { field: 'reason', message: '原因不能为空', messageEn: 'Reason is required' },
        { field: 'phone', message: '联系电话格式不正确', messageEn: 'Invalid phone' },
      ],
      until: null,
    } satisfies CommandError);
    const { wrapper } = await mountCorrection();
    await wrapper.find('[data-testid="correct-submit"]').trigger('click');
    await settled();
    expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ message: '请检查：联系电话、更正原因' }));
    toast.mockRestore();
  });

  it('sends the whole form with the reason, then goes back to the detail page', async () => {
    const registered = detailIn('registered');
    vi.mocked(complaintDetail).mockResolvedValue(registered);
    vi.mocked(correctComplaint).mockResolvedValue(registered);
    const { wrapper, router } = await mountCorrection();
    await wrapper.find('[data-testid="phone"]').setValue('13900139000');
    await wrapper.find('[data-testid="reason"]').setValue('住户来电告知电话记错');
    await wrapper.find('[data-testid="correct-submit"]').trigger('click');
    await flushPromises();
    expect(correctComplaint).toHaveBeenCalledWith(7, {
      form: expect.objectContaining({
        receivedAt: '2026-11-30 08:45',
        phone: '13900139000',
        room: '3-2-1201',
        departmentId: 1,
        categoryId: 2,
        accusedPerson: null,
      }),
      reason: '住户来电告知电话记错',
      // No timeline loaded in this test: nothing to compare against.
      lastEventId: null,
    });
    expect(router.currentRoute.value.name).toBe('complaint');
  });

  it('carries 保密 and the 被投诉人 account, disabled since, and leaves 补录 to registration', async () => {
    const registered = detailIn('registered');
    registered.form = { ...registered.form, confidential: true, accusedUserId: 9, accusedPerson: '吴涛' };
    vi.mocked(complaintDetail).mockResolvedValue(registered);
    vi.mocked(correctComplaint).mockResolvedValue(registered);
    const { wrapper } = await mountCorrection();
    expect(wrapper.find('[data-testid="fromPaper"]').exists()).toBe(false);
    expect(wrapper.find<HTMLInputElement>('[data-testid="confidential"] input').element.checked).toBe(true);
    expect(wrapper.find('[data-testid="accusedPerson"]').text()).toContain('吴涛');

    await wrapper.find('[data-testid="confidential"] input').setValue(false);
    await wrapper.find('[data-testid="reason"]').setValue('住户不再要求保密');
    await wrapper.find('[data-testid="correct-submit"]').trigger('click');
    await flushPromises();
    expect(correctComplaint).toHaveBeenCalledWith(7, {
      form: expect.objectContaining({ confidential: false, accusedUserId: 9, accusedPerson: null, fromPaper: false }),
      reason: '住户不再要求保密',
      lastEventId: null,
    });
  });

  it('says so when the complaint can no longer be corrected', async () => {
    vi.mocked(complaintDetail).mockResolvedValue({ ...detailIn('archived'), actions: ['view'] });
    const { wrapper } = await mountCorrection();
    expect(wrapper.find('[data-testid="correct-not-offered"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="correct-submit"]').exists()).toBe(false);
  });
});
