import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { countComplaints, listComplaints } from '@/api/complaints';
import type { ComplaintPage } from '@/bindings/ComplaintPage';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { ListCount } from '@/bindings/ListCount';
import { useComplaintListStore } from './complaintList';

vi.mock('@/api/complaints', () => ({ listComplaints: vi.fn(), countComplaints: vi.fn() }));

const row = (id: number) => ({ id }) as ComplaintRow;
const page = (ids: number[], total: number, counted: boolean): ComplaintPage => ({
  rows: ids.map(row),
  total,
  more: !counted,
  counted,
});

/** A promise and the function that settles it, to answer a call when the test says. */
function later<T>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('the complaint list', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(listComplaints).mockReset();
    vi.mocked(countComplaints).mockReset();
  });

  it('shows a counted page at once and asks for no count', async () => {
    const list = useComplaintListStore();
    vi.mocked(listComplaints).mockResolvedValueOnce(page([3, 2, 1], 3, true));
    await list.load();
    expect(list.rows.map((r) => r.id)).toEqual([3, 2, 1]);
    expect([list.total, list.more, list.counting]).toEqual([3, false, false]);
    expect(countComplaints).not.toHaveBeenCalled();
  });

  it("shows a search's page before its count, then the count for the same query", async () => {
    const list = useComplaintListStore();
    list.query.text = '水管接';
    vi.mocked(listComplaints).mockResolvedValueOnce(page([9, 8], 2, false));
    const count = later<ListCount>();
    vi.mocked(countComplaints).mockReturnValueOnce(count.promise);
    const loaded = list.load();
    await vi.waitFor(() => expect(countComplaints).toHaveBeenCalledTimes(1));
    expect(list.rows.map((r) => r.id)).toEqual([9, 8]);
    expect([list.total, list.counting, list.loading]).toEqual([2, true, false]);
    expect(vi.mocked(countComplaints).mock.calls[0]![0]).toEqual(vi.mocked(listComplaints).mock.calls[0]![0]);
    count.settle({ total: 10_000, more: true });
    await loaded;
    expect([list.total, list.more, list.counting]).toEqual([10_000, true, false]);
  });

  it('drops the count of a search the user has already left', async () => {
    const list = useComplaintListStore();
    list.query.text = '水管接';
    vi.mocked(listComplaints).mockResolvedValueOnce(page([9, 8], 2, false));
    const stale = later<ListCount>();
    vi.mocked(countComplaints).mockReturnValueOnce(stale.promise);
    const first = list.load();
    await vi.waitFor(() => expect(countComplaints).toHaveBeenCalledTimes(1));
    list.query.text = '路灯';
    vi.mocked(listComplaints).mockResolvedValueOnce(page([5], 1, true));
    await list.search();
    stale.settle({ total: 77_444, more: false });
    await first;
    expect(list.rows.map((r) => r.id)).toEqual([5]);
    expect([list.total, list.more, list.counting]).toEqual([1, false, false]);
  });
});
