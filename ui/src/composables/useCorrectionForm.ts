import { computed, provide, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { correctComplaint } from '@/api/complaints';
import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import { DRAFT_FIELDS, draftOf, emptyDraft, toNewComplaint, type ComplaintDraft } from '@/domain/complaintDraft';
import { suggestSeverity, type Criterion } from '@/domain/severityCriteria';
import { COMPLAINT_FORM_KEY, type ComplaintFormModel } from './useComplaintForm';
import type { ErrorReportOptions } from './useErrorReport';
import { useFormSubmit } from './useFormSubmit';

/** Longest 更正原因 the backend takes, in characters. */
export const REASON_LIMIT = 2000;

/** Where the backend's field errors are placed: the form's fields and the reason. */
const CORRECTION_FIELDS: readonly string[] = [...DRAFT_FIELDS, 'reason'];

/**
 * 更正 of one registered complaint: a form of the registration's shape, provided to the
 * form sections below the caller and started from the form as registered; the reason;
 * the backend's refusals placed under the fields they name (see `useFormSubmit`).
 */
export function useCorrectionForm(options: ErrorReportOptions = {}) {
  const { t } = useI18n();
  const detail = ref<ComplaintDetail | null>(null);
  const draft = ref<ComplaintDraft>(emptyDraft());
  const criteria = ref<Criterion[]>([]);
  const reason = ref('');
  const { busy, error, placed, submit } = useFormSubmit(CORRECTION_FIELDS, options);

  // Once dispatched, the department changes by 回退 and a new dispatch, the severity by
  // 复核等级: both count the deadlines from their own moment, which a correction cannot.
  const dispatched = computed(() => detail.value !== null && detail.value.row.state !== 'registered');
  const locked = computed<Partial<Record<keyof ComplaintDraft, string>>>(() =>
    dispatched.value ? { departmentId: t('correct.lockedDepartment'), severity: t('correct.lockedSeverity') } : {},
  );

  const form: ComplaintFormModel = reactive({
    draft,
    criteria,
    suggestedSeverity: computed(() => suggestSeverity(criteria.value)),
    receptionistName: computed(() => detail.value?.form.receptionistName ?? ''),
    locked,
    kept: computed(() => {
      if (detail.value === null) return undefined;
      const { departmentId, categoryId, accusedUserId, accusedPerson } = detail.value.form;
      const accused = accusedUserId === null ? null : { id: accusedUserId, name: accusedPerson ?? '' };
      return { departmentId, categoryId, accused };
    }),
    placeholders: computed(() => ({ receivedAt: t('correct.receivedAtPlaceholder') })),
    findsRepeats: false,
    offersPaper: false,
    fieldError: (field: keyof ComplaintDraft) => placed.value.byField[field] ?? '',
  });
  provide(COMPLAINT_FORM_KEY, form);

  /** Starts again from the complaint as it is registered now. */
  function start(loaded: ComplaintDetail): void {
    detail.value = loaded;
    draft.value = draftOf(loaded.form);
    criteria.value = [];
    reason.value = '';
    error.value = null;
  }

  /** Sends the whole form and the reason; resolves with the refreshed detail, or null when refused. */
  async function save(): Promise<ComplaintDetail | null> {
    const current = detail.value;
    if (current === null) return null;
    // The timeline the form was read from: a complaint moved by another desk meanwhile is
    // refused rather than overwritten.
    const lastEventId = current.timeline.at(-1)?.id ?? null;
    const input = { form: toNewComplaint(draft.value), reason: reason.value, lastEventId };
    const saved = await submit(() => correctComplaint(current.row.id, input));
    return saved?.value ?? null;
  }

  return { detail, form, reason, busy, error, placed, start, save };
}
