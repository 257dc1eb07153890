// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadlinePolicy } from '@/bindings/DeadlinePolicy';
import { i18n, setLocale } from '@/locales';
import { policyTiming } from '@/domain/policyFields';
import { POLICY } from '@/testing/policy';

const CALENDAR_TIME: DeadlinePolicy = { ...POLICY, workingKinds: [] };

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
