import type { UnlistenFn } from '@tauri-apps/api/event';
import { ElNotification } from 'element-plus';
import { onBeforeUnmount, onMounted } from 'vue';
import { useI18n } from 'vue-i18n';
import { onDutyFailed } from '@/api/events';
import type { DutyFailure } from '@/bindings/DutyFailure';
import { pickMessage } from '@/domain/errorText';
import type { AppLocale } from '@/locales';

/**
 * While mounted, each background duty that failed (the daily backup, the search index's
 * upkeep, the one-month raise, the alerts, or a tick that broke off) is an error
 * notification in the current language that stays until closed: a backup that did not
 * happen must not go unnoticed.
 */
export function useDutyFailures(): void {
  const { t, locale } = useI18n();
  let unlisten: UnlistenFn | null = null;
  let mounted = false;

  function show(failure: DutyFailure): void {
    ElNotification.error({
      title: t('duty.failedTitle'),
      message: pickMessage(failure, locale.value as AppLocale),
      duration: 0,
      customClass: 'duty-failed',
    });
  }

  onMounted(async () => {
    mounted = true;
    try {
      const stop = await onDutyFailed(show);
      if (mounted) unlisten = stop;
      else stop();
    } catch {
      // No event channel (outside the app window).
    }
  });

  onBeforeUnmount(() => {
    mounted = false;
    unlisten?.();
    unlisten = null;
  });
}
