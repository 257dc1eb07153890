import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';

/** A form's label column: English labels are longer than the Chinese ones. */
export function useLabelWidth(zhCN: number, enUS: number): ComputedRef<string> {
  const { locale } = useI18n();
  return computed(() => `${locale.value === 'en-US' ? enUS : zhCN}px`);
}
