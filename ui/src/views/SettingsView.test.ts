// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { visitedSettingsTabs } from '@/domain/firstDay';
import { i18n, setLocale } from '@/locales';
import SettingsView from './SettingsView.vue';

vi.mock('@/api/settings', () => ({ listUsers: async () => [] }));
vi.mock('@/api/reference', () => ({ listDepartments: async () => [], listCategories: async () => [] }));

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/settings', name: 'settings', component: SettingsView }],
  });
  await router.push(path);
  const wrapper = mount(SettingsView, {
    global: {
      plugins: [createPinia(), i18n, ElementPlus, router],
      stubs: {
        GeneralSettings: true,
        DepartmentSettings: true,
        UserSettings: true,
        CategorySettings: true,
        PolicySettings: true,
        TargetSettings: true,
      },
    },
  });
  await flushPromises();
  return wrapper;
}

describe('SettingsView', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    localStorage.clear();
  });

  it('opens the tab the address names, and remembers it was looked at', async () => {
    const wrapper = await mountAt('/settings?tab=policy');
    expect(wrapper.find('.el-tabs__item.is-active').text()).toBe('期限规则');
    expect(visitedSettingsTabs().has('policy')).toBe(true);
  });

  it('has a tab for the appraisal targets, after the deadline policy', async () => {
    const wrapper = await mountAt('/settings?tab=targets');
    const tabs = wrapper.findAll('.el-tabs__item').map((item) => item.text());
    expect(tabs.slice(-2)).toEqual(['期限规则', '考核目标']);
    expect(wrapper.find('.el-tabs__item.is-active').text()).toBe('考核目标');
    expect(wrapper.findComponent({ name: 'TargetSettings' }).exists()).toBe(true);
  });

  it('opens the general tab for an address without one, or with one it does not know', async () => {
    const wrapper = await mountAt('/settings?tab=audit');
    expect(wrapper.find('.el-tabs__item.is-active').text()).toBe('基本设置');
  });
});
