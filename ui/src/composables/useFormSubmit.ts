import { ref } from 'vue';
import { toCallError, type CallError } from '@/api/command';
import { usePlacedErrors } from './usePlacedErrors';
import { reportedByWindow, useErrorReport, type ErrorReportOptions } from './useErrorReport';

/**
 * Saving a small form: one save at a time, and a refusal placed under the fields it
 * names (the rest above the form). `submit` resolves with `{ value }` (a command without
 * a result gives null, so the result is wrapped), or null when the backend refused. The
 * kinds the whole window reacts to (an ended session, a disabled account, an internal
 * failure) are reported instead; a `conflict` stays above the form and calls `reload`.
 */
export function useFormSubmit(fields: readonly string[], options: ErrorReportOptions = {}) {
  const busy = ref(false);
  const error = ref<CallError | null>(null);
  const placed = usePlacedErrors(error, fields);
  const report = useErrorReport();

  async function submit<T>(save: () => Promise<T>): Promise<{ value: T } | null> {
    if (busy.value) return null;
    busy.value = true;
    error.value = null;
    try {
      return { value: await save() };
    } catch (reason) {
      const refused = toCallError(reason);
      if (reportedByWindow(refused.kind)) {
        report(refused);
      } else {
        error.value = refused;
        if (refused.kind === 'conflict') options.reload?.();
      }
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, placed, submit };
}
