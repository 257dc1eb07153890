// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';
import { i18n, setLocale } from '@/locales';
import { policyTiming } from '@/domain/policyFields';

const CALENDAR_TIME: DeadlinePolicy = {
  timeZone: 'Asia/Shanghai',
  dispatchMinutes: 10,
  forwardImportantMinutes: 60,
  forwardMajorExtraDays: 0,
  majorFirstReplyDays: 2,
  minorHandlingDays: 2,
  importantHandlingDays: 3,
  majorHandlingDays: 10,
  returnExtraDays: 0,
  signOffExtraDays: 0,
  notifyExtraDays: 0,
  callbackDays: 3,
  raiseAfterMonths: 1,
  callbackTries: 3,
  workingKinds: [],
  urgeAfterDays: 1,
  calendar: {
    weekly: ['08:30-17:30', '', '', '', '', '', ''],
    holidays: ['2026-10-01', '2026-10-02'],
    workdays: ['2026-10-10'],
  },
  warnPercent: 25,
};

function timingOf(policy: DeadlinePolicy): string {
  return policyTiming(policy, (key, params) => i18n.global.t(key, params ?? {}));
}

describe('policyTiming', () => {
  afterEach(() => setLocale('zh-CN'));

  it('says how each version counts time: which deadlines in working time, the warning share, the calendar', () => {
    const working: DeadlinePolicy = { ...CALENDAR_TIME, workingKinds: ['dispatch', 'handling'], warnPercent: 30 };
    setLocale('zh-CN');
    expect(timingOf(CALENDAR_TIME)).toBe('全部按自然时间计；预警 25%');
    expect(timingOf(working)).toBe('按工作时间：派发、处理；预警 30%；日历 放假 2 天、调休上班 1 天');
    setLocale('en-US');
    expect(timingOf(working)).toMatch(
      /^Working time: .+; warning at 30%; calendar 2 day\(s\) off, 1 make-up day\(s\)$/,
    );
  });
});
