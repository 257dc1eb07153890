import { ElNotification } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { onDutyFailed } from '@/api/events';
import type { DutyFailure } from '@/bindings/DutyFailure';
import { pickMessage } from '@/domain/errorText';
import type { AppLocale } from '@/locales';
import { useBackendEvent } from './useBackendEvent';

/**
 * While mounted, each background duty that failed (the daily backup, the search index's
 * upkeep, the one-month raise, the alerts, or a tick that broke off) is an error
 * notification in the current language that stays until closed: a backup that did not
 * happen must not go unnoticed.
 */
export function useDutyFailures(): void {
  const { t, locale } = useI18n();

  function show(failure: DutyFailure): void {
    ElNotification.error({
      title: t('duty.failedTitle'),
      message: pickMessage(failure, locale.value as AppLocale),
      duration: 0,
      customClass: 'duty-failed',
    });
  }

  useBackendEvent(() => onDutyFailed(show));
}
