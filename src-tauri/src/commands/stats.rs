//! 统计分析: the figures, the trend, the monthly report and the Excel exports.

use crate::commands::print::choose_path;
use crate::error::{off_lock, CommandError, ErrorKind};
use crate::state::AppState;
use complaint_core::desk::MonthlyReport;
use complaint_core::pdf::PrintReport;
use complaint_core::stats::{Period, ReportReminder, Statistics, TrendPoint};
use complaint_core::storage::complaints::ListQuery;
use complaint_core::validation::FieldError;
use tauri::{AppHandle, State};

/// The longest period the statistics take: ten years.
const PERIOD_MAX_DAYS: i64 = 3660;

fn period(from: &str, to: &str) -> Result<Period, CommandError> {
    let day = complaint_core::validation::parse_day;
    match (day(from), day(to)) {
        (Some(f), Some(t)) if (t - f).num_days() > PERIOD_MAX_DAYS => Err(invalid(
            "to",
            "结束日期距开始日期不能超过十年",
            "To date must be at most ten years after the start",
        )),
        (Some(f), Some(t)) => Period::range(f, t).ok_or_else(|| {
            invalid(
                "to",
                "结束日期不能早于开始日期",
                "To date cannot be before the start",
            )
        }),
        (None, _) => Err(invalid(
            "from",
            "开始日期格式不正确，应为“年-月-日”",
            "From date must be a date like 2026-01-31",
        )),
        (_, None) => Err(invalid(
            "to",
            "结束日期格式不正确，应为“年-月-日”",
            "To date must be a date like 2026-01-31",
        )),
    }
}

/// One bad field whose messages are whole sentences already.
fn invalid(field: &str, zh: &str, en: &str) -> CommandError {
    let error = FieldError {
        field: field.into(),
        message: zh.into(),
        message_en: en.into(),
    };
    CommandError {
        kind: ErrorKind::Validation,
        message: zh.into(),
        message_en: en.into(),
        field: Some(field.into()),
        fields: vec![error],
        until: None,
    }
}

/// Every figure of a period (local dates, inclusive) with the comparison.
#[tauri::command]
pub fn statistics(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Statistics, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.statistics(&user, period(&from, &to)?, state.clock.now())?)
}

/// The targets the figures are held against.
#[tauri::command]
pub fn targets(state: State<'_, AppState>) -> Result<complaint_core::stats::Targets, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.targets(&user)?)
}

/// Saves the targets (the administrator).
#[tauri::command]
pub fn save_targets(
    state: State<'_, AppState>,
    input: complaint_core::stats::Targets,
) -> Result<(), CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    state.touch();
    Ok(desk.save_targets(&admin, &input, state.clock.now())?)
}

/// The last `months` months, for the trend chart.
#[tauri::command]
pub fn statistics_trend(
    state: State<'_, AppState>,
    months: u32,
) -> Result<Vec<TrendPoint>, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.statistics_trend(&user, months, state.clock.now())?)
}

/// The month's analysis text and whether the report was submitted.
#[tauri::command]
pub fn report_text(
    state: State<'_, AppState>,
    month: String,
) -> Result<MonthlyReport, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.report_text(&user, &month)?)
}

/// Saves the supervisor's analysis and next steps.
#[tauri::command]
pub fn save_report_text(
    state: State<'_, AppState>,
    month: String,
    text: String,
) -> Result<MonthlyReport, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.save_report_text(&user, &month, &text, state.clock.now())?)
}

/// Marks the month's report as submitted to the manager.
#[tauri::command]
pub fn mark_report_submitted(
    state: State<'_, AppState>,
    month: String,
) -> Result<MonthlyReport, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.mark_report_submitted(&user, &month, state.clock.now())?)
}

/// From the 25th until submitted: the month's report is due.
#[tauri::command]
pub fn report_reminder(state: State<'_, AppState>) -> Result<Option<ReportReminder>, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.report_reminder(&user, state.clock.now())?)
}

/// Prints 《月度投诉统计分析》 of a month; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn print_report(
    app: AppHandle,
    state: State<'_, AppState>,
    month: String,
) -> Result<Option<PrintReport>, CommandError> {
    crate::commands::print::print_job(&app, &state, "print_report", |desk, user, now| {
        desk.report_job(user, &month, now)
    })
    .await
}

fn save_xlsx(app: &AppHandle, name: &str, bytes: &[u8]) -> Result<Option<String>, CommandError> {
    let Some(path) = choose_path(app, name, ("Excel 工作簿", "xlsx")) else {
        return Ok(None);
    };
    let tmp = path.with_extension("xlsx.part");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            CommandError::new(
                ErrorKind::Storage,
                format!("无法写入 {}：{e}", path.display()),
                format!("Cannot write {}: {e}", path.display()),
            )
        })?;
    Ok(Some(path.display().to_string()))
}

/// The complaint list for a filter as .xlsx; the saved path, or `None` when cancelled.
#[tauri::command]
pub async fn export_complaints(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<Option<String>, CommandError> {
    let now = state.clock.now();
    let (rows, tz) = {
        let mut desk = state.desk();
        let user = state.user(&desk)?;
        desk.export_rows(&user, &query, now)?
    };
    let bytes = off_lock("export_complaints", move || {
        complaint_core::excel::complaint_list(&rows, tz, now)
            .map_err(|e| CommandError::from(complaint_core::DeskError::from(e)))
    })
    .await?;
    save_xlsx(&app, "投诉清单.xlsx", &bytes)
}

/// A period's statistics as .xlsx, one sheet per table.
#[tauri::command]
pub async fn export_statistics(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>, CommandError> {
    state.acting_user()?;
    let p = period(&from, &to)?;
    let statistics = {
        let mut desk = state.desk();
        let user = state.user(&desk)?;
        desk.statistics_for_export(&user, p, state.clock.now())?
    };
    let bytes = off_lock("export_statistics", move || {
        complaint_core::excel::statistics(&statistics)
            .map_err(|e| CommandError::from(complaint_core::DeskError::from(e)))
    })
    .await?;
    save_xlsx(&app, &format!("投诉统计-{from}-{to}.xlsx"), &bytes)
}
