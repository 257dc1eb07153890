import { ElButton, ElNotification } from 'element-plus';
import { h } from 'vue';
import { useI18n } from 'vue-i18n';
import { openPrinted } from '@/api/print';
import type { PrintReport } from '@/bindings/PrintReport';
import { useErrorReport } from './useErrorReport';

/**
 * Tells the user where a printed file went, how many pages it has, which characters
 * could not be printed (they show as □), and offers to open it. Exports and backups show
 * their path only.
 */
export function usePrintResult() {
  const { t } = useI18n();
  const report = useErrorReport();

  function openButton(path: string, done: () => void) {
    const open = () => {
      openPrinted(path).catch(report);
      done();
    };
    return h(ElButton, { size: 'small', type: 'primary', link: true, 'data-testid': 'print-open', onClick: open }, () =>
      t('print.open'),
    );
  }

  /** Only a file printed in this session can be opened (the backend refuses others). */
  function showSaved(path: string, lines: string[], warn: boolean, openable: boolean): void {
    const notification = ElNotification({
      type: warn ? 'warning' : 'success',
      title: t('print.saved'),
      duration: warn ? 0 : 8000,
      message: h('div', { class: 'print-result', 'data-testid': 'print-result' }, [
        h('div', { style: 'word-break: break-all' }, t('print.path', { path })),
        ...lines.map((line) => h('div', line)),
        openable ? openButton(path, () => notification.close()) : null,
      ]),
    });
  }

  /** A print command's answer; `null` (dialog cancelled) shows nothing. */
  function showPrinted(result: PrintReport | null): void {
    if (result === null) return;
    const lines = [t('print.pages', { pages: result.pages })];
    if (result.missing.length > 0) lines.push(t('print.missing', { chars: result.missing.join(' ') }));
    showSaved(result.path, lines, result.missing.length > 0, true);
  }

  /** An export command's answer: the saved path, or `null` when cancelled. */
  function showExported(path: string | null): void {
    if (path !== null) showSaved(path, [], false, false);
  }

  return { showPrinted, showExported };
}
