import { ElMessage } from 'element-plus';
import { nextTick } from 'vue';
import { useI18n } from 'vue-i18n';
import type { AppLocale } from '@/locales';

const JOINERS: Record<AppLocale, string> = { 'zh-CN': '、', 'en-US': ', ' };

/**
 * The labels of the form items in `root` that show an error, in the page's order, each
 * once: the words the clerk sees beside the red fields.
 */
export function refusedLabels(root: ParentNode): string[] {
  const labels = Array.from(
    root.querySelectorAll('.el-form-item.is-error .el-form-item__label'),
    (label) => label.textContent?.trim() ?? '',
  );
  return [...new Set(labels.filter((label) => label !== ''))];
}

/**
 * A save refused for its input: the error toast names the fields to check (请检查：联系电话、
 * 更正原因), read from the form once the messages are placed, so that a clerk at the save
 * bar knows what to look for before the red fields are in view. Without a field to name,
 * the general sentence.
 */
export function useCheckFieldsToast(root: () => ParentNode | null | undefined) {
  const { t, locale } = useI18n();
  return async function showCheckFields(): Promise<void> {
    await nextTick();
    const shown = root();
    const labels = shown ? refusedLabels(shown) : [];
    const message =
      labels.length > 0
        ? t('errors.checkNamedFields', { fields: labels.join(JOINERS[locale.value as AppLocale]) })
        : t('errors.checkFields');
    ElMessage.error({ message, grouping: true });
    if (shown) focusFirstRefused(shown);
  };
}

/**
 * The cursor goes to the first red field (a dialog's or a page's), scrolled into view,
 * unless it is already in one of them.
 */
export function focusFirstRefused(root: ParentNode): void {
  const items = Array.from(root.querySelectorAll<HTMLElement>('.el-form-item.is-error'));
  const active = document.activeElement;
  if (items.length === 0 || items.some((item) => active instanceof Node && item.contains(active))) return;
  const control = items[0]?.querySelector<HTMLElement>(
    'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
  );
  items[0]?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  control?.focus({ preventScroll: true });
}
