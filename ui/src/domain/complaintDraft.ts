import type { Channel } from '@/bindings/Channel';
import type { ComplaintForm } from '@/bindings/ComplaintForm';
import type { ContactMethod } from '@/bindings/ContactMethod';
import type { NewComplaint } from '@/bindings/NewComplaint';
import type { Severity } from '@/bindings/Severity';
import { formatCenterTime } from './centerTime';

/**
 * What the registration form edits. Text inputs hold strings (never null) and pickers
 * hold `null` until chosen; `toNewComplaint` turns it into the IPC shape.
 */
export type ComplaintDraft = {
  receivedAt: string | null;
  channel: Channel;
  residentName: string;
  room: string;
  phone: string;
  contactMethod: ContactMethod;
  occurredAt: string | null;
  location: string;
  departmentId: number | null;
  /** 被投诉人 typed, for someone without an account; '' once a user is chosen. */
  accusedPerson: string;
  /** 被投诉人 chosen from the center's users. */
  accusedUserId: number | null;
  description: string;
  residentRequest: string;
  residentDeadline: string | null;
  categoryId: number | null;
  severity: Severity | null;
  valid: boolean;
  invalidReason: string;
  ongoingHarm: boolean;
  immediateMeasure: string;
  /** 纸质表补录: typed in from a paper form filled in while the desk was down. */
  fromPaper: boolean;
  /** 住户要求保密. */
  confidential: boolean;
};

/**
 * Longest text each field takes, as the backend checks it (in characters). The inputs
 * stop there so a long account is not refused only after it was typed.
 */
export const TEXT_LIMITS = {
  residentName: 50,
  room: 30,
  phone: 30,
  location: 100,
  accusedPerson: 50,
  description: 5000,
  residentRequest: 1000,
  invalidReason: 500,
  immediateMeasure: 1000,
} satisfies Partial<Record<keyof ComplaintDraft, number>>;

export function emptyDraft(): ComplaintDraft {
  return {
    receivedAt: null,
    channel: 'visit',
    residentName: '',
    room: '',
    phone: '',
    contactMethod: 'phone',
    occurredAt: null,
    location: '',
    departmentId: null,
    accusedPerson: '',
    accusedUserId: null,
    description: '',
    residentRequest: '',
    residentDeadline: null,
    categoryId: null,
    severity: null,
    valid: true,
    invalidReason: '',
    ongoingHarm: false,
    immediateMeasure: '',
    fromPaper: false,
    confidential: false,
  };
}

/** Every field of the form, which are exactly the keys of `NewComplaint`. */
export const DRAFT_FIELDS = Object.keys(emptyDraft()) as (keyof ComplaintDraft)[];

/** True when the draft differs from a fresh one (used to confirm before clearing). */
export function isDraftTouched(draft: ComplaintDraft): boolean {
  const fresh = emptyDraft();
  return DRAFT_FIELDS.some((key) => draft[key] !== fresh[key]);
}

function optionalText(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function optionalTime(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

/**
 * Trims text, turns blank optional text into `null`, and drops the invalid reason and
 * the immediate measure when the options that reveal them are off, so hidden inputs
 * never reach the backend. A chosen 被投诉人 goes by id alone: the backend names them
 * from their account.
 */
export function toNewComplaint(draft: ComplaintDraft): NewComplaint {
  return {
    receivedAt: optionalTime(draft.receivedAt),
    channel: draft.channel,
    residentName: draft.residentName.trim(),
    room: draft.room.trim(),
    phone: draft.phone.trim(),
    contactMethod: draft.contactMethod,
    occurredAt: optionalTime(draft.occurredAt),
    location: draft.location.trim(),
    departmentId: draft.departmentId ?? null,
    accusedPerson: draft.accusedUserId === null ? optionalText(draft.accusedPerson) : null,
    accusedUserId: draft.accusedUserId,
    description: draft.description.trim(),
    residentRequest: draft.residentRequest.trim(),
    residentDeadline: optionalTime(draft.residentDeadline),
    categoryId: draft.categoryId ?? null,
    severity: draft.severity ?? null,
    valid: draft.valid,
    invalidReason: draft.valid ? null : optionalText(draft.invalidReason),
    ongoingHarm: draft.ongoingHarm,
    immediateMeasure: draft.ongoingHarm ? optionalText(draft.immediateMeasure) : null,
    fromPaper: draft.fromPaper,
    confidential: draft.confidential,
  };
}

function formTime(value: string | null): string | null {
  return value === null ? null : formatCenterTime(value);
}

/**
 * The registered form as a draft to correct: times as the pickers write them (the
 * backend sends them in the center's offset already), empty optional text as ''. A
 * 被投诉人 with an account is kept by id; 补录 is a fact of the registration, not of the
 * form, so a correction never sends it.
 */
export function draftOf(form: ComplaintForm): ComplaintDraft {
  return {
    receivedAt: formTime(form.receivedAt),
    channel: form.channel,
    residentName: form.residentName,
    room: form.room,
    phone: form.phone,
    contactMethod: form.contactMethod,
    occurredAt: formTime(form.occurredAt),
    location: form.location,
    departmentId: form.departmentId,
    accusedPerson: form.accusedUserId === null ? (form.accusedPerson ?? '') : '',
    accusedUserId: form.accusedUserId,
    description: form.description,
    residentRequest: form.residentRequest,
    residentDeadline: formTime(form.residentDeadline),
    categoryId: form.categoryId,
    severity: form.severity,
    valid: form.valid,
    invalidReason: form.invalidReason ?? '',
    ongoingHarm: form.ongoingHarm,
    immediateMeasure: form.immediateMeasure ?? '',
    fromPaper: false,
    confidential: form.confidential,
  };
}
