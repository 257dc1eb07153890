import { useI18n } from 'vue-i18n';

/** The heading for an error kind; a kind this UI does not know yet reads as internal. */
export function useErrorKindLabel() {
  const { t, te } = useI18n();
  return (kind: string): string => {
    const key = `errors.kind.${kind}`;
    return te(key) ? t(key) : t('errors.kind.internal');
  };
}
