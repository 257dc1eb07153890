import type { CallError } from '@/api/command';
import type { AppLocale } from '@/locales';
import { pickMessage } from './errorText';

/** Messages to show under form items (keyed by prop), and those that fit no item. */
export type PlacedErrors = {
  byField: Record<string, string>;
  unplaced: string[];
};

const JOINERS: Record<AppLocale, string> = { 'zh-CN': '；', 'en-US': '; ' };

/**
 * Places a backend error on the form: each `fields[i]` goes under the item whose prop
 * equals its `field`; several messages for one field are joined. A field the form does
 * not show, or an error without fields, ends up in `unplaced` so it is never lost; an
 * error with no text at all is shown as `kindLabel`. Messages are in `locale`; `overall`
 * is the sentence for an error without fields (by default its message in `locale`).
 */
export function placeErrors(
  error: CallError,
  locale: AppLocale,
  formFields: readonly string[],
  kindLabel: string,
  overall: string = pickMessage(error, locale),
): PlacedErrors {
  const grouped = new Map<string, string[]>();
  const unplaced: string[] = [];
  const add = (field: string | null, message: string) => {
    if (field !== null && formFields.includes(field)) {
      grouped.set(field, [...(grouped.get(field) ?? []), message]);
    } else if (message !== '') {
      unplaced.push(message);
    }
  };

  if (error.fields.length > 0) {
    for (const fieldError of error.fields) add(fieldError.field, pickMessage(fieldError, locale));
  } else {
    add(error.field, overall);
  }

  const byField: Record<string, string> = {};
  for (const [field, messages] of grouped) {
    byField[field] = messages.join(JOINERS[locale]);
  }
  if (grouped.size === 0 && unplaced.length === 0) unplaced.push(kindLabel);
  return { byField, unplaced };
}
