// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElDatePicker, ElMessage, ElMessageBox, ElNotification } from 'element-plus';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { handOver, handoverCandidates, listHandovers } from '@/api/handover';
import { printHandover } from '@/api/print';
import type { CommandError } from '@/bindings/CommandError';
import type { Handover } from '@/bindings/Handover';
import type { HandoverLine } from '@/bindings/HandoverLine';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import HandoverView from './HandoverView.vue';

vi.mock('element-plus', async (importOriginal) => {
  const actual = await importOriginal<typeof import('element-plus')>();
  return {
    ...actual,
    ElMessage: Object.assign(vi.fn(), { error: vi.fn(), success: vi.fn(), closeAll: vi.fn() }),
    ElMessageBox: { confirm: vi.fn(async () => 'confirm') },
    ElNotification: Object.assign(vi.fn(), { success: vi.fn(), error: vi.fn(), closeAll: vi.fn() }),
  };
});
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));
vi.mock('@/api/handover', () => ({ handoverCandidates: vi.fn(), handOver: vi.fn(), listHandovers: vi.fn() }));
vi.mock('@/api/print', () => ({ printHandover: vi.fn(), openPrinted: vi.fn() }));

const NOW = '2026-12-02T09:00:00+08:00';

function line(complaintId: number, pages: number | null): HandoverLine {
  return {
    complaintId,
    caseNo: `TS-202611-00${complaintId}`,
    receivedAt: `2026-11-0${complaintId}T09:15:00+08:00`,
    resident: `张三 3-2-120${complaintId}`,
    department: '工程维修部',
    severity: 'minor',
    result: '已更换厨房水管接头。',
    satisfaction: '满意',
    pages,
  };
}

const ROWS = [line(1, 2), line(2, null)];

function recorded(lines: HandoverLine[]): Handover {
  return { id: 9, month: '2026-11', number: 1, at: '2026-12-02T09:05:00+08:00', by: '孙丽', receiver: '王芳', lines };
}

function refusal(field: string, message: string): CommandError {
  return {
    kind: 'validation',
    message,
    messageEn: message,
    field: null,
    fields: [{ field, message, messageEn: message }],
    until: null,
  };
}

/** `now`: the app's clock as the session store read it at start-up. */
async function mountPage(path: string, now?: string) {
  const pinia = createPinia();
  if (now !== undefined) {
    useSessionStore(pinia).status = {
      needsSetup: false,
      centerName: '',
      timeZone: 'Asia/Shanghai',
      now,
      startupProblem: null,
      demo: false,
      server: null,
    };
  }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/handover', name: 'handover', component: HandoverView },
      { path: '/complaints/:id', name: 'complaint', component: { render: () => null } },
    ],
  });
  await router.push(path);
  const wrapper = mount(HandoverView, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n, ElementPlus, router] },
  });
  await flushPromises();
  return wrapper;
}

const byId = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const text = (id: string) => byId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function typeReceiver(value: string) {
  const input = byId('handover-receiver')!.querySelector('input') ?? (byId('handover-receiver') as HTMLInputElement);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await flushPromises();
}

async function clickOn(id: string) {
  const element = byId(id)!;
  (element.querySelector('input') ?? element).click();
  await flushPromises();
}

describe('HandoverView', () => {
  let wrapper: Awaited<ReturnType<typeof mountPage>> | null = null;

  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
    vi.mocked(handoverCandidates).mockResolvedValue(ROWS);
    vi.mocked(listHandovers).mockResolvedValue([]);
  });

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    document.body.innerHTML = '';
  });

  it('opens on last month by the app’s clock, with every ready complaint ticked', async () => {
    wrapper = await mountPage('/handover', NOW);

    expect(handoverCandidates).toHaveBeenCalledWith('2026-11');
    expect(listHandovers).toHaveBeenCalledWith('2026-11');
    expect(byId('handover-month')!.querySelector('input')!.value).toBe('2026-11');
    expect(text('handover-row-TS-202611-001')).toBe('TS-202611-001');
    expect(byId('handover-row-TS-202611-001')!.closest('tr')!.textContent).toMatch(
      /2026-11-01.*张三 3-2-1201.*工程维修部.*轻微.*满意.*2/,
    );
    expect(byId('handover-row-TS-202611-002')!.closest('tr')!.textContent).toMatch(/未打印/);
    expect(text('handover-count')).toBe('共 2 件，已选 2 件');
    expect(text('handover-submit')).toBe('归档并移交（2 件）');
    expect(text('handover-no-records')).toBe('2026-11 尚无移交记录。');
  });

  it('opens on the month the address names', async () => {
    wrapper = await mountPage('/handover?month=2026-09');
    expect(handoverCandidates).toHaveBeenCalledWith('2026-09');
  });

  it('archives the ticked complaints after the confirmation, and lists the hand-over', async () => {
    wrapper = await mountPage('/handover?month=2026-11');
    await clickOn('handover-tick-TS-202611-002');
    expect(text('handover-submit')).toBe('归档并移交（1 件）');
    await typeReceiver('  王芳 ');
    vi.mocked(handOver).mockResolvedValue(recorded([ROWS[0]!]));
    vi.mocked(handoverCandidates).mockResolvedValue([ROWS[1]!]);
    vi.mocked(listHandovers).mockResolvedValue([recorded([ROWS[0]!])]);

    await clickOn('handover-submit');

    expect(vi.mocked(ElMessageBox.confirm).mock.calls[0]![0]).toBe(
      '所选 1 件投诉（2026-11 受理）将归档，并记录为一次移交品质部。确定吗？',
    );
    expect(handOver).toHaveBeenCalledWith({ month: '2026-11', complaintIds: [1], receiver: '王芳' });
    expect(ElMessage.success).toHaveBeenCalledWith('已归档 1 件，记为 2026-11 第 1 次移交');
    expect(byId('handover-row-TS-202611-001')).toBeNull();
    // What stays was unticked before; after a hand-over every row is ticked again.
    expect(text('handover-submit')).toBe('归档并移交（1 件）');
    expect(text('handover-record-1')).toBe('第 1 次');
    expect(byId('handover-record-1')!.closest('tr')!.textContent).toMatch(
      /2026-12-02 09:05.*孙丽.*王芳.*1 件.*TS-202611-001/,
    );

    vi.mocked(printHandover).mockResolvedValue({ path: '/tmp/投诉档案移交清单-2026-11-9.pdf', pages: 1, missing: [] });
    await clickOn('handover-print-1');
    expect(printHandover).toHaveBeenCalledWith(9);
    expect(ElNotification).toHaveBeenCalledWith(expect.objectContaining({ type: 'success' }));
  });

  it('reads another month when one is picked, every row ticked again', async () => {
    wrapper = await mountPage('/handover?month=2026-11');
    await clickOn('handover-tick-TS-202611-001');
    expect(text('handover-count')).toBe('共 2 件，已选 1 件');
    wrapper.findComponent(ElDatePicker).vm.$emit('update:modelValue', '2026-10');
    await flushPromises();
    expect(handoverCandidates).toHaveBeenLastCalledWith('2026-10');
    expect(listHandovers).toHaveBeenLastCalledWith('2026-10');
    expect(text('handover-count')).toBe('共 2 件，已选 2 件');
  });

  it('archives nothing when the confirmation is cancelled', async () => {
    wrapper = await mountPage('/handover?month=2026-11');
    vi.mocked(ElMessageBox.confirm).mockRejectedValueOnce('cancel');
    await clickOn('handover-submit');
    expect(handOver).not.toHaveBeenCalled();
  });

  it('cannot hand over with nothing ticked', async () => {
    wrapper = await mountPage('/handover?month=2026-11');
    await clickOn('handover-tick-all');
    expect(text('handover-count')).toBe('共 2 件，已选 0 件');
    expect(byId('handover-submit')!.hasAttribute('disabled')).toBe(true);
    await clickOn('handover-tick-all');
    expect(text('handover-count')).toBe('共 2 件，已选 2 件');
  });

  it('shows the refusal of the complaints above the table, and of the receiver under it', async () => {
    wrapper = await mountPage('/handover?month=2026-11');
    vi.mocked(handOver).mockRejectedValueOnce(
      refusal('complaintIds', '含有不属于该月或尚不能归档的投诉，请刷新后重选'),
    );
    await clickOn('handover-submit');
    expect(text('field-error-complaintIds')).toBe('含有不属于该月或尚不能归档的投诉，请刷新后重选');
    expect(ElMessage.success).not.toHaveBeenCalled();

    vi.mocked(handOver).mockRejectedValueOnce(refusal('receiver', '不能超过 30 个字'));
    await clickOn('handover-submit');
    // Element Plus shows a form item's message a moment after it is set.
    await new Promise((resolve) => setTimeout(resolve, 150));
    await flushPromises();
    expect(byId('field-error-complaintIds')).toBeNull();
    expect(text('field-error-receiver')).toBe('不能超过 30 个字');
  });

  it('says so in words when nothing is ready', async () => {
    vi.mocked(handoverCandidates).mockResolvedValue([]);
    wrapper = await mountPage('/handover?month=2026-10');
    expect(document.body.querySelector('.el-table__empty-text')?.textContent).toBe(
      '2026-10 受理的投诉中暂无可归档的：回访满意、已剔除或多次联系不上的投诉才可归档。',
    );
    expect(byId('handover-submit')!.hasAttribute('disabled')).toBe(true);
  });
});
