import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listCategories, listDepartments } from '@/api/reference';
import type { Category } from '@/bindings/Category';
import type { Department } from '@/bindings/Department';

/** Departments and categories offered as choices; loaded once per login. */
export const useReferenceStore = defineStore('reference', () => {
  const departments = ref<Department[]>([]);
  const categories = ref<Category[]>([]);
  let loading: Promise<void> | null = null;

  const activeDepartments = computed(() => departments.value.filter((department) => department.active));
  const activeCategories = computed(() => categories.value.filter((category) => category.active));

  async function load(): Promise<void> {
    const [loadedDepartments, loadedCategories] = await Promise.all([listDepartments(), listCategories()]);
    departments.value = loadedDepartments;
    categories.value = loadedCategories;
  }

  function ensureLoaded(): Promise<void> {
    loading ??= load().catch((reason: unknown) => {
      loading = null;
      throw reason;
    });
    return loading;
  }

  /** After the administrator changed a department or category. */
  function reload(): Promise<void> {
    loading = null;
    return ensureLoaded();
  }

  function reset(): void {
    departments.value = [];
    categories.value = [];
    loading = null;
  }

  return { departments, categories, activeDepartments, activeCategories, ensureLoaded, reload, reset };
});
