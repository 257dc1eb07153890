import { inject, type InjectionKey } from 'vue';
import type { Severity } from '@/bindings/Severity';
import type { ComplaintDraft } from '@/domain/complaintDraft';
import type { Criterion } from '@/domain/severityCriteria';
import { useRegistrationDraftStore } from '@/stores/registrationDraft';

/**
 * What the sections of the 《住户投诉意见表》 read and edit. Registration fills in the
 * draft kept in its store; a correction provides one of its own, started from the
 * registered form. The optional parts are what a correction shows differently.
 */
export interface ComplaintFormModel {
  draft: ComplaintDraft;
  /** The 4.3 situations ticked beside the severity; they only suggest one. */
  criteria: Criterion[];
  readonly suggestedSeverity: Severity | null;
  /** The backend's message under a field, or ''. */
  fieldError(field: keyof ComplaintDraft): string;
  /** 接待员: who took the complaint; without it, the user at the desk (a new registration). */
  readonly receptionistName?: string;
  /** Inputs shown but not to be changed here, each with the reason shown under it. */
  readonly locked?: Partial<Record<keyof ComplaintDraft, string>>;
  /**
   * The department, category and 被投诉人 account the registered form names: still
   * offered after they were disabled, since the form keeps them.
   */
  readonly kept?: { departmentId: number; categoryId: number; accused: { id: number; name: string } | null };
  /** Placeholders that differ from registration's. */
  readonly placeholders?: Partial<Record<keyof ComplaintDraft, string>>;
  /** The resident's other complaints are looked up as the room and phone are typed (unless false). */
  readonly findsRepeats?: boolean;
  /** 纸质表补录 is offered (unless false): only when registering, never on a correction. */
  readonly offersPaper?: boolean;
}

export const COMPLAINT_FORM_KEY: InjectionKey<ComplaintFormModel> = Symbol('complaintForm');

/** The form the sections edit: a provided one (a correction), else the registration draft. */
export function useComplaintForm(): ComplaintFormModel {
  return inject(COMPLAINT_FORM_KEY, null) ?? useRegistrationDraftStore();
}
