import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';

/** How a number of the deadline policy is counted, and the values the backend accepts. */
export type PolicyUnit = 'minutes' | 'days' | 'extraDays' | 'months' | 'tries' | 'percent' | 'overdueDays';

/** The policy's numbers (the zone, the working-time kinds and the calendar are not counts). */
export type NumericPolicyField = {
  [Field in keyof DeadlinePolicy]: DeadlinePolicy[Field] extends number ? Field : never;
}[keyof DeadlinePolicy];

export const UNIT_RANGES: Record<PolicyUnit, { min: number; max: number }> = {
  minutes: { min: 1, max: 1440 },
  days: { min: 0, max: 365 },
  extraDays: { min: 0, max: 365 },
  months: { min: 1, max: 12 },
  tries: { min: 1, max: 10 },
  percent: { min: 0, max: 90 },
  overdueDays: { min: 0, max: 30 },
};

/** A number of the policy as the editor shows it; `hint`: a line under it says more. */
export type PolicyNumber = { field: NumericPolicyField; unit: PolicyUnit; hint?: true };

/** Every number of the policy, grouped as the procedure runs, with its unit. */
export const POLICY_GROUPS: { group: string; fields: PolicyNumber[] }[] = [
  {
    group: 'dispatch',
    fields: [
      { field: 'dispatchMinutes', unit: 'minutes' },
      { field: 'forwardImportantMinutes', unit: 'minutes' },
      { field: 'forwardMajorExtraDays', unit: 'extraDays' },
    ],
  },
  {
    group: 'handling',
    fields: [
      { field: 'minorHandlingDays', unit: 'days' },
      { field: 'importantHandlingDays', unit: 'days' },
      { field: 'majorHandlingDays', unit: 'days' },
      { field: 'majorFirstReplyDays', unit: 'days' },
      { field: 'raiseAfterMonths', unit: 'months' },
    ],
  },
  {
    group: 'afterHandling',
    fields: [
      { field: 'returnExtraDays', unit: 'extraDays' },
      { field: 'signOffExtraDays', unit: 'extraDays' },
      { field: 'notifyExtraDays', unit: 'extraDays' },
      { field: 'callbackDays', unit: 'days' },
      { field: 'callbackTries', unit: 'tries' },
    ],
  },
  {
    group: 'reminders',
    fields: [
      { field: 'warnPercent', unit: 'percent', hint: true },
      { field: 'urgeAfterDays', unit: 'overdueDays', hint: true },
    ],
  },
];

/**
 * `policy` with every number the administrator left blank set to the least its field
 * takes: a cleared el-input-number holds null, which the backend cannot read as a number
 * (the whole save would fail as an internal error).
 */
export function withoutBlanks(policy: DeadlinePolicy): DeadlinePolicy {
  const filled = { ...policy };
  for (const { field, unit } of POLICY_GROUPS.flatMap((group) => group.fields)) {
    const value = filled[field] as number | null | undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) filled[field] = UNIT_RANGES[unit].min;
  }
  return filled;
}

/** Zones a service center in China, Hong Kong, Macau or Taiwan runs on. */
export const TIME_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'Asia/Urumqi'] as const;

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** How a policy version counts time: which deadlines run in working time, the warning share, the calendar's size. */
export function policyTiming(policy: DeadlinePolicy, t: Translate): string {
  const warn = policy.warnPercent;
  if (policy.workingKinds.length === 0) return t('settings.policy.summaryCalendar', { warn });
  return t('settings.policy.summaryWorking', {
    kinds: policy.workingKinds.map((kind) => t(`enums.deadlineKind.${kind}`)).join(t('attachments.joiner')),
    warn,
    holidays: policy.calendar.holidays.length,
    workdays: policy.calendar.workdays.length,
  });
}
