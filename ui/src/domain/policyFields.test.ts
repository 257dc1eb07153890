import { describe, expect, it } from 'vitest';
import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';
import { POLICY_GROUPS } from './policyFields';

describe('POLICY_GROUPS', () => {
  it('lists every number of the policy exactly once', () => {
    const sample: Record<keyof DeadlinePolicy, true> = {
      timeZone: true,
      dispatchMinutes: true,
      forwardImportantMinutes: true,
      forwardMajorExtraDays: true,
      majorFirstReplyDays: true,
      minorHandlingDays: true,
      importantHandlingDays: true,
      majorHandlingDays: true,
      returnExtraDays: true,
      signOffExtraDays: true,
      notifyExtraDays: true,
      callbackDays: true,
      raiseAfterMonths: true,
      callbackTries: true,
      urgeAfterDays: true,
      workingKinds: true,
      calendar: true,
    };
    const listed = POLICY_GROUPS.flatMap((group) => group.fields.map((entry) => entry.field)).sort();
    const numeric = Object.keys(sample)
      .filter((key) => !['timeZone', 'workingKinds', 'calendar'].includes(key))
      .sort();
    expect(listed).toEqual(numeric);
  });
});
