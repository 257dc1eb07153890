// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { verifyAttachments } from '@/api/attachments';
import { i18n, setLocale } from '@/locales';
import AttachmentCheck from './AttachmentCheck.vue';

vi.mock('@/api/attachments', () => ({ verifyAttachments: vi.fn() }));

function mountCheck() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }],
  });
  return mount(AttachmentCheck, { global: { plugins: [createPinia(), i18n, ElementPlus, router] } });
}

describe('AttachmentCheck', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    vi.mocked(verifyAttachments).mockReset();
  });

  it('says when every file is intact', async () => {
    vi.mocked(verifyAttachments).mockResolvedValue([]);
    const wrapper = mountCheck();
    expect(wrapper.find('[data-testid="attachments-intact"]').exists()).toBe(false);
    await wrapper.find('[data-testid="verify-attachments"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="attachments-intact"]').text()).toBe('全部附件文件完好');
  });

  it('lists each missing or altered file by case number', async () => {
    vi.mocked(verifyAttachments).mockResolvedValue([
      { caseNo: 'TS-20261130-001', name: '天花板.jpg', sha256: 'a'.repeat(64), state: 'missing' },
      { caseNo: 'TS-20261130-002', name: '维修单.pdf', sha256: 'b'.repeat(64), state: 'altered' },
    ]);
    const wrapper = mountCheck();
    await wrapper.find('[data-testid="verify-attachments"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="attachments-broken"]').text()).toContain('2 个附件文件有问题');
    const rows = wrapper.findAll('.el-table__body tr').map((row) => row.findAll('td').map((cell) => cell.text()));
    expect(rows).toEqual([
      ['TS-20261130-001', '天花板.jpg', '缺失'],
      ['TS-20261130-002', '维修单.pdf', '已被改动'],
    ]);
  });
});
