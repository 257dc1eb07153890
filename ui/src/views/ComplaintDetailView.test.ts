// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { complaintDetail, revealResident } from '@/api/complaints';
import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import StepDialog from '@/components/steps/StepDialog.vue';
import { i18n, setLocale } from '@/locales';
import ComplaintDetailView from './ComplaintDetailView.vue';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));
vi.mock('@/api/complaints', () => ({ complaintDetail: vi.fn(), revealResident: vi.fn() }));
vi.mock('@/api/reference', () => ({ listDepartments: async () => [], listCategories: async () => [] }));

const DETAIL = {
  row: { id: 7, state: 'dispatched', severity: 'minor' },
  form: { departmentId: 3 },
  actions: [],
  deadlines: [],
  timeline: [],
  pendingExtension: null,
  nextReplyOn: null,
  attachments: [],
} as unknown as ComplaintDetail;

/** A confidential complaint as a department head reads it: the resident masked. */
const MASKED = {
  ...DETAIL,
  row: {
    id: 7,
    caseNo: 'TS-20261130-002',
    state: 'dispatched',
    severity: 'minor',
    valid: true,
    residentName: '张*',
    room: '3-2-****',
    phone: '138****8000',
    departmentName: '工程维修部',
    confidential: true,
    masked: true,
  },
  form: { departmentId: 3, policyVersion: 1 },
} as unknown as ComplaintDetail;

/** `withHeader` renders the page's header (the 保密 tag, 查看保密信息); `attachTo` for its dialog. */
function mountDetail({ withHeader = false, attachTo }: { withHeader?: boolean; attachTo?: HTMLElement } = {}) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  return mount(ComplaintDetailView, {
    props: { id: 7 },
    attachTo,
    global: {
      plugins: [createPinia(), i18n, ElementPlus, router],
      stubs: {
        DetailHeader: !withHeader,
        FormContent: true,
        DeadlineList: true,
        ComplaintTimeline: true,
        StepActions: true,
        PrintButton: true,
        StepDialog: true,
        AttachmentsPanel: true,
      },
    },
  });
}

describe('ComplaintDetailView', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.mocked(complaintDetail).mockReset();
    vi.mocked(complaintDetail).mockResolvedValue(DETAIL);
  });

  it('reads the complaint again after a conflict in a step, with the other desk’s change', async () => {
    const wrapper = mountDetail();
    await flushPromises();
    expect(complaintDetail).toHaveBeenCalledTimes(1);

    wrapper.findComponent(StepDialog).vm.$emit('conflict');
    await flushPromises();
    expect(complaintDetail).toHaveBeenCalledTimes(2);
    expect(complaintDetail).toHaveBeenLastCalledWith(7);
  });

  it('tells the step dialog which event the window shows last, so that another desk’s step is a conflict', async () => {
    vi.mocked(complaintDetail).mockResolvedValue({
      ...DETAIL,
      timeline: [
        { id: 41, at: '2026-11-30T02:00:00Z', event: { kind: 'registered' } },
        { id: 45, at: '2026-11-30T02:05:00Z', event: { kind: 'dispatched' } },
      ],
    } as unknown as ComplaintDetail);
    const wrapper = mountDetail();
    await flushPromises();
    expect(wrapper.findComponent(StepDialog).props('seenEventId')).toBe(45);
  });

  it('shows why the complaint could not be read, in the window’s language', async () => {
    vi.mocked(complaintDetail).mockRejectedValue({
      kind: 'notFound',
      message: '投诉不存在',
      messageEn: 'No such complaint',
      field: null,
      fields: [],
      until: null,
    });
    const wrapper = mountDetail();
    await flushPromises();
    expect(wrapper.find('[data-testid="detail-error"]').text()).toContain('投诉不存在');
    setLocale('en-US');
    await flushPromises();
    expect(wrapper.find('[data-testid="detail-error"]').text()).toContain('No such complaint');
  });

  it('tags a confidential complaint, and shows the resident to the desk without asking', async () => {
    vi.mocked(complaintDetail).mockResolvedValue({
      ...MASKED,
      row: { ...MASKED.row, residentName: '张三', room: '3-2-1201', masked: false },
    });
    const wrapper = mountDetail({ withHeader: true });
    await flushPromises();
    expect(wrapper.find('[data-testid="confidential-tag"]').text()).toBe('保密');
    expect(wrapper.find('[data-testid="detail-who"]').text()).toContain('张三 · 3-2-1201');
    expect(wrapper.find('[data-testid="reveal-resident"]').exists()).toBe(false);
  });

  it('reveals a masked resident with a reason, the refusal under the reason', async () => {
    vi.mocked(complaintDetail).mockResolvedValue(MASKED);
    vi.mocked(revealResident).mockRejectedValueOnce({
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: 'reason',
      fields: [{ field: 'reason', message: '不能为空', messageEn: 'is required' }],
      until: null,
    });
    vi.mocked(revealResident).mockResolvedValueOnce({ residentName: '张三', room: '3-2-1201', phone: '13800138000' });
    document.body.innerHTML = '';
    const attached = mountDetail({ withHeader: true, attachTo: document.body });
    await flushPromises();
    expect(attached.find('[data-testid="detail-who"]').text()).toContain('张* · 3-2-****');
    expect(attached.find('[data-testid="confidential-tag"]').exists()).toBe(true);

    await attached.find('[data-testid="reveal-resident"]').trigger('click');
    await flushPromises();
    const dialog = () => document.body.querySelector<HTMLElement>('.el-dialog')!;
    const inDialog = (id: string) => dialog().querySelector<HTMLElement>(`[data-testid="${id}"]`);
    expect(dialog().textContent).toContain('查看记录将写入审计日志');

    inDialog('reveal-submit')!.click();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(revealResident).toHaveBeenLastCalledWith(7, '');
    expect(inDialog('field-error-reveal-reason')?.textContent?.trim()).toBe('不能为空');

    const reason = inDialog('reveal-reason') as HTMLTextAreaElement;
    reason.value = '需与住户约定入户维修时间';
    reason.dispatchEvent(new Event('input'));
    inDialog('reveal-submit')!.click();
    await flushPromises();
    expect(revealResident).toHaveBeenLastCalledWith(7, '需与住户约定入户维修时间');
    expect(inDialog('revealed-residentName')?.textContent).toBe('张三');
    expect(inDialog('revealed-room')?.textContent).toBe('3-2-1201');
    expect(inDialog('revealed-phone')?.textContent).toBe('13800138000');
    expect(inDialog('reveal-audited')?.textContent).toBe('已记入审计日志');
    attached.unmount();
  });
});
