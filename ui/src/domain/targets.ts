import type { DeadlineKind } from '@/bindings/DeadlineKind';
import type { Statistics } from '@/bindings/Statistics';
import type { TargetCheck } from '@/bindings/TargetCheck';
import type { Verdict } from '@/bindings/Verdict';
import { DEADLINE_KINDS } from './choices';
import type { TagType } from './tags';

// 考核目标: the backend judges each figure against its target and line; the window only
// colours the verdict green, amber or red.

const VERDICT_TAGS: Record<Verdict, TagType> = { met: 'success', below: 'warning', failing: 'danger', noData: 'info' };

export function verdictTag(verdict: Verdict): TagType {
  return VERDICT_TAGS[verdict];
}

/** Element Plus's success, warning and danger colours, for the charts. */
const VERDICT_COLORS: Record<Verdict, string> = {
  met: '#67c23a',
  below: '#e6a23c',
  failing: '#f56c6c',
  noData: '#909399',
};

export function verdictColor(verdict: Verdict): string {
  return VERDICT_COLORS[verdict];
}

/** The check of a deadline kind's on-time rate (by its code) or of `satisfaction`. */
export function checkOf(stats: Statistics, key: string): TargetCheck | undefined {
  return stats.checks.find((check) => check.key === key);
}

/** A target or line in per cent: `85%`, `92.5%`. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A figure's name in the window's language: `派发按时率` for a deadline kind's code,
 * `综合满意率` for `satisfaction`; the backend's (Chinese) label for a key it added later.
 */
export function figureLabel(t: Translate, key: string, fallback = key): string {
  if (key === 'satisfaction') return t('targets.satisfaction');
  if (DEADLINE_KINDS.includes(key as DeadlineKind)) {
    return t('targets.onTime', { kind: t(`enums.deadlineKind.${key}`) });
  }
  return fallback;
}
