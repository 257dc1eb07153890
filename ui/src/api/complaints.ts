import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import type { ComplaintPage } from '@/bindings/ComplaintPage';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { CorrectionInput } from '@/bindings/CorrectionInput';
import type { Dashboard } from '@/bindings/Dashboard';
import type { ListCount } from '@/bindings/ListCount';
import type { ListQuery } from '@/bindings/ListQuery';
import type { NewComplaint } from '@/bindings/NewComplaint';
import type { Resident } from '@/bindings/Resident';
import type { Step } from '@/bindings/Step';
import { call } from './command';

/**
 * Registers the form; `requestKey` is the window's key for this form, the same when the
 * form is sent again after a lost answer, so that it is not recorded twice.
 */
export function registerComplaint(input: NewComplaint, requestKey: string | null = null): Promise<ComplaintRow> {
  return call<ComplaintRow>('register_complaint', { input, requestKey });
}

/** A page of the list; a search's page may come before its count (`counted: false`). */
export function listComplaints(query: ListQuery): Promise<ComplaintPage> {
  return call<ComplaintPage>('list_complaints', { query });
}

/** How many the list holds for `query`: the count an uncounted page left. */
export function countComplaints(query: ListQuery): Promise<ListCount> {
  return call<ListCount>('count_complaints', { query });
}

/** Open complaints, and any of the last 90 days, of the same room or phone. */
export function findRepeats(room: string, phone: string): Promise<ComplaintRow[]> {
  return call<ComplaintRow[]>('find_repeats', { room, phone });
}

export function dashboard(): Promise<Dashboard> {
  return call<Dashboard>('dashboard');
}

export function complaintDetail(id: number): Promise<ComplaintDetail> {
  return call<ComplaintDetail>('complaint_detail', { id });
}

/** 查看保密信息: a confidential complainant's name, room and phone, with the reason (audited). */
export function revealResident(id: number, reason: string): Promise<Resident> {
  return call<Resident>('reveal_resident', { id, reason });
}

/** Runs one workflow step; resolves with the refreshed detail. */
export function applyStep(id: number, step: Step, seen: number | null = null): Promise<ComplaintDetail> {
  return call<ComplaintDetail>('apply_step', { id, step, seen });
}

/** 更正: the registered form as it should have read, with the reason; resolves with the refreshed detail. */
export function correctComplaint(id: number, input: CorrectionInput): Promise<ComplaintDetail> {
  return call<ComplaintDetail>('correct_complaint', { id, input });
}
