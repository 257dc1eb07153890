import { ElMessageBox, ElNotification } from 'element-plus';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { restoreBackup } from '@/api/safety';
import { useSessionStore } from '@/stores/session';
import { useErrorReport } from './useErrorReport';

/**
 * Restores a backup after a confirmation. The backend keeps the replaced database aside
 * and logs everyone out, so the desk goes to the login page afterwards.
 */
export function useRestore() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useSessionStore();
  const report = useErrorReport();
  /** The backup being restored ('' for one chosen in the file dialog). */
  const busyPath = ref<string | null>(null);

  async function restore(path: string | null): Promise<void> {
    try {
      await ElMessageBox.confirm(t('safety.restoreConfirm'), t('safety.restoreTitle'), {
        type: 'warning',
        confirmButtonText: t('safety.restoreGo'),
        cancelButtonText: t('common.cancel'),
      });
    } catch {
      return; // Cancelled.
    }
    busyPath.value = path ?? '';
    try {
      const result = await restoreBackup(path);
      if (result === null) return; // File dialog cancelled.
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
      await router.replace({ name: 'login' });
    } catch (reason) {
      report(reason);
    } finally {
      busyPath.value = null;
    }
  }

  return { restore, busyPath };
}
