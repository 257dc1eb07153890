import type { Category } from '@/bindings/Category';
import type { Department } from '@/bindings/Department';
import { call } from './command';

export function listDepartments(): Promise<Department[]> {
  return call<Department[]>('list_departments');
}

export function listCategories(): Promise<Category[]> {
  return call<Category[]>('list_categories');
}
