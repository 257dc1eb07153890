import { describe, expect, it } from 'vitest';
import type { ListQuery } from '@/bindings/ListQuery';
import { defaultListQuery, isSortKey, normalizeListQuery } from './listQuery';

describe('normalizeListQuery', () => {
  it('sends blank text and cleared pickers as null', () => {
    const cleared = {
      ...defaultListQuery(),
      text: '   ',
      state: undefined,
      channel: '',
      departmentId: undefined,
      from: '',
      to: '',
    } as unknown as ListQuery;
    expect(normalizeListQuery(cleared)).toEqual(defaultListQuery());
  });

  it('trims the search text and keeps the other filters', () => {
    const query: ListQuery = { ...defaultListQuery(), text: ' 3-2-1201 ', severity: 'major', from: '2026-11-01' };
    expect(normalizeListQuery(query)).toEqual({ ...query, text: '3-2-1201' });
  });
});

describe('isSortKey', () => {
  it('accepts only keys the backend sorts by', () => {
    expect(isSortKey('caseNo')).toBe(true);
    expect(isSortKey('residentName')).toBe(false);
    expect(isSortKey('toString')).toBe(false);
  });
});
