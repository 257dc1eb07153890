import { describe, expect, it } from 'vitest';
import { emptyDraft, isDraftTouched, toNewComplaint } from './complaintDraft';

describe('toNewComplaint', () => {
  it('sends a fresh draft as "now", valid, with optional values null', () => {
    expect(toNewComplaint(emptyDraft())).toEqual({
      receivedAt: null,
      channel: 'visit',
      residentName: '',
      room: '',
      phone: '',
      contactMethod: 'phone',
      occurredAt: null,
      location: '',
      departmentId: null,
      accusedPerson: null,
      description: '',
      residentRequest: '',
      residentDeadline: null,
      categoryId: null,
      severity: null,
      valid: true,
      invalidReason: null,
      ongoingHarm: false,
      immediateMeasure: null,
    });
  });

  it('trims text and blanks optional text to null', () => {
    const draft = { ...emptyDraft(), residentName: '  张三 ', room: '3-2-1201 ', accusedPerson: '   ' };
    const input = toNewComplaint(draft);
    expect(input.residentName).toBe('张三');
    expect(input.room).toBe('3-2-1201');
    expect(input.accusedPerson).toBeNull();
  });

  it('drops the invalid reason and the measure when their options are off', () => {
    const hidden = { ...emptyDraft(), invalidReason: '不属于服务范围', immediateMeasure: '关闭总阀' };
    expect(toNewComplaint(hidden).invalidReason).toBeNull();
    expect(toNewComplaint(hidden).immediateMeasure).toBeNull();

    const shown = { ...hidden, valid: false, ongoingHarm: true };
    expect(toNewComplaint(shown).invalidReason).toBe('不属于服务范围');
    expect(toNewComplaint(shown).immediateMeasure).toBe('关闭总阀');
  });

  it('turns an emptied picker back into null', () => {
    const draft = { ...emptyDraft(), receivedAt: '', occurredAt: '2026-11-28 08:00:00' };
    expect(toNewComplaint(draft).receivedAt).toBeNull();
    expect(toNewComplaint(draft).occurredAt).toBe('2026-11-28 08:00:00');
  });
});

describe('isDraftTouched', () => {
  it('notices any edit', () => {
    expect(isDraftTouched(emptyDraft())).toBe(false);
    expect(isDraftTouched({ ...emptyDraft(), channel: 'phone' })).toBe(true);
    expect(isDraftTouched({ ...emptyDraft(), departmentId: 3 })).toBe(true);
  });
});
