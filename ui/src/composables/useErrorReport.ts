import { ElMessage } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { toCallError } from '@/api/command';
import { useSessionStore } from '@/stores/session';
import { useErrorKindLabel } from './useErrorKindLabel';

/**
 * Shows a failed command to the user. An `auth` error means the session is gone (the
 * backend restarted, or another user logged in), so the desk goes back to the login page.
 * A `locked` error says nothing here: the lock screen is already up.
 */
export function useErrorReport() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useSessionStore();
  const kindLabel = useErrorKindLabel();

  return function report(reason: unknown): void {
    const error = toCallError(reason);
    if (error.kind === 'locked') return;
    const title = kindLabel(error.kind);
    ElMessage.error({
      message: error.message === '' ? title : t('errors.detailed', { title, detail: error.message }),
      grouping: true,
      showClose: true,
      duration: 6000,
    });
    if (error.kind === 'auth' && session.user !== null) {
      session.expire();
      void router.replace({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } });
    }
  };
}
