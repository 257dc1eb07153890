import { describe, expect, it } from 'vitest';
import type { Attachment } from '@/bindings/Attachment';
import type { TimelineEntry } from '@/bindings/TimelineEntry';
import { documentedSteps, humanSize, refuseBeforeReading, removalReason, withTimeline } from './attachments';

const MB = 1024 * 1024;

describe('humanSize', () => {
  it('writes sizes as the backend and the printed form do', () => {
    const rows: [number, string][] = [
      [1, '1 KB'],
      [1024, '1 KB'],
      [1025, '2 KB'],
      [860_000, '840 KB'],
      [MB, '1.0 MB'],
      [25 * MB, '25.0 MB'],
    ];
    for (const [bytes, shown] of rows) expect(humanSize(bytes), String(bytes)).toBe(shown);
  });
});

describe('refuseBeforeReading', () => {
  it('takes photos and PDFs up to 20 MB, whatever the case of the extension', () => {
    for (const name of ['a.jpg', 'b.JPEG', 'c.png', 'd.HEIC', 'e.pdf']) {
      expect(refuseBeforeReading({ name, size: 20 * MB }), name).toBeNull();
    }
  });

  it('refuses a larger file with its size, and any other kind of file', () => {
    expect(refuseBeforeReading({ name: '大.jpg', size: 25 * MB })).toEqual({
      key: 'attachments.tooLarge',
      size: '25.0 MB',
      limit: 20,
    });
    expect(refuseBeforeReading({ name: '说明.docx', size: 10 })).toEqual({ key: 'attachments.notAccepted' });
    expect(refuseBeforeReading({ name: 'jpg', size: 10 })).toEqual({ key: 'attachments.notAccepted' });
  });
});

const entry = (id: number, event: TimelineEntry['event']): TimelineEntry => ({
  id,
  at: '2026-11-30T01:00:00Z',
  actorName: '林晓',
  actorRole: 'receptionist',
  event,
});

describe('withTimeline', () => {
  const sha256 = 'ab'.repeat(32);
  const timeline = [
    entry(1, { kind: 'registered' }),
    entry(2, { kind: 'handled', result: '已更换水管' }),
    entry(3, {
      kind: 'attached',
      attachmentId: 9,
      sha256,
      name: 'a.jpg',
      fileKind: 'jpeg',
      size: 10,
      stepEventId: 2,
    }),
    entry(4, { kind: 'attachmentRemoved', attachmentId: 9, sha256, name: 'a.jpg', reason: '拍错了' }),
  ];
  const attachment: Attachment = {
    id: 9,
    complaintId: 1,
    eventId: 3,
    stepEventId: 2,
    sha256,
    name: 'a.jpg',
    kind: 'jpeg',
    size: 10,
    removedEventId: 4,
  };

  it('finds who attached, the step documented and the removal', () => {
    const [view] = withTimeline([attachment], timeline);
    expect(view?.attached?.id).toBe(3);
    expect(view?.step?.id).toBe(2);
    expect(view?.removed?.id).toBe(4);
    expect(removalReason(view?.removed ?? null)).toBe('拍错了');
    const [kept] = withTimeline([{ ...attachment, stepEventId: null, removedEventId: null }], timeline);
    expect(kept?.step).toBeNull();
    expect(kept?.removed).toBeNull();
    expect(removalReason(null)).toBe('');
  });

  it('offers the steps only, not the attaching and removing', () => {
    expect(documentedSteps(timeline).map((step) => step.id)).toEqual([1, 2]);
  });
});
