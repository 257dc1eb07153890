// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { complaintDetail } from '@/api/complaints';
import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import StepDialog from '@/components/steps/StepDialog.vue';
import { i18n, setLocale } from '@/locales';
import ComplaintDetailView from './ComplaintDetailView.vue';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));
vi.mock('@/api/complaints', () => ({ complaintDetail: vi.fn() }));
vi.mock('@/api/reference', () => ({ listDepartments: async () => [], listCategories: async () => [] }));

const DETAIL = {
  row: { id: 7, state: 'dispatched', severity: 'minor' },
  form: { departmentId: 3 },
  actions: [],
  deadlines: [],
  timeline: [],
  pendingExtension: null,
  nextReplyOn: null,
} as unknown as ComplaintDetail;

function mountDetail() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  return mount(ComplaintDetailView, {
    props: { id: 7 },
    global: {
      plugins: [createPinia(), i18n, ElementPlus, router],
      stubs: {
        DetailHeader: true,
        FormContent: true,
        DeadlineList: true,
        ComplaintTimeline: true,
        StepActions: true,
        PrintFormButton: true,
        StepDialog: true,
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
});
