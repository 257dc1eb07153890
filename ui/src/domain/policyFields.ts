import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';

/** How a number of the deadline policy is counted, and the values the backend accepts. */
export type PolicyUnit = 'minutes' | 'days' | 'extraDays' | 'months' | 'tries';

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
};

/** Every number of the policy, grouped as the procedure runs, with its unit. */
export const POLICY_GROUPS: { group: string; fields: { field: NumericPolicyField; unit: PolicyUnit }[] }[] = [
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
      { field: 'urgeAfterDays', unit: 'days' },
    ],
  },
];

/** Zones a service center in China, Hong Kong, Macau or Taiwan runs on. */
export const TIME_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'Asia/Urumqi'] as const;
