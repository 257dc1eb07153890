//! 数据安全: backups, restore, the database check and the audit log.

use crate::error::{off_lock, CommandError, ErrorKind};
use crate::state::AppState;
use complaint_core::backup::{self, BackupFile, RestoreReport};
use complaint_core::desk::AuditPage;
use complaint_core::roles::{permits, Action};
use complaint_core::storage::backup::FileCheck;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Copies the database into a folder the administrator chooses; `None` when cancelled.
/// Who asks is checked before the folder dialog opens.
#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, CommandError> {
    {
        let desk = state.desk();
        let user = state.user(&desk)?;
        desk.backup_job(&user)?;
    }
    let dir = match crate::hooks::var("COMPLAINTDESK_BACKUP_DIR") {
        Some(d) => Some(PathBuf::from(d)),
        None => app
            .dialog()
            .file()
            .set_title("选择备份保存位置")
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(dir) = dir else { return Ok(None) };
    let now = state.clock.now();
    let job = {
        let desk = state.desk();
        let user = state.user(&desk)?;
        desk.backup_job(&user)?
    };
    // The copy is taken beside the desk, on a connection of its own: the window's reads
    // and writes go on meanwhile.
    let path = match job {
        Some(job) => off_lock("backup_now", move || Ok(job.take(&dir, now)?)).await?,
        None => return Ok(None),
    };
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    desk.record_backup(&user, &path, now)?;
    Ok(Some(path.display().to_string()))
}

/// The automatic backups, newest first.
#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupFile>, CommandError> {
    allow_restore(&state)?;
    Ok(backup::list(&state.backups_dir()))
}

/// Who may restore: the administrator, or anyone while the database cannot be opened
/// (then nobody can log in, and the newest backup is what the desk needs).
fn allow_restore(state: &AppState) -> Result<(), CommandError> {
    if state
        .startup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some()
    {
        return Ok(());
    }
    let desk = state.desk();
    let user = state.user(&desk)?;
    if permits(user.role, Action::Administer) {
        Ok(())
    } else {
        Err(CommandError::new(
            ErrorKind::NotPermitted,
            format!("“{}”无权恢复数据", user.role.label_zh()),
            format!("The role \"{}\" may not restore data", user.role.label_en()),
        ))
    }
}

/// Restores from `path`, or from a file the user picks when `path` is empty. From the
/// start-up page, `admin_name` and `admin_password` are the chosen file's own
/// administrator login, needed for any file but this installation's own backups.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    path: Option<String>,
    admin_name: Option<String>,
    admin_password: Option<String>,
) -> Result<Option<RestoreReport>, CommandError> {
    allow_restore(&state)?;
    if path.as_deref().is_some_and(|p| p.len() > 4096) {
        return Err(CommandError::field(
            "path",
            "路径过长",
            "The path is too long",
        ));
    }
    let chosen = match path {
        Some(p) => Some(PathBuf::from(p)),
        None => app
            .dialog()
            .file()
            .set_title("选择要恢复的备份文件")
            .add_filter("数据库备份", &["db"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(from) = chosen else { return Ok(None) };
    let file_admin = match (&admin_name, &admin_password) {
        (Some(n), Some(p)) if !n.trim().is_empty() => Some((n.as_str(), p.as_str())),
        _ => None,
    };
    state.restore(&from, file_admin).map(Some)
}

/// Integrity and the audit chain of the live database.
#[tauri::command]
pub fn check_database(state: State<'_, AppState>) -> Result<FileCheck, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.audit_check(&user)?)
}

/// A page of the audit log.
#[tauri::command]
pub fn audit_log(
    state: State<'_, AppState>,
    page: u32,
    page_size: u32,
) -> Result<AuditPage, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.audit_page(&user, page, page_size)?)
}
