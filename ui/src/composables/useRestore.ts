import { ElMessageBox, ElNotification } from 'element-plus';
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { toCallError, type CallError } from '@/api/command';
import { restoreBackup, type FileAdministrator } from '@/api/safety';
import { useSessionStore } from '@/stores/session';
import { reportedByWindow, useErrorReport } from './useErrorReport';
import { useErrorText } from './useErrorText';

export type RestoreOptions = {
  /** The chosen file's own administrator (start-up page, a file other than an own backup). */
  admin?: FileAdministrator;
  /** The person already confirmed in a dialog of the page: no second question. */
  confirmed?: boolean;
};

/**
 * Restores a backup after a confirmation. The backend keeps the replaced database aside
 * and logs everyone out, so the desk goes to the login page afterwards. A refusal (not
 * permitted, the file failed its checks, the database in use elsewhere) stays on the page
 * in `refusal`, in the backend's words, which say why; only the kinds the whole window
 * reacts to go to the error report.
 */
export function useRestore() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useSessionStore();
  const report = useErrorReport();
  const text = useErrorText();
  /** The backup being restored ('' for one chosen in the file dialog). */
  const busyPath = ref<string | null>(null);
  const refused = ref<CallError | null>(null);
  /** The last refusal's sentence in the current language; '' when there is none. */
  const refusal = computed(() => (refused.value === null ? '' : text(refused.value)));

  function forgetRefusal(): void {
    refused.value = null;
  }

  /** Resolves true once restored (the login page is on its way). */
  async function restore(path: string | null, options: RestoreOptions = {}): Promise<boolean> {
    if (!options.confirmed) {
      try {
        await ElMessageBox.confirm(t('safety.restoreConfirm'), t('safety.restoreTitle'), {
          type: 'warning',
          confirmButtonText: t('safety.restoreGo'),
          cancelButtonText: t('common.cancel'),
        });
      } catch {
        return false; // Cancelled.
      }
    }
    busyPath.value = path ?? '';
    refused.value = null;
    try {
      const result = await restoreBackup(path, options.admin);
      if (result === null) return false; // File dialog cancelled.
      if (session.user !== null) {
        await session.logOut().catch(() => {
          // The backend has logged everyone out already.
        });
      }
      await session.refreshStatus().catch(() => {
        // The guard reads the status again on the next navigation.
      });
      // After logging out, which closes the last user's notifications.
      ElNotification.success({
        title: t('safety.restored'),
        message: result.replacedKeptAt
          ? t('safety.restoredKept', { path: result.replacedKeptAt, complaints: result.check.complaints })
          : t('safety.restoredCount', { complaints: result.check.complaints }),
        duration: 0,
      });
      // Attachments' files neither the desk nor the backup holds intact: the check on the
      // safety page names their complaints.
      if (result.attachmentsMissing.length > 0) {
        ElNotification.warning({
          title: t('safety.restoredFilesMissingTitle'),
          message: t('safety.restoredFilesMissing', { count: result.attachmentsMissing.length }),
          duration: 0,
        });
      }
      await router.replace({ name: 'login' });
      return true;
    } catch (reason) {
      const error = toCallError(reason);
      if (reportedByWindow(error.kind) || error.kind === 'locked') report(error);
      else refused.value = error;
      return false;
    } finally {
      busyPath.value = null;
    }
  }

  return { restore, busyPath, refusal, forgetRefusal };
}
