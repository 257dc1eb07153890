import { ref } from 'vue';
import type { CallError } from '@/api/command';
import { usePlacedErrors } from './usePlacedErrors';
import { useErrorReport } from './useErrorReport';

/**
 * Saving a small form: one save at a time, and a refusal placed under the fields it
 * names (the rest above the form). `submit` resolves with `{ value }` (a command without
 * a result gives null, so the result is wrapped), or null when the backend refused.
 */
export function useFormSubmit(fields: readonly string[]) {
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
      error.value = reason as CallError;
      if (error.value.kind === 'auth') report(reason);
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, placed, submit };
}
