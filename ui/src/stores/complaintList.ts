import { defineStore } from 'pinia';
import { ref } from 'vue';
import { countComplaints, listComplaints } from '@/api/complaints';
import type { CallError } from '@/api/command';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { ListQuery } from '@/bindings/ListQuery';
import type { SortKey } from '@/bindings/SortKey';
import { defaultListQuery, normalizeListQuery } from '@/domain/listQuery';

/** The complaint list with its filters, kept while the user visits other screens. */
export const useComplaintListStore = defineStore('complaintList', () => {
  const query = ref<ListQuery>(defaultListQuery());
  const rows = ref<ComplaintRow[]>([]);
  const total = ref(0);
  /** The search stopped counting at `total`: there are more. */
  const more = ref(false);
  /** The page came before its count, which is on its way: `total` is a lower bound. */
  const counting = ref(false);
  const loading = ref(false);
  // Only the answer to the latest request is shown, whatever order answers arrive in.
  let latestRequest = 0;

  /** Reloads the current page; rejects with a `CallError`. */
  async function load(): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    try {
      const asked = normalizeListQuery(query.value);
      const page = await listComplaints(asked);
      if (request !== latestRequest) return;
      rows.value = page.rows;
      total.value = page.total;
      more.value = page.more;
      counting.value = !page.counted;
      if (page.counted) return;
      // The rows are shown; the pages after them are known once counted.
      loading.value = false;
      const count = await countComplaints(asked);
      if (request !== latestRequest) return;
      total.value = count.total;
      more.value = count.more;
      counting.value = false;
    } catch (reason) {
      if (request === latestRequest) {
        counting.value = false;
        throw reason as CallError;
      }
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  /** Filters changed: start again from the first page. */
  function search(): Promise<void> {
    query.value.page = 1;
    return load();
  }

  function clearFilters(): Promise<void> {
    const { sort, desc, pageSize } = query.value;
    query.value = { ...defaultListQuery(), sort, desc, pageSize };
    return load();
  }

  function sortBy(sort: SortKey, desc: boolean): Promise<void> {
    query.value.sort = sort;
    query.value.desc = desc;
    return search();
  }

  function reset(): void {
    latestRequest++;
    query.value = defaultListQuery();
    rows.value = [];
    total.value = 0;
    more.value = false;
    counting.value = false;
    loading.value = false;
  }

  return { query, rows, total, more, counting, loading, load, search, clearFilters, sortBy, reset };
});
