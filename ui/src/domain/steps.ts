import type { Action } from '@/bindings/Action';
import type { ComplaintState } from '@/bindings/ComplaintState';
import type { DeadlineKind } from '@/bindings/DeadlineKind';
import type { Severity } from '@/bindings/Severity';
import type { Step } from '@/bindings/Step';

export type StepName = Step['step'];
/** Steps that carry input, each asked for in a dialog. */
export type InputStep = Extract<Step, { input: unknown }>['step'];
export type StepInput<N extends InputStep> = Extract<Step, { step: N }> extends { input: infer I } ? I : never;

// `waitOnResident` is two steps and decided by the state; view and administration are
// not steps at all.
const ACTION_STEPS: Partial<Record<Action, StepName>> = {
  dispatch: 'dispatch',
  returnMisdirected: 'returnMisdirected',
  forward: 'forward',
  addHandlingNote: 'addHandlingNote',
  markHandled: 'markHandled',
  logFormReturn: 'logFormReturn',
  signOff: 'signOff',
  notifyResident: 'notifyResident',
  callback: 'callback',
  reopen: 'reopen',
  requestExtension: 'requestExtension',
  decideExtension: 'decideExtension',
  promiseNextReply: 'promiseNextReply',
  recordCorrective: 'recordCorrective',
  void: 'void',
  archive: 'archive',
  reviewSeverity: 'reviewSeverity',
};

/**
 * The action that meets each deadline: beside an open deadline the detail page offers
 * the viewer its button when the backend lets them take it.
 */
export const DEADLINE_ACTIONS: Record<DeadlineKind, Action[]> = {
  dispatch: ['dispatch'],
  forward: ['forward'],
  firstReply: ['notifyResident', 'promiseNextReply'],
  handling: ['markHandled'],
  return: ['logFormReturn'],
  signOff: ['signOff'],
  notify: ['notifyResident'],
  callback: ['callback'],
  promisedReply: ['notifyResident', 'promiseNextReply'],
};

/** The step that meets `kind` which the viewer may take now, if any. */
export function stepForDeadline(
  kind: DeadlineKind,
  actions: readonly Action[],
  state: ComplaintState,
): StepName | null {
  const action = DEADLINE_ACTIONS[kind].find((candidate) => actions.includes(candidate));
  return action ? stepOf(action, state) : null;
}

/** The step behind an action the backend offers, in the complaint's current state. */
export function stepOf(action: Action, state: ComplaintState): StepName | null {
  if (action === 'waitOnResident') return state === 'waitingOnResident' ? 'endWait' : 'startWait';
  return ACTION_STEPS[action] ?? null;
}

/** What a new dialog starts from. */
export type StepContext = { departmentId: number | null; severity?: Severity };

// Text fields start empty rather than null so that inputs bind to strings; `toStep`
// turns blanks of optional fields back into null.
const EMPTY_INPUTS: { [N in InputStep]: (context: StepContext) => StepInput<N> } = {
  dispatch: ({ departmentId }) => ({ departmentId, recipient: '' }),
  returnMisdirected: () => ({ reason: '' }),
  forward: () => ({ toName: '' }),
  addHandlingNote: () => ({ note: '' }),
  startWait: () => ({ reason: '' }),
  markHandled: () => ({ result: '' }),
  signOff: () => ({ approved: true, comment: '' }),
  notifyResident: () => ({ method: 'phone', response: '', done: { userId: null, name: null, at: null } }),
  callback: () => ({
    reached: true,
    method: 'phone',
    attitude: null,
    conduct: null,
    result: null,
    remarks: '',
    exclusion: null,
    exclusionReason: '',
    done: { userId: null, name: null, at: null },
  }),
  reopen: () => ({ reason: '' }),
  requestExtension: () => ({ newDeadline: '', reason: '' }),
  decideExtension: () => ({ approved: true, reason: '' }),
  promiseNextReply: () => ({ promisedOn: '', said: '' }),
  recordCorrective: () => ({
    cause: '',
    correctiveAction: '',
    preventiveAction: '',
    verifiedBy: '',
    verifiedOn: '',
  }),
  void: () => ({ reason: '' }),
  // The grade next to the current one, upwards first: what a review usually finds.
  reviewSeverity: ({ severity }) => ({
    severity: severity === 'minor' ? 'important' : severity === 'important' ? 'major' : 'important',
    reason: '',
  }),
};

export function hasInput(step: StepName): step is InputStep {
  return Object.hasOwn(EMPTY_INPUTS, step);
}

export function emptyInput<N extends InputStep>(step: N, context: StepContext): StepInput<N> {
  return EMPTY_INPUTS[step](context);
}

/** The fields of a step's dialog: where the backend's field errors are placed. */
export function inputFields(step: StepName): string[] {
  if (!hasInput(step)) return [];
  const keys = Object.keys(emptyInput(step, { departmentId: null }));
  // An entry made for someone else names its two fields on their own.
  return keys.flatMap((key) => (key === 'done' ? ['doneBy', 'doneAt'] : [key]));
}

const blankToNull = (value: string | null | undefined) => (value == null || value.trim() === '' ? null : value);

/**
 * The step to send. Optional blanks become null; a cleared picker (null) becomes '' for
 * a required time, so the backend names the field; a callback that did not reach the
 * resident sends no answers.
 */
export function toStep(step: StepName, input: unknown): Step {
  if (!hasInput(step)) return { step } as Step;
  const model = { ...(input as Record<string, unknown>) };
  switch (step) {
    case 'forward':
      model.toName = blankToNull(model.toName as string | null);
      break;
    case 'requestExtension':
      model.newDeadline = (model.newDeadline as string | null) ?? '';
      break;
    case 'promiseNextReply':
      model.promisedOn = (model.promisedOn as string | null) ?? '';
      break;
    case 'recordCorrective':
      model.verifiedOn = blankToNull(model.verifiedOn as string | null);
      break;
    case 'callback':
      if (!model.reached) {
        Object.assign(model, { attitude: null, conduct: null, result: null, exclusion: null });
      }
      model.exclusionReason = model.exclusion == null ? null : blankToNull(model.exclusionReason as string | null);
      break;
    default:
      break;
  }
  return { step, input: model } as Step;
}
