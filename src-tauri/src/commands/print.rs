//! 打印: the save dialog is chosen here, in the shell; the core returns the bytes.

use crate::error::{off_lock, CommandError, ErrorKind};
use crate::printing;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use complaint_core::desk::PrintJob;
use complaint_core::model::User;
use complaint_core::pdf::{PrintReport, Printed};
use complaint_core::{Desk, DeskError};
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// Asks where to save (or, for automated runs, uses `COMPLAINTDESK_PRINT_DIR`).
pub(crate) fn choose_path(
    app: &AppHandle,
    default_name: &str,
    (kind, ext): (&str, &str),
) -> Option<PathBuf> {
    if let Some(dir) = crate::hooks::var("COMPLAINTDESK_PRINT_DIR") {
        return Some(PathBuf::from(dir).join(default_name));
    }
    app.dialog()
        .file()
        .set_title("保存文件")
        .add_filter(kind, &[ext])
        .set_file_name(default_name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

pub(crate) fn save(
    app: &AppHandle,
    state: &AppState,
    name: &str,
    printed: Printed,
) -> Result<Option<PrintReport>, CommandError> {
    let Some(path) = choose_path(app, name, ("PDF 文件", "pdf")) else {
        return Ok(None);
    };
    printing::write(&path, &printed).map_err(|e| {
        CommandError::new(
            ErrorKind::Storage,
            format!("无法写入 {}：{e}", path.display()),
            format!("Cannot write {}: {e}", path.display()),
        )
    })?;
    state.remember_printed(path.clone());
    Ok(Some(PrintReport {
        path: path.display().to_string(),
        pages: printed.pages as u32,
        missing: printed.missing.iter().map(char::to_string).collect(),
    }))
}

/// Prints the 《住户投诉意见表》 of one complaint; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn print_form(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<PrintReport>, CommandError> {
    print_job(&app, &state, "print_form", |desk, user, now| {
        desk.form_job(user, id, now)
    })
    .await
}

/// Prints (again) the 《投诉档案移交清单》 of one recorded hand-over.
#[tauri::command]
pub async fn print_handover(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<PrintReport>, CommandError> {
    print_job(&app, &state, "print_handover", |desk, user, now| {
        desk.handover_job(user, id, now)
    })
    .await
}

/// Prints the resident's 投诉受理回执 (A5) of one complaint.
#[tauri::command]
pub async fn print_receipt(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<PrintReport>, CommandError> {
    print_job(&app, &state, "print_receipt", |desk, user, now| {
        desk.receipt_job(user, id, now)
    })
    .await
}

/// Prints the blank 《住户投诉意见表》 for hand registration while the desk is down.
#[tauri::command]
pub async fn print_blank_form(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PrintReport>, CommandError> {
    print_job(&app, &state, "print_blank_form", |desk, user, now| {
        desk.blank_form_job(user, now)
    })
    .await
}

/// Prints a 《催办通知单》 for a complaint whose handling is overdue (recorded as an event).
#[tauri::command]
pub async fn print_urge_notice(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<PrintReport>, CommandError> {
    print_job(&app, &state, "print_urge_notice", |desk, user, now| {
        desk.urge_job(user, id, now)
    })
    .await
}

/// Every print: who acts comes first (before the font or a dialog); the job is read
/// under the desk's lock, laid out without it, audited, then saved where the user says.
pub(crate) async fn print_job(
    app: &AppHandle,
    state: &AppState,
    command: &'static str,
    read: impl FnOnce(&mut Desk, &User, DateTime<Utc>) -> Result<PrintJob, DeskError>,
) -> Result<Option<PrintReport>, CommandError> {
    state.acting_user()?;
    let font = printing::font(app.path().resource_dir().ok())?;
    let job = {
        let mut desk = state.desk();
        let user = state.user(&desk)?;
        read(&mut desk, &user, state.clock.now())?
    };
    let name = printing::file_name(&job.document_name());
    let printed = render_and_record(state, job, font, command).await?;
    save(app, state, &name, printed)
}

/// Lays `job` out without the desk's lock, then records the print in the audit.
pub(crate) async fn render_and_record(
    state: &AppState,
    job: PrintJob,
    font: &'static printpdf::ParsedFont,
    command: &'static str,
) -> Result<Printed, CommandError> {
    let (job, printed) = off_lock(command, move || {
        let printed = job.render(font)?;
        Ok((job, printed))
    })
    .await?;
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    desk.record_print(&user, &job, &printed, state.clock.now())?;
    Ok(printed)
}

/// Prints the 《投诉处置记录表》 of a date range (`YYYY-MM-DD`, inclusive).
#[tauri::command]
pub async fn print_register(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<PrintReport>, CommandError> {
    state.acting_user()?;
    let day = |field: &str, raw: &str| {
        complaint_core::validation::parse_day(raw).ok_or_else(|| {
            CommandError::field(
                field,
                "格式不正确，应为“年-月-日”",
                "must be a date like 2026-01-31",
            )
        })
    };
    let (from, to) = (day("from", &from)?, day("to", &to)?);
    print_job(&app, &state, "print_register", |desk, user, now| {
        desk.register_job(user, (from, to), now)
    })
    .await
}

/// Opens a PDF printed in this session in the system viewer (only those: the page
/// cannot open arbitrary files).
#[tauri::command]
pub fn open_printed(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), CommandError> {
    state.acting_user()?;
    let path = PathBuf::from(path);
    if !state.was_printed(&path) {
        return Err(CommandError::new(
            ErrorKind::NotPermitted,
            "只能打开本次打印的文件",
            "Only files printed in this session can be opened",
        ));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            CommandError::new(
                ErrorKind::NotFound,
                format!("无法打开 {}：{e}", path.display()),
                format!("Cannot open {}: {e}", path.display()),
            )
        })
}
