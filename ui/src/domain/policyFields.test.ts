import { describe, expect, it } from 'vitest';
import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';
import { POLICY_GROUPS, UNIT_RANGES, withoutBlanks } from './policyFields';

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
      warnPercent: true,
    };
    const listed = POLICY_GROUPS.flatMap((group) => group.fields.map((entry) => entry.field)).sort();
    const numeric = Object.keys(sample)
      .filter((key) => !['timeZone', 'workingKinds', 'calendar'].includes(key))
      .sort();
    expect(listed).toEqual(numeric);
  });
});

describe('withoutBlanks', () => {
  it('gives a number cleared in the form the least its field takes, and keeps the others', () => {
    const policy = {
      dispatchMinutes: null,
      callbackTries: null,
      warnPercent: null,
      urgeAfterDays: 3,
      minorHandlingDays: 5,
    } as unknown as DeadlinePolicy;
    expect(withoutBlanks(policy)).toMatchObject({
      dispatchMinutes: 1,
      callbackTries: 1,
      warnPercent: 0,
      urgeAfterDays: 3,
      minorHandlingDays: 5,
    });
  });

  it('lists the warning share and the reminder notice together, within what the backend takes', () => {
    const reminders = POLICY_GROUPS.find((group) => group.group === 'reminders');
    expect(reminders?.fields.map(({ field, unit }) => [field, UNIT_RANGES[unit]])).toEqual([
      ['warnPercent', { min: 0, max: 90 }],
      ['urgeAfterDays', { min: 0, max: 30 }],
    ]);
  });
});
