/**
 * The label of an audit entry's action code (`complaint.register`, `user.login`,
 * `complaint.dispatch` …) in the window's language: a step of the procedure is named as
 * the step dialogs name it; a code without a label (a newer desk's) is shown as it is.
 */
export function auditActionLabel(
  action: string,
  t: (key: string, params?: Record<string, unknown>) => string,
  te: (key: string) => boolean,
): string {
  const key = `safety.audit.actions.${action}`;
  if (/^[a-zA-Z]+\.[a-zA-Z]+$/.test(action) && te(key)) return t(key);
  const step = /^complaint\.([a-zA-Z]+)$/.exec(action)?.[1];
  if (step && te(`steps.${step}`)) return t('safety.audit.actions.step', { step: t(`steps.${step}`) });
  return action;
}
