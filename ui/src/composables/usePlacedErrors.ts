import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { CallError } from '@/api/command';
import { placeErrors, type PlacedErrors } from '@/domain/fieldErrors';
import type { AppLocale } from '@/locales';
import { useErrorKindLabel } from './useErrorKindLabel';
import { useErrorText } from './useErrorText';

/** The last backend error of a form, placed under its fields in the current language. */
export function usePlacedErrors(error: Ref<CallError | null>, formFields: readonly string[]) {
  const { locale } = useI18n();
  const kindLabel = useErrorKindLabel();
  const text = useErrorText();
  return computed<PlacedErrors>(() =>
    error.value === null
      ? { byField: {}, unplaced: [] }
      : placeErrors(error.value, locale.value as AppLocale, formFields, kindLabel(error.value.kind), text(error.value)),
  );
}
