import { describe, expect, it } from 'vitest';
import type { ComplaintForm } from '@/bindings/ComplaintForm';
import { draftOf, emptyDraft, isDraftTouched, toNewComplaint } from './complaintDraft';

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
      accusedUserId: null,
      description: '',
      residentRequest: '',
      residentDeadline: null,
      categoryId: null,
      severity: null,
      valid: true,
      invalidReason: null,
      ongoingHarm: false,
      immediateMeasure: null,
      fromPaper: false,
      confidential: false,
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

  it('sends a chosen 被投诉人 by id alone, a typed one by name', () => {
    const chosen = toNewComplaint({ ...emptyDraft(), accusedUserId: 7, accusedPerson: '' });
    expect(chosen).toMatchObject({ accusedUserId: 7, accusedPerson: null });
    const typed = toNewComplaint({ ...emptyDraft(), accusedPerson: ' 外包保洁 老王 ' });
    expect(typed).toMatchObject({ accusedUserId: null, accusedPerson: '外包保洁 老王' });
  });

  it('sends 补录 and 保密 as ticked', () => {
    const draft = { ...emptyDraft(), fromPaper: true, confidential: true, receivedAt: '2026-11-29 21:40' };
    expect(toNewComplaint(draft)).toMatchObject({
      fromPaper: true,
      confidential: true,
      receivedAt: '2026-11-29 21:40',
    });
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
    expect(isDraftTouched({ ...emptyDraft(), confidential: true })).toBe(true);
    expect(isDraftTouched({ ...emptyDraft(), accusedUserId: 7 })).toBe(true);
  });
});

describe('draftOf', () => {
  const registered: ComplaintForm = {
    receivedAt: '2026-11-30T08:45:12+08:00',
    channel: 'phone',
    receptionistName: '林晓',
    residentName: '张三',
    room: '3-2-1201',
    phone: '13800138000',
    contactMethod: 'any',
    occurredAt: '2026-11-29T22:10:00+08:00',
    location: '3-2-1201 厨房',
    departmentId: 1,
    accusedPerson: null,
    accusedUserId: null,
    description: '厨房水管漏水',
    residentRequest: '尽快维修',
    residentDeadline: null,
    categoryId: 2,
    severity: 'important',
    valid: true,
    invalidReason: null,
    ongoingHarm: true,
    immediateMeasure: '已关闭总阀',
    policyVersion: 1,
    confidential: true,
  };

  it('fills the form in as registered, times to the minute as the pickers write them', () => {
    expect(draftOf(registered)).toEqual({
      receivedAt: '2026-11-30 08:45',
      channel: 'phone',
      residentName: '张三',
      room: '3-2-1201',
      phone: '13800138000',
      contactMethod: 'any',
      occurredAt: '2026-11-29 22:10',
      location: '3-2-1201 厨房',
      departmentId: 1,
      accusedPerson: '',
      accusedUserId: null,
      description: '厨房水管漏水',
      residentRequest: '尽快维修',
      residentDeadline: null,
      categoryId: 2,
      severity: 'important',
      valid: true,
      invalidReason: '',
      ongoingHarm: true,
      immediateMeasure: '已关闭总阀',
      fromPaper: false,
      confidential: true,
    });
  });

  it('keeps a 被投诉人 with an account by id, the name being the backend’s to fill in', () => {
    const draft = draftOf({ ...registered, accusedUserId: 5, accusedPerson: '吴涛' });
    expect(draft).toMatchObject({ accusedUserId: 5, accusedPerson: '' });
    expect(toNewComplaint(draft)).toMatchObject({ accusedUserId: 5, accusedPerson: null });
    expect(draftOf({ ...registered, accusedPerson: '外包保洁 老王' }).accusedPerson).toBe('外包保洁 老王');
  });

  it('sends back what it was given, so that an untouched form changes nothing', () => {
    const sent = toNewComplaint(draftOf(registered));
    expect(sent).toMatchObject({
      receivedAt: '2026-11-30 08:45',
      occurredAt: '2026-11-29 22:10',
      accusedPerson: null,
      invalidReason: null,
      immediateMeasure: '已关闭总阀',
      departmentId: 1,
      categoryId: 2,
    });
  });

  it('reads times as written (the backend sends them in the center’s offset), an empty one as null', () => {
    const late = { ...registered, receivedAt: '2026-11-30T23:59:00+08:00', occurredAt: null };
    expect(draftOf(late).receivedAt).toBe('2026-11-30 23:59');
    expect(draftOf(late).occurredAt).toBeNull();
  });
});
