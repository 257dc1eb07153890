import type { ListQuery } from '@/bindings/ListQuery';
import type { MonthlyReport } from '@/bindings/MonthlyReport';
import type { PrintReport } from '@/bindings/PrintReport';
import type { ReportReminder } from '@/bindings/ReportReminder';
import type { Statistics } from '@/bindings/Statistics';
import type { Targets } from '@/bindings/Targets';
import type { TrendPoint } from '@/bindings/TrendPoint';
import { call } from './command';

/** Figures of `from..=to` (`YYYY-MM-DD`) against the period before. */
export function statistics(from: string, to: string): Promise<Statistics> {
  return call<Statistics>('statistics', { from, to });
}

/** The last `months` months, oldest first. */
export function statisticsTrend(months: number): Promise<TrendPoint[]> {
  return call<TrendPoint[]>('statistics_trend', { months });
}

/** The monthly report of `month` (`YYYY-MM`). */
export function reportText(month: string): Promise<MonthlyReport> {
  return call<MonthlyReport>('report_text', { month });
}

/** Resolves with the report as stored. */
export function saveReportText(month: string, text: string): Promise<MonthlyReport> {
  return call<MonthlyReport>('save_report_text', { month, text });
}

export function markReportSubmitted(month: string): Promise<MonthlyReport> {
  return call<MonthlyReport>('mark_report_submitted', { month });
}

/** The report due and not yet submitted, if any. */
export function reportReminder(): Promise<ReportReminder | null> {
  return call<ReportReminder | null>('report_reminder');
}

export function printReport(month: string): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_report', { month });
}

/** Resolves with the saved file's path; `null` when the save dialog was cancelled. */
export function exportComplaints(query: ListQuery): Promise<string | null> {
  return call<string | null>('export_complaints', { query });
}

export function exportStatistics(from: string, to: string): Promise<string | null> {
  return call<string | null>('export_statistics', { from, to });
}

/** The targets the figures are held against (whoever reads the statistics). */
export function getTargets(): Promise<Targets> {
  return call<Targets>('targets');
}

/** Saves the targets (the administrator); deadlines left out keep their default. */
export function saveTargets(input: Targets): Promise<void> {
  return call<void>('save_targets', { input });
}
