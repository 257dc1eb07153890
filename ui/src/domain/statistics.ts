import type { Count } from '@/bindings/Count';
import type { Period } from '@/bindings/Period';
import type { Rate } from '@/bindings/Rate';
import type { Role } from '@/bindings/Role';
import type { TrendPoint } from '@/bindings/TrendPoint';

/** Roles that may open 统计分析 (the backend refuses the others anyway). */
export function viewsStatistics(role: Role): boolean {
  return ['supervisor', 'manager', 'generalManager', 'quality', 'admin'].includes(role);
}

/** Roles that may take data out as Excel (the backend audits each export). */
export function exportsData(role: Role): boolean {
  return ['supervisor', 'manager', 'generalManager', 'quality', 'admin'].includes(role);
}

/** Roles that may open 数据安全 (quality reads it; only the administrator acts). */
export function viewsSafety(role: Role): boolean {
  return role === 'admin' || role === 'quality';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11" → { from: "2026-11-01", to: "2026-11-30" }. */
export function monthPeriod(month: string): Period {
  const year = Number(month.slice(0, 4));
  const mon = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(last)}` };
}

/** The month of a `YYYY-MM-DD…` date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** A rate as a percentage with one decimal, or '—' when nothing was counted. */
export function formatRate(rate: Rate): string {
  if (rate.of === 0) return '—';
  return `${((rate.count / rate.of) * 100).toFixed(1)}%`;
}

/** A rate as a number 0–100 (one decimal) for a chart, or null when nothing was counted. */
export function ratePercent(rate: Rate): number | null {
  if (rate.of === 0) return null;
  return Math.round((rate.count / rate.of) * 1000) / 10;
}

export type Trend = 'up' | 'down' | 'flat';

export function trendOf(delta: number | null): Trend {
  if (delta === null || delta === 0) return 'flat';
  return delta > 0 ? 'up' : 'down';
}

/** A count's change: "↑ +3", "↓ −2", "0". */
export function formatDelta(delta: number): string {
  if (delta > 0) return `↑ +${delta}`;
  if (delta < 0) return `↓ −${Math.abs(delta)}`;
  return '0';
}

/** A rate's change in percentage points: "↑ +2.5", "↓ −1.0", "0.0"; '—' when unknown. */
export function formatPoints(points: number | null): string {
  if (points === null) return '—';
  const text = Math.abs(points).toFixed(1);
  if (points > 0) return `↑ +${text}`;
  if (points < 0) return `↓ −${text}`;
  return text;
}

/** ECharts option for a vertical bar chart of counts (keys kept for the click handler). */
export function barOption(counts: Count[], color: string) {
  return {
    grid: { left: 40, right: 16, top: 24, bottom: 64 },
    tooltip: { trigger: 'axis' as const },
    xAxis: {
      type: 'category' as const,
      data: counts.map((count) => count.label),
      axisLabel: { interval: 0, rotate: counts.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      {
        type: 'bar' as const,
        data: counts.map((count) => count.count),
        itemStyle: { color },
        label: { show: true, position: 'top' as const },
      },
    ],
  };
}

/** ECharts option for the monthly trend: received, valid, invalid. */
export function trendOption(points: TrendPoint[], names: { received: string; valid: string; invalid: string }) {
  const months = points.map((point) => monthOf(point.period.from));
  const line = (name: string, data: number[]) => ({ type: 'line' as const, name, data });
  return {
    grid: { left: 40, right: 16, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    xAxis: { type: 'category' as const, data: months },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      line(
        names.received,
        points.map((point) => point.received),
      ),
      line(
        names.valid,
        points.map((point) => point.valid),
      ),
      line(
        names.invalid,
        points.map((point) => point.invalid),
      ),
    ],
  };
}

/**
 * ECharts option for the on-time rate of each deadline kind (0–100 %); a rate with a
 * colour of its own (its verdict against the target) is drawn in it.
 */
export function onTimeOption(rates: { label: string; rate: Rate; color?: string }[], color: string) {
  return {
    grid: { left: 140, right: 48, top: 16, bottom: 24 },
    tooltip: {
      trigger: 'axis' as const,
      valueFormatter: (value: unknown) => (value == null ? '—' : `${String(value)}%`),
    },
    xAxis: { type: 'value' as const, min: 0, max: 100 },
    yAxis: { type: 'category' as const, inverse: true, data: rates.map((rate) => rate.label) },
    series: [
      {
        type: 'bar' as const,
        data: rates.map((rate) => ratePercent(rate.rate)),
        itemStyle: { color: ({ dataIndex }: { dataIndex: number }) => rates[dataIndex]?.color ?? color },
        label: { show: true, position: 'right' as const, formatter: '{c}%' },
      },
    ],
  };
}

/** Sort function for el-table columns holding a Rate. */
export function compareRates(a: Rate, b: Rate): number {
  return (ratePercent(a) ?? -1) - (ratePercent(b) ?? -1);
}
