import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listUsers } from '@/api/settings';
import type { UserRow } from '@/bindings/UserRow';
import { holds } from '@/domain/roles';

/** The users of the settings page, shared by its users and departments tabs. */
export const useUserDirectoryStore = defineStore('userDirectory', () => {
  const users = ref<UserRow[]>([]);

  /** Department heads who may log in: the choices for a department's head. */
  const departmentHeads = computed(() => users.value.filter((user) => holds(user, 'departmentHead') && user.active));

  async function load(): Promise<void> {
    users.value = await listUsers();
  }

  function nameOf(id: number | null): string {
    return users.value.find((user) => user.id === id)?.displayName ?? '';
  }

  function reset(): void {
    users.value = [];
  }

  return { users, departmentHeads, load, nameOf, reset };
});
