import type { Period } from '@/bindings/Period';

// The periods 统计分析 offers besides a month and a custom range. Each is whole months,
// which the backend compares with as many whole months just before.

export const PRESETS = ['quarter', 'previousQuarter', 'firstHalf', 'secondHalf', 'year'] as const;
export type Preset = (typeof PRESETS)[number];

export function isPreset(value: unknown): value is Preset {
  return PRESETS.includes(value as Preset);
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** `count` whole months from month `first` (1-based, below 1 reaches into the year before). */
function wholeMonths(year: number, first: number, count: number): Period {
  return {
    from: day(new Date(Date.UTC(year, first - 1, 1))),
    to: day(new Date(Date.UTC(year, first - 1 + count, 0))),
  };
}

/**
 * The preset's period for the chosen month (`YYYY-MM`): its quarter or the one before,
 * the first or second half or the whole of its year.
 */
export function presetPeriod(preset: Preset, month: string): Period {
  const year = Number(month.slice(0, 4));
  const chosen = Number(month.slice(5, 7));
  const quarterStart = chosen - ((chosen - 1) % 3);
  switch (preset) {
    case 'quarter':
      return wholeMonths(year, quarterStart, 3);
    case 'previousQuarter':
      return wholeMonths(year, quarterStart - 3, 3);
    case 'firstHalf':
      return wholeMonths(year, 1, 6);
    case 'secondHalf':
      return wholeMonths(year, 7, 6);
    case 'year':
      return wholeMonths(year, 1, 12);
  }
}

/** What a period is called: `n` is the month or the quarter. */
export type PeriodName = { kind: 'month' | 'quarter' | 'firstHalf' | 'secondHalf' | 'year'; year: number; n: number };

/**
 * A month, a quarter, a half-year or a year by name (as the backend names them on the
 * report), or null for any other span.
 */
export function periodName({ from, to }: Period): PeriodName | null {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth, toDay] = to.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(toYear, toMonth, 0)).getUTCDate();
  if (fromDay !== 1 || toDay !== lastDay) return null;
  const months = toYear * 12 + toMonth - (fromYear * 12 + fromMonth) + 1;
  const year = fromYear;
  if (months === 1) return { kind: 'month', year, n: fromMonth };
  if (toYear !== fromYear) return null;
  if (months === 3 && fromMonth % 3 === 1) return { kind: 'quarter', year, n: (fromMonth + 2) / 3 };
  if (months === 6 && fromMonth === 1) return { kind: 'firstHalf', year, n: 1 };
  if (months === 6 && fromMonth === 7) return { kind: 'secondHalf', year, n: 2 };
  if (months === 12) return { kind: 'year', year, n: 1 };
  return null;
}
