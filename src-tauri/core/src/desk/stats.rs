//! 统计分析: the figures, the trend, the monthly report (its analysis text, submission,
//! reminder and PDF) and the Excel exports. Reading needs [`Action::Statistics`]; the
//! analysis and the submission are the supervisor's ([`Action::WriteReport`]), audited.

use super::*;
use crate::pdf::Printed;
use crate::stats::{self, Period, ReportReminder, Statistics, TrendPoint};
use crate::storage::stats as sql;
use printpdf::ParsedFont;

/// Longest analysis text.
pub const ANALYSIS_MAX: usize = 5000;
/// Months of the trend at most.
pub const TREND_MAX_MONTHS: u32 = 36;

/// The monthly report of one month as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthlyReport {
    /// `YYYY-MM`.
    pub month: String,
    /// 分析及下一步措施, written by the supervisor.
    pub analysis: String,
    /// When it was marked submitted, center local.
    pub submitted_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Who marked it.
    pub submitted_by: Option<String>,
}

fn bad_month() -> DeskError {
    DeskError::Invalid(vec![FieldError {
        field: "month".into(),
        message: "月份格式不正确，应为“年-月”".into(),
        message_en: "must be a month like 2026-12".into(),
    }])
}

pub(super) fn month(raw: &str) -> Result<Period> {
    Period::parse_month(raw).ok_or_else(bad_month)
}

impl Desk {
    /// Every figure of `period` with the comparison to the period before, at `now`.
    pub fn statistics(
        &self,
        actor: &User,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Statistics> {
        Self::allow(actor, Action::Statistics)?;
        let (_, policy) = self.current_policy()?;
        Ok(stats::statistics(&self.conn, period, &policy, now)?)
    }

    /// The targets the figures are held against (anyone who reads the statistics).
    pub fn targets(&self, actor: &User) -> Result<stats::Targets> {
        Self::allow(actor, Action::Statistics)?;
        Ok(stats::stored_targets(&self.conn)?)
    }

    /// Saves the targets (the administrator), audited before → after. Deadlines left out
    /// keep the default.
    pub fn save_targets(
        &mut self,
        actor: &User,
        input: &stats::Targets,
        now: DateTime<Utc>,
    ) -> Result<()> {
        Self::allow(actor, Action::Administer)?;
        stats::check_targets(input).map_err(DeskError::Invalid)?;
        let mut targets = input.clone();
        targets.on_time = stats::KINDS
            .iter()
            .map(|&kind| stats::KindTarget {
                kind,
                target: input.on_time(kind),
            })
            .collect();
        let before = stats::stored_targets(&self.conn)?;
        let tx = self.write()?;
        reference::set_setting(&tx, "targets", &json(&targets).unwrap_or_default())?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "targets.save",
            entity: "settings",
            entity_id: None,
            before: json(&before),
            after: json(&targets),
        })?;
        tx.commit()?;
        Ok(())
    }

    /// Counts of the `months` months ending with the month of `now` (local).
    pub fn statistics_trend(
        &self,
        actor: &User,
        months: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<TrendPoint>> {
        Self::allow(actor, Action::Statistics)?;
        let (_, policy) = self.current_policy()?;
        let today = now.with_timezone(&policy.tz()).date_naive();
        let months = months.clamp(1, TREND_MAX_MONTHS);
        Ok(stats::trend(&self.conn, today, months, &policy)?)
    }

    /// The analysis and submission of the report of `month` (`YYYY-MM`).
    pub fn report_text(&self, actor: &User, month_key: &str) -> Result<MonthlyReport> {
        Self::allow(actor, Action::Statistics)?;
        let key = month(month_key)?.month_key();
        let tz = self.tz()?;
        let stored = sql::report(&self.conn, &key)?;
        let (analysis, submitted) =
            stored.map_or((String::new(), None), |r| (r.analysis, r.submitted));
        let submitted_by = match submitted {
            Some((_, by)) => users::by_id(&self.conn, by)?.map(|u| u.user.display_name),
            None => None,
        };
        Ok(MonthlyReport {
            month: key,
            analysis,
            submitted_at: submitted.map(|(at, _)| at.with_timezone(&tz).fixed_offset()),
            submitted_by,
        })
    }

    /// Saves the supervisor's analysis and next steps for `month` (audited).
    pub fn save_report_text(
        &mut self,
        actor: &User,
        month_key: &str,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<MonthlyReport> {
        Self::allow(actor, Action::WriteReport)?;
        let key = month(month_key)?.month_key();
        let mut c = Checker::new();
        let text = c
            .optional("analysis", Some(text), ANALYSIS_MAX, true)
            .unwrap_or_default();
        c.finish().map_err(DeskError::Invalid)?;
        let before = sql::report(&self.conn, &key)?.map(|r| r.analysis);
        let tx = self.write()?;
        sql::save_analysis(&tx, &key, &text, now)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "report.saveAnalysis",
            entity: "monthlyReport",
            entity_id: None,
            before: json(&serde_json::json!({ "month": key, "analysis": before })),
            after: json(&serde_json::json!({ "month": key, "analysis": text })),
        })?;
        tx.commit()?;
        self.report_text(actor, &key)
    }

    /// Marks the report of `month` submitted to the manager (audited; the first mark stays).
    pub fn mark_report_submitted(
        &mut self,
        actor: &User,
        month_key: &str,
        now: DateTime<Utc>,
    ) -> Result<MonthlyReport> {
        Self::allow(actor, Action::WriteReport)?;
        let key = month(month_key)?.month_key();
        let tx = self.write()?;
        sql::mark_submitted(&tx, &key, actor.id, now)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "report.submit",
            entity: "monthlyReport",
            entity_id: None,
            before: None,
            after: json(&serde_json::json!({ "month": key })),
        })?;
        tx.commit()?;
        self.report_text(actor, &key)
    }

    /// The dashboard's reminder: the current month's report from the 25th until submitted.
    pub fn report_reminder(
        &self,
        actor: &User,
        now: DateTime<Utc>,
    ) -> Result<Option<ReportReminder>> {
        Self::allow(actor, Action::Statistics)?;
        let tz = self.tz()?;
        let today = now.with_timezone(&tz).date_naive();
        // The desk's first day: its first deadline policy, written at set-up.
        let first_day = reference::policies(&self.conn)?
            .first()
            .map_or(today, |(_, at, _)| at.with_timezone(&tz).date_naive());
        let mut submitted = std::collections::HashMap::new();
        for month in Period::months_to(today, stats::LOOK_BACK_MONTHS + 1) {
            let key = month.month_key();
            let done = sql::report(&self.conn, &key)?.is_some_and(|r| r.submitted.is_some());
            submitted.insert(key, done);
        }
        Ok(stats::report_reminder(today, first_day, |m| {
            submitted.get(m).copied().unwrap_or(false)
        }))
    }

    /// 《月度投诉统计分析》 of `month_key` as a PDF, printed by `actor` (audited).
    pub fn print_report(
        &mut self,
        actor: &User,
        month_key: &str,
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        let job = self.report_job(actor, month_key, now)?;
        let printed = job.render(font)?;
        self.record_print(actor, &job, &printed, now)?;
        Ok(printed)
    }

    /// The complaint list of `q` (every match, not one page) as an .xlsx file.
    pub fn export_complaints(
        &mut self,
        actor: &User,
        q: &ListQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        let (rows, tz) = self.export_rows(actor, q, now)?;
        Ok(crate::excel::complaint_list(&rows, tz, now)?)
    }

    /// The rows of the complaint list of `q` and the center's zone: what
    /// [`crate::excel::complaint_list`] turns into a file, without the desk's lock.
    /// Audited: who took which rows out (the filter and the row count).
    pub fn export_rows(
        &mut self,
        actor: &User,
        q: &ListQuery,
        now: DateTime<Utc>,
    ) -> Result<(Vec<complaints::ExportRow>, Tz)> {
        Self::allow(actor, Action::View)?;
        Self::allow(actor, Action::Export)?;
        let range = self.list_range(q)?;
        let q = &ListQuery {
            masked_viewer: !crate::privacy::sees_confidential(actor),
            ..q.clone()
        };
        let mut rows = complaints::export(&self.conn, q, range, now)?;
        for r in &mut rows {
            crate::privacy::complaint_for(actor, &mut r.complaint);
        }
        self.audit_alone(
            actor,
            ("complaint.export", "export"),
            None,
            serde_json::json!({ "filter": q, "rows": rows.len() }),
            now,
        )?;
        Ok((rows, self.tz()?))
    }

    /// The statistics of `period` for an export, audited with the period.
    pub fn statistics_for_export(
        &mut self,
        actor: &User,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Statistics> {
        Self::allow(actor, Action::Export)?;
        let statistics = self.statistics(actor, period, now)?;
        self.audit_alone(
            actor,
            ("statistics.export", "export"),
            None,
            serde_json::json!({ "from": period.from, "to": period.to }),
            now,
        )?;
        Ok(statistics)
    }

    /// The statistics of `period`, one sheet per table, as an .xlsx file.
    pub fn export_statistics(
        &mut self,
        actor: &User,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        let statistics = self.statistics_for_export(actor, period, now)?;
        Ok(crate::excel::statistics(&statistics)?)
    }
}
