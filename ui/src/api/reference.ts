import type { Category } from '@/bindings/Category';
import type { Department } from '@/bindings/Department';
import type { StaffMember } from '@/bindings/StaffMember';
import { call } from './command';

export function listDepartments(): Promise<Department[]> {
  return call<Department[]>('list_departments');
}

export function listCategories(): Promise<Category[]> {
  return call<Category[]>('list_categories');
}

/** The staff in use by name and role: whom an entry made for someone else can name. */
export function listStaff(): Promise<StaffMember[]> {
  return call<StaffMember[]>('list_staff');
}
