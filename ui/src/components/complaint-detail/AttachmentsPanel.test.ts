// @vitest-environment jsdom
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { attachFile, attachmentThumbnail, removeAttachment } from '@/api/attachments';
import type { Attachment } from '@/bindings/Attachment';
import type { CommandError } from '@/bindings/CommandError';
import type { TimelineEntry } from '@/bindings/TimelineEntry';
import { i18n, setLocale } from '@/locales';
import { useSessionStore } from '@/stores/session';
import AttachmentsPanel from './AttachmentsPanel.vue';

vi.mock('@/api/attachments', () => ({
  attachFile: vi.fn(),
  attachmentThumbnail: vi.fn(),
  attachmentContent: vi.fn(),
  saveAttachment: vi.fn(),
  removeAttachment: vi.fn(),
}));

const SHA = 'ab'.repeat(32);

function attachment(id: number, name: string, kind: Attachment['kind'], more: Partial<Attachment> = {}): Attachment {
  return {
    id,
    complaintId: 7,
    eventId: 100 + id,
    stepEventId: null,
    sha256: SHA,
    name,
    kind,
    size: 860_000,
    removedEventId: null,
    ...more,
  };
}

const PHOTO = attachment(1, '天花板渗水.jpg', 'jpeg', { stepEventId: 2 });
const SCAN = attachment(2, '维修单.pdf', 'pdf', { size: 3 * 1024 * 1024 + 100_000 });
const HEIC = attachment(3, 'IMG_0001.heic', 'heic');
const WRONG = attachment(4, '隔壁.png', 'png', { removedEventId: 200 });

function attached(a: Attachment): TimelineEntry {
  return {
    id: a.eventId,
    at: '2026-11-30T10:05:00+08:00',
    actorName: '林晓',
    actorRole: 'receptionist',
    event: {
      kind: 'attached',
      attachmentId: a.id,
      sha256: a.sha256,
      name: a.name,
      fileKind: a.kind,
      size: a.size,
      stepEventId: a.stepEventId,
    },
  };
}

const TIMELINE: TimelineEntry[] = [
  {
    id: 1,
    at: '2026-11-30T09:00:00+08:00',
    actorName: '林晓',
    actorRole: 'receptionist',
    event: { kind: 'registered' },
  },
  {
    id: 2,
    at: '2026-11-30T09:30:00+08:00',
    actorName: '吴涛',
    actorRole: 'departmentHead',
    event: { kind: 'handled', result: '已更换水管' },
  },
  ...[PHOTO, SCAN, HEIC, WRONG].map(attached),
  {
    id: 200,
    at: '2026-11-30T11:00:00+08:00',
    actorName: '周敏',
    actorRole: 'supervisor',
    event: { kind: 'attachmentRemoved', attachmentId: 4, sha256: SHA, name: '隔壁.png', reason: '拍错了房间' },
  },
];

function mountPanel(attachments: Attachment[] = [PHOTO, SCAN, HEIC, WRONG], open = true) {
  const pinia = createPinia();
  useSessionStore(pinia).user = {
    id: 2,
    username: 'jiedai',
    displayName: '林晓',
    role: 'receptionist',
    roles: ['receptionist'],
    departmentId: null,
  };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  return mount(AttachmentsPanel, {
    props: { complaintId: 7, attachments, timeline: TIMELINE, open },
    global: { plugins: [pinia, i18n, ElementPlus, router] },
    attachTo: document.body,
  });
}

// Dialogs are teleported to the body.
const body = () => new DOMWrapper(document.body);

// el-form-item shows a new error state after a 100 ms debounce; FileReader answers later too.
async function settled() {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}

/** A file as the file dialog gives it (jsdom's has no `arrayBuffer`); `size` may claim more than it holds. */
function picked(name: string, bytes: number[], size = bytes.length): File {
  const file = new File([new Uint8Array(bytes)], name);
  Object.defineProperty(file, 'size', { value: size });
  Object.defineProperty(file, 'arrayBuffer', { value: vi.fn(async () => new Uint8Array(bytes).buffer) });
  return file;
}

/** Chooses `files` in the hidden file input, as the file dialog does. */
async function choose(wrapper: ReturnType<typeof mountPanel>, files: File[]) {
  const input = wrapper.find<HTMLInputElement>('[data-testid="attachment-input"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
  await settled();
}

describe('AttachmentsPanel', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setLocale('zh-CN');
    vi.mocked(attachFile).mockReset();
    vi.mocked(removeAttachment).mockReset();
    vi.mocked(attachmentThumbnail).mockReset();
    vi.mocked(attachmentThumbnail).mockResolvedValue(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
  });

  it('shows a photo by its thumbnail, a PDF or HEIC by an icon, with size, who and the step', async () => {
    const wrapper = mountPanel();
    await settled();
    // Thumbnails are asked for photos the page can show only.
    expect(attachmentThumbnail).toHaveBeenCalledTimes(1);
    expect(attachmentThumbnail).toHaveBeenCalledWith(1);

    const photo = wrapper.find('[data-testid="attachment-1"]');
    expect(photo.find('img').attributes('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(photo.text()).toContain('天花板渗水.jpg');
    expect(photo.text()).toContain('840 KB');
    expect(photo.text()).toContain('林晓 2026-11-30 10:05 添加');
    expect(photo.find('[data-testid="attachment-step"]').text()).toBe('所属步骤：处理完毕（2026-11-30 09:30）');

    const scan = wrapper.find('[data-testid="attachment-2"]');
    expect(scan.find('img').exists()).toBe(false);
    expect(scan.find('[data-testid="attachment-icon"]').text()).toBe('PDF 文件');
    expect(scan.text()).toContain('3.1 MB');
    expect(wrapper.find('[data-testid="attachment-3"] [data-testid="attachment-icon"]').text()).toBe('HEIC 照片');
  });

  it('keeps removed ones apart, collapsed, with who removed them and why', async () => {
    const wrapper = mountPanel();
    await settled();
    expect(wrapper.find('[data-testid="attachment-4"]').exists()).toBe(false);
    const removed = wrapper.find('[data-testid="attachments-removed"]');
    expect(removed.text()).toContain('已移除的附件（1）');
    expect(wrapper.find('[data-testid="attachment-removed-4"]').text()).toBe(
      '隔壁.png周敏 2026-11-30 11:00 移除，原因：拍错了房间',
    );
  });

  it('offers 移除 on one’s own attachments only, and nothing to add once archived', async () => {
    const mine = mountPanel([PHOTO]);
    await settled();
    expect(mine.find('[data-testid="attachment-remove-1"]').exists()).toBe(true);
    mine.unmount();

    const someoneElses = attachment(5, '别人的.jpg', 'jpeg');
    const other = mountPanel([someoneElses]);
    await other.setProps({
      timeline: [...TIMELINE, { ...attached(someoneElses), actorName: '吴涛', actorRole: 'departmentHead' }],
    });
    await settled();
    expect(other.find('[data-testid="attachment-remove-5"]').exists()).toBe(false);
    other.unmount();

    const archived = mountPanel([PHOTO], false);
    await settled();
    expect(archived.find('[data-testid="attachment-add"]').exists()).toBe(false);
    expect(archived.find('[data-testid="attachment-remove-1"]').exists()).toBe(false);
    expect(archived.find('[data-testid="attachments-closed"]').text()).toBe('投诉已归档或作废，不能再添加或移除附件。');
  });

  it('refuses a file over 20 MB or of another kind before reading it, and sends the rest', async () => {
    vi.mocked(attachFile).mockResolvedValue(attachment(6, '门口.jpg', 'jpeg'));
    const wrapper = mountPanel([]);
    await settled();
    const huge = picked('全景.jpg', [0xff], 25 * 1024 * 1024);
    const text = picked('说明.txt', [0x41]);
    const fine = picked('门口.jpg', [0xff, 0xd8, 0xff]);

    await choose(wrapper, [huge, text, fine]);

    expect(huge.arrayBuffer).not.toHaveBeenCalled();
    expect(text.arrayBuffer).not.toHaveBeenCalled();
    expect(attachFile).toHaveBeenCalledTimes(1);
    expect(attachFile).toHaveBeenCalledWith(7, '门口.jpg', new Uint8Array([0xff, 0xd8, 0xff]), null);
    expect(wrapper.findAll('[data-testid="attachment-refusal"]').map((alert) => alert.text())).toEqual([
      '全景.jpg：附件过大（25.0 MB），单个附件不能超过 20 MB',
      '说明.txt：附件格式不支持：只接受照片（JPEG、PNG、HEIC）和 PDF 扫描件',
    ]);
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });

  it('shows the backend’s refusal of a file by name, in the window’s language', async () => {
    const refused: CommandError = {
      kind: 'validation',
      message: '附件格式不支持：只接受照片（JPEG、PNG、HEIC）和 PDF 扫描件',
      messageEn: 'Attachment is not a photo (JPEG, PNG, HEIC) or a PDF scan',
      field: 'file',
      fields: [
        {
          field: 'file',
          message: '附件格式不支持：只接受照片（JPEG、PNG、HEIC）和 PDF 扫描件',
          messageEn: 'Attachment is not a photo (JPEG, PNG, HEIC) or a PDF scan',
        },
      ],
      until: null,
    };
    vi.mocked(attachFile).mockRejectedValue(refused);
    const wrapper = mountPanel([]);
    await choose(wrapper, [picked('改名.jpg', [0x6e, 0x6f])]);
    expect(wrapper.find('[data-testid="attachment-refusal"]').text()).toBe(
      '改名.jpg：附件格式不支持：只接受照片（JPEG、PNG、HEIC）和 PDF 扫描件',
    );
    expect(wrapper.emitted('changed')).toBeUndefined();
    setLocale('en-US');
    await choose(wrapper, [picked('改名.jpg', [0x6e, 0x6f])]);
    expect(wrapper.find('[data-testid="attachment-refusal"]').text()).toBe(
      '改名.jpg: Attachment is not a photo (JPEG, PNG, HEIC) or a PDF scan',
    );
  });

  it('sends the chosen step with the file', async () => {
    vi.mocked(attachFile).mockResolvedValue(attachment(6, '门口.jpg', 'jpeg'));
    const wrapper = mountPanel([]);
    await settled();
    const options = body()
      .findAll('.dropdown-attachment-step-select .el-select-dropdown__item')
      .map((option) => option.text());
    expect(options).toEqual(['登记投诉（2026-11-30 09:00）', '处理完毕（2026-11-30 09:30）']);
    (wrapper.findComponent({ name: 'ElSelect' }).vm as unknown as { $emit: (e: string, v: number) => void }).$emit(
      'update:modelValue',
      2,
    );
    await choose(wrapper, [picked('门口.jpg', [1])]);
    expect(attachFile).toHaveBeenCalledWith(7, '门口.jpg', new Uint8Array([1]), 2);
  });

  it('asks for the reason to remove, and puts the refusal under it', async () => {
    const reasonRequired: CommandError = {
      kind: 'validation',
      message: '原因不能为空',
      messageEn: 'Reason is required',
      field: 'reason',
      fields: [{ field: 'reason', message: '原因不能为空', messageEn: 'Reason is required' }],
      until: null,
    };
    vi.mocked(removeAttachment).mockRejectedValueOnce(reasonRequired);
    vi.mocked(removeAttachment).mockResolvedValueOnce({ ...PHOTO, removedEventId: 300 });
    const wrapper = mountPanel([PHOTO]);
    await settled();

    await wrapper.find('[data-testid="attachment-remove-1"]').trigger('click');
    await settled();
    const dialog = body().find('[data-testid="remove-attachment-dialog"]');
    expect(dialog.text()).toContain('「天花板渗水.jpg」将从附件列表中移除');
    await body().find('[data-testid="remove-attachment-submit"]').trigger('click');
    await settled();
    expect(removeAttachment).toHaveBeenLastCalledWith(1, '');
    expect(body().find('[data-testid="field-error-remove-attachment-reason"]').text()).toBe('原因不能为空');
    expect(wrapper.emitted('changed')).toBeUndefined();

    await body().find('textarea[data-testid="remove-attachment-reason"]').setValue('拍错了房间');
    await body().find('[data-testid="remove-attachment-submit"]').trigger('click');
    await settled();
    expect(removeAttachment).toHaveBeenLastCalledWith(1, '拍错了房间');
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });
});
