import { describe, expect, it } from 'vitest';
import type { HandoverLine } from '@/bindings/HandoverLine';
import {
  isMonth,
  monthBefore,
  openingMonth,
  receivedDay,
  tickState,
  tickedIds,
  toggleAll,
  toggleOne,
} from './handover';

const line = (complaintId: number): HandoverLine => ({
  complaintId,
  caseNo: `TS-202611-${String(complaintId).padStart(3, '0')}`,
  receivedAt: '2026-11-03T09:15:00+08:00',
  resident: '张三 3-2-1201',
  department: '工程维修部',
  severity: 'minor',
  result: '已更换厨房水管接头。',
  satisfaction: '满意',
  pages: null,
});

describe('handover', () => {
  it('opens on the month before the app’s clock, across a new year too', () => {
    expect(monthBefore('2026-11-30T09:00:00+08:00')).toBe('2026-10');
    expect(monthBefore('2026-12-01T00:10:00+08:00')).toBe('2026-11');
    expect(monthBefore('2027-01-05T10:00:00+08:00')).toBe('2026-12');
  });

  it('opens on the month the address asks for, when it reads as one', () => {
    const now = '2026-11-30T09:00:00+08:00';
    expect(openingMonth('2026-11', now)).toBe('2026-11');
    expect(openingMonth('2026-13', now)).toBe('2026-10');
    expect(openingMonth(['2026-11'], now)).toBe('2026-10');
    expect(openingMonth(undefined, now)).toBe('2026-10');
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('2026-01')).toBe(true);
  });

  it('shows the day of receipt as the center wrote it', () => {
    expect(receivedDay('2026-11-30T23:59:00+08:00')).toBe('2026-11-30');
  });

  it('ticks every row but those unticked, new ones included', () => {
    const rows = [line(1), line(2), line(3)];
    expect(tickedIds(rows, new Set())).toEqual([1, 2, 3]);
    expect(tickState(rows, new Set())).toBe('all');
    const unticked = toggleOne(new Set(), 2, false);
    expect(tickedIds(rows, unticked)).toEqual([1, 3]);
    expect(tickState(rows, unticked)).toBe('some');
    // Read again with a fourth ready: it comes ticked, the untick stays.
    expect(tickedIds([...rows, line(4)], unticked)).toEqual([1, 3, 4]);
    expect(tickedIds(rows, toggleOne(unticked, 2, true))).toEqual([1, 2, 3]);
  });

  it('unticks all from all ticked, and ticks all otherwise', () => {
    const rows = [line(1), line(2)];
    const none = toggleAll(rows, new Set());
    expect(tickedIds(rows, none)).toEqual([]);
    expect(tickState(rows, none)).toBe('none');
    expect(tickedIds(rows, toggleAll(rows, none))).toEqual([1, 2]);
    expect(tickedIds(rows, toggleAll(rows, new Set([1])))).toEqual([1, 2]);
    expect(tickState([], new Set())).toBe('none');
  });
});
