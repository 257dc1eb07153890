import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { registerComplaint } from '@/api/complaints';
import type { CallError } from '@/api/command';
import type { ComplaintRow } from '@/bindings/ComplaintRow';
import { DRAFT_FIELDS, emptyDraft, toNewComplaint, type ComplaintDraft } from '@/domain/complaintDraft';
import { errorText } from '@/domain/errorText';
import { placeErrors, type PlacedErrors } from '@/domain/fieldErrors';
import { suggestSeverity, type Criterion } from '@/domain/severityCriteria';
import { i18n } from '@/locales';

/**
 * The 《住户投诉意见表》 being filled in. It lives in a store so that a receptionist who
 * looks something up in the list mid-call comes back to a form still filled in.
 */
/** A fresh key for a form: random, 36 characters. */
export function newRequestKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const useRegistrationDraftStore = defineStore('registrationDraft', () => {
  const draft = ref<ComplaintDraft>(emptyDraft());
  /** This form's key: kept while it is sent again (a lost answer), new once it is saved or cleared. */
  const requestKey = ref(newRequestKey());
  const error = ref<CallError | null>(null);
  // Fields edited since the last error: their message is stale, so it is hidden.
  const editedSinceError = ref(new Set<keyof ComplaintDraft>());
  const saving = ref(false);
  const lastSaved = ref<ComplaintRow | null>(null);
  /** The department the last saved complaint was registered against, for 立即派发. */
  const lastSavedDepartmentId = ref<number | null>(null);
  /** The last saved complaint has been dispatched from this screen. */
  const lastDispatched = ref(false);
  /** The 4.3 situations ticked beside the severity; they only suggest one. */
  const criteria = ref<Criterion[]>([]);
  const suggestedSeverity = computed(() => suggestSeverity(criteria.value));

  const placed = computed<PlacedErrors>(() => {
    if (error.value === null) return { byField: {}, unplaced: [] };
    const { locale, t, te } = i18n.global;
    const kindKey = `errors.kind.${error.value.kind}`;
    const kindLabel = te(kindKey) ? t(kindKey) : t('errors.kind.internal');
    const overall = errorText(error.value, locale.value, (time) => t('errors.lockedUntil', { time }));
    const all = placeErrors(error.value, locale.value, DRAFT_FIELDS, kindLabel, overall);
    const byField = Object.fromEntries(
      Object.entries(all.byField).filter(([field]) => !editedSinceError.value.has(field as keyof ComplaintDraft)),
    );
    return { byField, unplaced: all.unplaced };
  });

  watch(
    () => ({ ...draft.value }),
    (now, before) => {
      for (const field of DRAFT_FIELDS) {
        if (now[field] !== before[field]) editedSinceError.value.add(field);
      }
    },
  );

  function fieldError(field: keyof ComplaintDraft): string {
    return placed.value.byField[field] ?? '';
  }

  /** Saves the draft; resolves with the new row, or `null` when the backend refused it. */
  async function save(): Promise<ComplaintRow | null> {
    if (saving.value) return null;
    saving.value = true;
    error.value = null;
    try {
      const row = await registerComplaint(toNewComplaint(draft.value), requestKey.value);
      lastSaved.value = row;
      lastSavedDepartmentId.value = draft.value.departmentId;
      lastDispatched.value = false;
      clear();
      return row;
    } catch (reason) {
      error.value = reason as CallError;
      editedSinceError.value = new Set();
      return null;
    } finally {
      saving.value = false;
    }
  }

  function clear(): void {
    requestKey.value = newRequestKey();
    draft.value = emptyDraft();
    criteria.value = [];
    error.value = null;
  }

  function dismissError(): void {
    error.value = null;
  }

  function reset(): void {
    clear();
    lastSaved.value = null;
    lastSavedDepartmentId.value = null;
    lastDispatched.value = false;
  }

  return {
    draft,
    requestKey,
    criteria,
    suggestedSeverity,
    error,
    placed,
    saving,
    lastSaved,
    lastSavedDepartmentId,
    lastDispatched,
    fieldError,
    save,
    clear,
    dismissError,
    reset,
  };
});
