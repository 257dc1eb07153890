import { describe, expect, it } from 'vitest';
import {
  barOption,
  compareRates,
  formatDelta,
  formatPoints,
  formatRate,
  monthPeriod,
  onTimeOption,
  trendOf,
} from './statistics';

describe('statistics formatting', () => {
  it('gives a month its first and last day', () => {
    expect(monthPeriod('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthPeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('shows deltas with an arrow and a sign', () => {
    expect(formatDelta(3)).toBe('↑ +3');
    expect(formatDelta(-2)).toBe('↓ −2');
    expect(formatDelta(0)).toBe('0');
    expect(formatPoints(2.46)).toBe('↑ +2.5');
    expect(formatPoints(-1)).toBe('↓ −1.0');
    expect(formatPoints(null)).toBe('—');
    expect(trendOf(-4)).toBe('down');
    expect(trendOf(null)).toBe('flat');
  });

  it('shows rates as percentages, none when nothing was counted', () => {
    expect(formatRate({ count: 1, of: 3 })).toBe('33.3%');
    expect(formatRate({ count: 0, of: 0 })).toBe('—');
    expect(compareRates({ count: 0, of: 0 }, { count: 0, of: 5 })).toBeLessThan(0);
  });
});

describe('chart options', () => {
  it('builds bars from counts, in their order', () => {
    const option = barOption(
      [
        { key: '1', label: '工程部', count: 4 },
        { key: '2', label: '保安部', count: 1 },
      ],
      '#409eff',
    );
    expect(option.xAxis.data).toEqual(['工程部', '保安部']);
    expect(option.series[0]?.data).toEqual([4, 1]);
  });

  it('leaves undecided deadlines out of the on-time chart', () => {
    const option = onTimeOption(
      [
        { label: '派发', rate: { count: 9, of: 10 } },
        { label: '回访', rate: { count: 0, of: 0 } },
      ],
      '#67c23a',
    );
    expect(option.series[0]?.data).toEqual([90, null]);
  });

  it('draws each on-time bar in its verdict’s colour, the default for one without', () => {
    const option = onTimeOption(
      [
        { label: '派发', rate: { count: 9, of: 10 }, color: '#f56c6c' },
        { label: '回访', rate: { count: 1, of: 1 } },
      ],
      '#67c23a',
    );
    const color = option.series[0]!.itemStyle.color;
    expect([0, 1].map((dataIndex) => color({ dataIndex }))).toEqual(['#f56c6c', '#67c23a']);
  });
});
