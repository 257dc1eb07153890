import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';

/** A deadline policy for the window's tests: handling in working time, a small calendar. */
export const POLICY: DeadlinePolicy = {
  timeZone: 'Asia/Shanghai',
  dispatchMinutes: 10,
  forwardImportantMinutes: 60,
  forwardMajorExtraDays: 0,
  majorFirstReplyDays: 2,
  minorHandlingDays: 3,
  importantHandlingDays: 5,
  majorHandlingDays: 10,
  returnExtraDays: 0,
  signOffExtraDays: 0,
  notifyExtraDays: 0,
  callbackDays: 3,
  raiseAfterMonths: 1,
  callbackTries: 3,
  workingKinds: ['handling'],
  urgeAfterDays: 1,
  calendar: {
    weekly: ['08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '', ''],
    holidays: ['2026-10-01', '2026-10-02'],
    workdays: ['2026-10-10'],
  },
  warnPercent: 25,
};
