// @vitest-environment jsdom
import { listen } from '@tauri-apps/api/event';
import { flushPromises, mount } from '@vue/test-utils';
import { ElNotification } from 'element-plus';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import type { DutyFailure } from '@/bindings/DutyFailure';
import { i18n, setLocale } from '@/locales';
import { useDutyFailures } from './useDutyFailures';

vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElNotification: Object.assign(vi.fn(), { error: vi.fn(), closeAll: vi.fn() }),
}));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const unlisten = vi.fn();
let emit: (failure: DutyFailure) => void = () => {};

function mountListener() {
  const Probe = defineComponent({
    setup() {
      useDutyFailures();
      return () => null;
    },
  });
  return mount(Probe, { global: { plugins: [i18n] } });
}

const backupFailed: DutyFailure = {
  duty: 'backup',
  message: '每日备份失败：磁盘已满',
  messageEn: 'The daily backup failed: the disk is full',
};

describe('useDutyFailures', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.clearAllMocks();
    vi.mocked(listen).mockImplementation(async (event, handler) => {
      expect(event).toBe('duty-failed');
      emit = (payload) => handler({ event: 'duty-failed', id: 1, payload });
      return unlisten;
    });
  });

  it('shows a failed duty until it is closed, in Chinese', async () => {
    mountListener();
    await flushPromises();
    emit(backupFailed);
    expect(ElNotification.error).toHaveBeenCalledWith(
      expect.objectContaining({ title: '后台任务失败', message: '每日备份失败：磁盘已满', duration: 0 }),
    );
  });

  it('and in English', async () => {
    setLocale('en-US');
    mountListener();
    await flushPromises();
    emit(backupFailed);
    expect(ElNotification.error).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Background duty failed',
        message: 'The daily backup failed: the disk is full',
        duration: 0,
      }),
    );
  });

  it('stops listening when unmounted (logged out)', async () => {
    const wrapper = mountListener();
    await flushPromises();
    wrapper.unmount();
    expect(unlisten).toHaveBeenCalledOnce();
  });
});
