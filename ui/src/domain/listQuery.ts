import type { ListQuery } from '@/bindings/ListQuery';
import type { SortKey } from '@/bindings/SortKey';

export const PAGE_SIZES = [20, 50, 100] as const;

export function defaultListQuery(): ListQuery {
  return {
    text: null,
    state: null,
    severity: null,
    departmentId: null,
    categoryId: null,
    channel: null,
    from: null,
    to: null,
    overdueOnly: false,
    sort: 'receivedAt',
    desc: true,
    page: 1,
    pageSize: PAGE_SIZES[0],
  };
}

/**
 * Blank search text and cleared pickers (which may leave '' or undefined behind) mean
 * "any", sent as `null` so the backend always receives every key.
 */
export function normalizeListQuery(query: ListQuery): ListQuery {
  const text = query.text?.trim() ?? '';
  return {
    ...query,
    text: text === '' ? null : text,
    state: query.state || null,
    severity: query.severity || null,
    departmentId: query.departmentId ?? null,
    categoryId: query.categoryId ?? null,
    channel: query.channel || null,
    from: query.from || null,
    to: query.to || null,
  };
}

const SORT_KEYS: Record<SortKey, true> = {
  receivedAt: true,
  caseNo: true,
  nextDueAt: true,
  severity: true,
  state: true,
};

export function isSortKey(value: unknown): value is SortKey {
  return typeof value === 'string' && Object.hasOwn(SORT_KEYS, value);
}
