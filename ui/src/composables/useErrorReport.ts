import { ElMessage, ElNotification } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { toCallError } from '@/api/command';
import { useConnectionStore } from '@/stores/connection';
import { useSessionStore } from '@/stores/session';
import { useErrorKindLabel } from './useErrorKindLabel';
import { useErrorText } from './useErrorText';

/**
 * Kinds the whole window reacts to, wherever the call was made: a form that keeps its
 * other refusals under its fields hands these to `report` instead.
 */
export function reportedByWindow(kind: string): boolean {
  return kind === 'sessionExpired' || kind === 'accountDisabled' || kind === 'offline' || kind === 'internal';
}

export type ErrorReportOptions = {
  /** Reads the current view's data again: after a `conflict`, the other desk's change shows. */
  reload?: () => unknown;
};

/**
 * Shows a failed command to the user, in the current language, and reacts to its kind:
 * - `locked` says nothing: the lock screen is already up;
 * - `offline` (the connection to the center's server is lost) says nothing either: the
 *   window's banner says it once, until the server answers again; the view keeps its data;
 * - `sessionExpired` (the backend restarted, or the session ended) goes back to the login
 *   page, which returns to this screen afterwards;
 * - `accountDisabled` with someone logged in logs them out, to the login page saying why;
 * - `conflict` (another desk changed the record meanwhile) reloads the view's data;
 * - `internal` (a failure inside the program) is a notification that stays until closed,
 *   since its message names the log file to hand to a maintainer;
 * - every other kind is a message that fades.
 */
export function useErrorReport(options: ErrorReportOptions = {}) {
  const { t } = useI18n();
  const router = useRouter();
  const session = useSessionStore();
  const connection = useConnectionStore();
  const kindLabel = useErrorKindLabel();
  const text = useErrorText();

  return function report(reason: unknown): void {
    const error = toCallError(reason);
    if (error.kind === 'locked') return;
    if (error.kind === 'offline') {
      connection.lost(); // Already so when the refusal came through `call`.
      return;
    }
    const title = kindLabel(error.kind);
    const detail = text(error);

    if (error.kind === 'internal') {
      ElNotification.error({ title, message: detail === '' ? title : detail, duration: 0 });
      return;
    }
    if (error.kind === 'accountDisabled' && session.user !== null) {
      // Logging out closes the messages; the login page shows the reason instead.
      void session.dismiss(error).then(() => router.replace({ name: 'login' }));
      return;
    }

    ElMessage.error({
      message: detail === '' ? title : t('errors.detailed', { title, detail }),
      grouping: true,
      showClose: true,
      duration: 6000,
    });
    if (error.kind === 'sessionExpired' && session.user !== null) {
      session.expire();
      void router.replace({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } });
    } else if (error.kind === 'conflict') {
      options.reload?.();
    }
  };
}
