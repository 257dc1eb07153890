import { useI18n } from 'vue-i18n';
import type { CallError } from '@/api/command';
import { errorText } from '@/domain/errorText';
import type { AppLocale } from '@/locales';

/** The sentence for a refusal in the current language (see `errorText`). */
export function useErrorText() {
  const { t, locale } = useI18n();
  return (error: CallError): string =>
    errorText(error, locale.value as AppLocale, (time) => t('errors.lockedUntil', { time }));
}
