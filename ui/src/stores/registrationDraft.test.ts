import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerComplaint } from '@/api/complaints';
import { useRegistrationDraftStore } from './registrationDraft';

vi.mock('@/api/complaints', () => ({ registerComplaint: vi.fn() }));

const LOST = {
  kind: 'offline',
  message: '与中心服务器的连接已中断',
  messageEn: 'lost',
  field: null,
  fields: [],
  until: null,
};

describe('the registration draft', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(registerComplaint).mockReset();
  });

  it('sends a form again under the same key, and the next form under a new one', async () => {
    const store = useRegistrationDraftStore();
    vi.mocked(registerComplaint).mockRejectedValueOnce(LOST);
    expect(await store.save()).toBeNull();
    vi.mocked(registerComplaint).mockResolvedValueOnce({ id: 7, caseNo: 'TS-20261130-007' } as never);
    expect(await store.save()).not.toBeNull();
    const [first, again] = vi.mocked(registerComplaint).mock.calls.map((call) => call[1]);
    expect(first).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(again).toBe(first);

    vi.mocked(registerComplaint).mockResolvedValueOnce({ id: 8, caseNo: 'TS-20261130-008' } as never);
    await store.save();
    expect(vi.mocked(registerComplaint).mock.calls[2]![1]).not.toBe(first);
  });

  it('gives a cleared form a new key', () => {
    const store = useRegistrationDraftStore();
    const before = store.requestKey;
    store.clear();
    expect(store.requestKey).not.toBe(before);
  });
});
