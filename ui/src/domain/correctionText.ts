import type { FieldChange } from '@/bindings/FieldChange';
import type { Translate } from './eventText';

/** What a correction refers to by id, as the screen names it. */
export type ChangeContext = {
  departmentName: (id: number) => string;
  categoryName: (id: number) => string;
};

/**
 * One side of a corrected field in words. The backend records values as the form holds
 * them: text as typed, times already as `YYYY-MM-DD HH:mm` in the center's zone, choices
 * by code, departments and categories by id, yes/no as `true`/`false`, null when empty.
 */
export function changeValue(field: string, value: string | null, t: Translate, context: ChangeContext): string {
  if (value === null || value === '') return t('timeline.values.empty');
  switch (field) {
    case 'channel':
    case 'contactMethod':
    case 'severity':
      return t(`enums.${field}.${value}`);
    case 'departmentId':
      return context.departmentName(Number(value));
    case 'categoryId':
      return context.categoryName(Number(value));
    case 'valid':
      return t(value === 'true' ? 'timeline.values.valid' : 'timeline.values.invalid');
    case 'ongoingHarm':
    case 'confidential':
      return t(value === 'true' ? 'timeline.values.yes' : 'timeline.values.no');
    default:
      return value;
  }
}

/** 「联系电话：13800138000 → 13900139000」, the field labelled as on the form. */
export function describeChange(change: FieldChange, t: Translate, context: ChangeContext): string {
  return t('timeline.change', {
    field: t(`register.fields.${change.field}`),
    before: changeValue(change.field, change.before, t, context),
    after: changeValue(change.field, change.after, t, context),
  });
}
