//! Backups: a daily copy kept with rotation (30 daily, 12 monthly), copies on demand,
//! and restore from a checked file, with the replaced database kept aside — never
//! overwritten.

use crate::storage::backup::{check_file, snapshot, FileCheck};
use crate::storage::StorageError;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};
use thiserror::Error;
use ts_rs::TS;

/// Days for which the newest backup of the day is kept.
pub const KEEP_DAILY: i64 = 30;
/// Months for which the newest backup of the month is kept.
pub const KEEP_MONTHLY: u32 = 12;
const PREFIX: &str = "complaintdesk-";

/// Why a backup or restore did not happen.
#[derive(Debug, Error)]
pub enum BackupError {
    /// The database or the copy failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A file could not be moved or copied.
    #[error("文件操作失败（{path}）：{reason}")]
    File {
        /// Which file.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// The chosen file is not a usable database of this program.
    #[error("{0}")]
    Unusable(String),
}

impl BackupError {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            BackupError::Storage(e) => e.message_en(),
            BackupError::File { path, reason } => {
                format!("A file operation failed ({path}): {reason}")
            }
            BackupError::Unusable(m) => format!("The file cannot be used: {m}"),
        }
    }
}

fn file_err(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// A backup file in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupFile {
    /// Full path.
    pub path: String,
    /// When it was taken (center local, from its name).
    pub taken_at: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

fn stamp(name: &str) -> Option<NaiveDateTime> {
    let core = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    NaiveDateTime::parse_from_str(core, "%Y%m%d-%H%M%S").ok()
}

/// Backups in `dir`, newest first.
pub fn list(dir: &Path) -> Vec<BackupFile> {
    let mut found: Vec<(NaiveDateTime, BackupFile)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let at = stamp(&name)?;
            let bytes = e.metadata().ok()?.len();
            Some((
                at,
                BackupFile {
                    path: e.path().display().to_string(),
                    taken_at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    bytes,
                },
            ))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, f)| f).collect()
}

/// Copies the live database into `dir` under a timestamped name.
pub fn take(
    conn: &Connection,
    dir: &Path,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<PathBuf, BackupError> {
    std::fs::create_dir_all(dir).map_err(file_err(dir))?;
    let local = now.with_timezone(&tz).naive_local();
    let path = dir.join(format!("{PREFIX}{}.db", local.format("%Y%m%d-%H%M%S")));
    snapshot(conn, &path)?;
    Ok(path)
}

/// Today's automatic backup, when there is none yet for the local day; then rotation.
pub fn daily(
    conn: &Connection,
    dir: &Path,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Option<PathBuf>, BackupError> {
    let today = now.with_timezone(&tz).date_naive();
    let done_today = list(dir).iter().any(|b| {
        b.taken_at
            .starts_with(&today.format("%Y-%m-%d").to_string())
    });
    let taken = if done_today {
        None
    } else {
        Some(take(conn, dir, now, tz)?)
    };
    rotate(dir, today)?;
    remove_abandoned(dir, now.into())?;
    Ok(taken)
}

/// A copy still being written is touched every moment; one left alone this long was cut
/// off (the program closed or the computer went down in the middle of it).
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes what copies cut off in the middle left behind (`….db.part` and its journal,
/// untouched for [`ABANDONED_AFTER`]): a whole database each, never a backup. Returns
/// what was removed.
pub fn remove_abandoned(
    dir: &Path,
    now: std::time::SystemTime,
) -> Result<Vec<PathBuf>, BackupError> {
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let part = name.starts_with(PREFIX)
            && (name.ends_with(".db.part") || name.ends_with(".db.part-journal"));
        let untouched = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| now.duration_since(at).ok())
            .is_some_and(|idle| idle >= ABANDONED_AFTER);
        if part && untouched {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(file_err(&path))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Keeps the newest backup of each of the last 30 days and of each of the last 12
/// months; removes the rest. Returns what was removed.
pub fn rotate(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, BackupError> {
    let files = list(dir); // newest first
    let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let mut kept_days = std::collections::HashSet::new();
    let mut kept_months = std::collections::HashSet::new();
    let mut removed = Vec::new();
    for f in files {
        let Some(at) = Path::new(&f.path)
            .file_name()
            .and_then(|n| stamp(&n.to_string_lossy()))
        else {
            continue;
        };
        let day = at.date();
        let age_days = (today - day).num_days();
        let age_months = month_index(today) - month_index(day);
        let keep_day = (0..KEEP_DAILY).contains(&age_days) && kept_days.insert(day);
        let keep_month = (0..KEEP_MONTHLY as i32).contains(&age_months)
            && kept_months.insert((day.year(), day.month()));
        if !(keep_day || keep_month) {
            let path = PathBuf::from(&f.path);
            std::fs::remove_file(&path).map_err(file_err(&path))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreReport {
    /// The checks the restored file passed.
    pub check: FileCheck,
    /// Where the replaced database was kept (none when there was no database).
    pub replaced_kept_at: Option<String>,
}

/// Why a file is refused, in words for the desk.
pub fn refusal(check: &FileCheck) -> String {
    if !check.integrity_ok {
        format!(
            "文件已损坏（{}）",
            check
                .integrity_message
                .as_deref()
                .unwrap_or("完整性检查未通过")
        )
    } else if check.schema_version < 1 {
        "这不是本程序的数据库文件".into()
    } else if check.schema_version > check.expected_version {
        format!(
            "该文件来自更新版本的程序（结构版本 {}，本程序支持到 {}）",
            check.schema_version, check.expected_version
        )
    } else if let Some(id) = check.audit.as_ref().and_then(|a| a.first_broken) {
        format!("审计日志校验失败：第 {id} 条记录被改动")
    } else {
        "文件无法使用".into()
    }
}

/// Replaces the database at `live` (which must not be open) with the checked file
/// `from`. The replaced database and its journal files are moved aside, never overwritten.
///
/// The restored database records the restore in its audit log: by whom (`by`, id and
/// name; the system user when that account is not in the restored file), from which
/// file, and where the replaced one was kept.
pub fn restore(
    live: &Path,
    from: &Path,
    now: DateTime<Utc>,
    tz: Tz,
    by: (i64, &str),
) -> Result<RestoreReport, BackupError> {
    let check = check_file(from)?;
    if !check.usable() {
        return Err(BackupError::Unusable(format!(
            "不能用此文件恢复：{}",
            refusal(&check)
        )));
    }
    let stamp = now.with_timezone(&tz).format("%Y%m%d-%H%M%S").to_string();
    let aside = live.exists().then(|| {
        let mut aside = live.with_file_name(format!("{}.replaced-{stamp}", file_name(live)));
        let mut n = 1;
        while aside.exists() {
            aside = live.with_file_name(format!("{}.replaced-{stamp}-{n}", file_name(live)));
            n += 1;
        }
        aside
    });
    let replaced_kept_at = aside.as_ref().map(|a| a.display().to_string());
    // The copy is prepared beside the live file, the restore recorded in its audit chain,
    // and only then does anything move: a failure up to here replaces nothing.
    let part = live.with_file_name(format!("{}.part", file_name(live)));
    let journals =
        |db: &Path| ["-wal", "-shm"].map(|s| PathBuf::from(format!("{}{s}", db.display())));
    std::fs::copy(from, &part).map_err(file_err(from))?;
    if let Err(e) =
        crate::storage::backup::record_restore(&part, from, replaced_kept_at.as_deref(), now, by)
    {
        for leftover in std::iter::once(part.clone()).chain(journals(&part)) {
            let _ = std::fs::remove_file(leftover);
        }
        return Err(BackupError::Unusable(format!(
            "未能在备份副本的审计日志中记录此次恢复，未作任何替换：{e}"
        )));
    }
    if let Some(aside) = &aside {
        for (journal, to) in journals(live).into_iter().zip(journals(aside)) {
            if journal.exists() {
                std::fs::rename(&journal, &to).map_err(file_err(&journal))?;
            }
        }
        std::fs::rename(live, aside).map_err(file_err(live))?;
    }
    for (journal, to) in journals(&part).into_iter().zip(journals(live)) {
        if journal.exists() {
            std::fs::rename(&journal, &to).map_err(file_err(&journal))?;
        }
    }
    std::fs::rename(&part, live).map_err(file_err(live))?;
    Ok(RestoreReport {
        check,
        replaced_kept_at,
    })
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
