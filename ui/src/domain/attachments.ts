import type { Attachment } from '@/bindings/Attachment';
import type { AttachmentKind } from '@/bindings/AttachmentKind';
import type { TimelineEntry } from '@/bindings/TimelineEntry';

/** The backend's limit for one file (it checks again, and reads the kind from the bytes). */
export const MAX_ATTACHMENT_MB = 20;
const MAX_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;

/** What the file chooser offers: photos and PDF scans. */
export const ACCEPTED_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.heic', '.pdf'] as const;

const MIME: Record<AttachmentKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  pdf: 'application/pdf',
};

export function mimeOf(kind: AttachmentKind): string {
  return MIME[kind];
}

/** The page can show JPEG and PNG; a HEIC photo or a PDF is saved and opened elsewhere. */
export function showsInPage(kind: AttachmentKind): boolean {
  return kind === 'jpeg' || kind === 'png';
}

/** A size as the printed form and the backend's messages write it: 840 KB, 25.0 MB. */
export function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Why a file is refused before it is even read, as a locale key with its values. */
export type FileRefusal =
  { key: 'attachments.tooLarge'; size: string; limit: number } | { key: 'attachments.notAccepted' };

/**
 * The page's own check of a chosen or dropped file, so that a huge file is never read
 * into memory: its size, and its name's extension (the backend reads the real kind from
 * the bytes, so a text file named .jpg gets as far as the backend and is refused there).
 */
export function refuseBeforeReading(file: { name: string; size: number }): FileRefusal | null {
  const name = file.name.toLowerCase();
  if (!ACCEPTED_EXTENSIONS.some((extension) => name.endsWith(extension))) return { key: 'attachments.notAccepted' };
  if (file.size > MAX_BYTES)
    return { key: 'attachments.tooLarge', size: humanSize(file.size), limit: MAX_ATTACHMENT_MB };
  return null;
}

/** An attachment with the timeline entries that attached it, removed it, and the step it documents. */
export type AttachmentView = {
  attachment: Attachment;
  attached: TimelineEntry | null;
  removed: TimelineEntry | null;
  step: TimelineEntry | null;
};

/** Pairs each attachment with its timeline entries (the detail reads both in one go). */
export function withTimeline(attachments: readonly Attachment[], timeline: readonly TimelineEntry[]): AttachmentView[] {
  const byId = new Map(timeline.map((entry) => [entry.id, entry]));
  const entry = (id: number | null) => (id === null ? null : (byId.get(id) ?? null));
  return attachments.map((attachment) => ({
    attachment,
    attached: entry(attachment.eventId),
    removed: entry(attachment.removedEventId),
    step: entry(attachment.stepEventId),
  }));
}

/** The timeline entries a file may document: the steps, not the attaching and removing themselves. */
export function documentedSteps(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline.filter((entry) => entry.event.kind !== 'attached' && entry.event.kind !== 'attachmentRemoved');
}

/** The removal's reason, from its timeline entry. */
export function removalReason(removed: TimelineEntry | null): string {
  return removed?.event.kind === 'attachmentRemoved' ? removed.event.reason : '';
}

/** A `data:` URL of the bytes: the window's content policy shows images from `data:`, not `blob:`. */
export function dataUrl(bytes: Uint8Array, mime: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsDataURL(new Blob([bytes as BlobPart], { type: mime }));
  });
}
