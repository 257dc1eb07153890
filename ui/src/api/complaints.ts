import type { ComplaintPage } from '@/bindings/ComplaintPage';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import type { ListQuery } from '@/bindings/ListQuery';
import type { NewComplaint } from '@/bindings/NewComplaint';
import { call } from './command';

export function registerComplaint(input: NewComplaint): Promise<ComplaintRow> {
  return call<ComplaintRow>('register_complaint', { input });
}

export function listComplaints(query: ListQuery): Promise<ComplaintPage> {
  return call<ComplaintPage>('list_complaints', { query });
}
