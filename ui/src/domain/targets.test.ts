// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@/locales';
import { figureLabel, formatPercent, verdictColor, verdictTag } from './targets';

describe('targets', () => {
  it('colours the verdicts green, amber and red', () => {
    expect(verdictTag('met')).toBe('success');
    expect(verdictTag('below')).toBe('warning');
    expect(verdictTag('failing')).toBe('danger');
    expect(verdictTag('noData')).toBe('info');
    expect(verdictColor('failing')).toBe('#f56c6c');
  });

  it('shows targets in per cent without a needless decimal', () => {
    expect(formatPercent(85)).toBe('85%');
    expect(formatPercent(92.5)).toBe('92.5%');
    expect(formatPercent(90.04)).toBe('90%');
  });

  it('names each figure in the window’s language, the backend’s words for one it does not know', () => {
    const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string;
    setLocale('zh-CN');
    expect(figureLabel(t, 'dispatch')).toBe('派发按时率');
    expect(figureLabel(t, 'satisfaction')).toBe('综合满意率');
    expect(figureLabel(t, 'coverage', '回访率')).toBe('回访率');
    setLocale('en-US');
    expect(figureLabel(t, 'return')).toBe('Form return on time');
    setLocale('zh-CN');
  });
});
