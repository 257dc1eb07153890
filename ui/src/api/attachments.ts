import type { Attachment } from '@/bindings/Attachment';
import type { AttachmentProblem } from '@/bindings/AttachmentProblem';
import { call } from './command';

/** What a command answering with a file's bytes resolves with, by the IPC path it took. */
type RawBytes = ArrayBuffer | Uint8Array | number[];

function bytesOf(raw: RawBytes): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  return raw instanceof ArrayBuffer ? new Uint8Array(raw) : Uint8Array.from(raw);
}

/**
 * Attaches a file chosen or dropped in the page: its bytes travel raw (a 20 MB photo is
 * no JSON array), the rest in headers, the name percent-encoded since headers are ASCII.
 * `stepEventId` names the step it documents, or null for the complaint itself.
 */
export function attachFile(
  complaintId: number,
  name: string,
  bytes: Uint8Array,
  stepEventId: number | null,
): Promise<Attachment> {
  return call<Attachment>('attach_file', bytes, {
    headers: {
      'complaint-id': String(complaintId),
      'file-name': encodeURIComponent(name),
      'step-event-id': stepEventId === null ? '' : String(stepEventId),
    },
  });
}

/** Takes an attachment off the list, with the reason; the file itself is kept. */
export function removeAttachment(id: number, reason: string): Promise<Attachment> {
  return call<Attachment>('remove_attachment', { id, reason });
}

/** A photo's thumbnail (JPEG); empty for a PDF or HEIC. */
export async function attachmentThumbnail(id: number): Promise<Uint8Array> {
  return bytesOf(await call<RawBytes>('attachment_thumbnail', { id }));
}

/** The whole file, checked against its hash by the backend. */
export async function attachmentContent(id: number): Promise<Uint8Array> {
  return bytesOf(await call<RawBytes>('attachment_content', { id }));
}

/** Saves a copy where the user chooses; resolves with its path, or null when the dialog was cancelled. */
export function saveAttachment(id: number): Promise<string | null> {
  return call<string | null>('save_attachment', { id });
}

/** Every attachment whose file is missing or altered (the administrator's check). */
export function verifyAttachments(): Promise<AttachmentProblem[]> {
  return call<AttachmentProblem[]>('verify_attachments');
}
