//! Backups: a daily copy kept with rotation (30 daily, 12 monthly), copies on demand,
//! and restore from a checked file, with the replaced database kept aside — never
//! overwritten.

use crate::attachments::Store;
use crate::seal::{self, Anchor, Keys, SealCheck};
use crate::storage::backup::{check_connection, open_read_only, snapshot, FileCheck};
use crate::storage::{audit, StorageError};
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
    /// The restore is not allowed to this person for this file (Chinese, English).
    #[error("{0}")]
    Refused(String, String),
    /// The file failed its checks (Chinese, English).
    #[error("{0}")]
    Rejected(String, String),
    /// Another process has the live database open.
    #[error(
        "数据库正被另一个程序使用（物业投诉处理台窗口或命令行），请先关闭它再恢复。未作任何替换。"
    )]
    InUse,
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
            BackupError::Refused(_, en) | BackupError::Rejected(_, en) => en.clone(),
            BackupError::InUse => "Another program (a ComplaintDesk window or command) has the database open: close it before restoring. Nothing was replaced.".into(),
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

/// The timestamped name of a copy taken at `now` in `dir` (made if missing).
fn named_in(dir: &Path, now: DateTime<Utc>, tz: Tz) -> Result<PathBuf, BackupError> {
    std::fs::create_dir_all(dir).map_err(file_err(dir))?;
    let local = now.with_timezone(&tz).naive_local();
    Ok(dir.join(format!("{PREFIX}{}.db", local.format("%Y%m%d-%H%M%S"))))
}

/// Copies the live database into `dir` under a timestamped name.
pub fn take(
    conn: &Connection,
    dir: &Path,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<PathBuf, BackupError> {
    let path = named_in(dir, now, tz)?;
    snapshot(conn, &path)?;
    copy_attachments(conn, &path)?;
    write_anchor_of(&path)?;
    Ok(path)
}

/// A consistent snapshot of the center's server into `dir`, under the same timestamped
/// name as a desk's copies: a ComplaintDesk file a single desk can open or `verify` check.
pub fn take_server(
    server: &dyn crate::storage::db::Db,
    dir: &Path,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<PathBuf, BackupError> {
    let path = named_in(dir, now, tz)?;
    crate::storage::moving::server_snapshot(server, &path)?;
    Ok(path)
}

/// Copies the attachments' files the database names into the store beside `copy`
/// (`attachments/` in the same folder), only those it does not hold yet: the backups
/// folder keeps one store for all its copies, so a day's backup copies the day's new
/// files. A file missing from the live store is left for `verify` to name.
fn copy_attachments(conn: &Connection, copy: &Path) -> Result<(), BackupError> {
    let Some(db) = conn.path().filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let hashes = crate::storage::attachments::all_hashes(conn)?;
    if hashes.is_empty() {
        return Ok(());
    }
    let target = Store::beside(copy);
    target
        .copy_from(&Store::beside(Path::new(db)), &hashes)
        .map_err(file_err(target.root()))?;
    Ok(())
}

/// Copies the open database to `dest` (a backup outside the backups folder) with its
/// anchor beside it.
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<(), BackupError> {
    snapshot(conn, dest)?;
    copy_attachments(conn, dest)?;
    write_anchor_of(dest)
}

/// Writes the anchor of a sealed copy beside it: the backup's metadata, so that a copy
/// whose tail was cut off later is told from the copy as it was taken.
fn write_anchor_of(copy: &Path) -> Result<(), BackupError> {
    let conn = open_read_only(copy)?;
    let Some(installation) = crate::storage::backup::installation(&conn) else {
        return Ok(()); // not set up, or from before sealing: nothing to anchor
    };
    let Some((entries, hash)) = audit::last(&conn)? else {
        return Ok(());
    };
    drop(conn);
    Anchor {
        installation,
        entries,
        hash,
        next: None,
    }
    .write(copy)
    .map_err(file_err(copy))
}

/// Checks an open database: integrity, schema, the audit chain (keyed entries with
/// this computer's key of the file's installation, from `keys`) and the anchor.
pub fn inspect(
    conn: &Connection,
    keys: Option<&Keys>,
    anchor: Option<&Anchor>,
) -> Result<FileCheck, StorageError> {
    let installation = crate::storage::backup::installation(conn);
    let sealed = match (&installation, keys) {
        (Some(id), Some(keys)) => keys.load(id).ok().flatten(),
        _ => None,
    };
    let mut check = check_connection(conn, sealed.as_ref().map(|s| &s.key))?;
    check.seal = match (installation, sealed) {
        (None, _) => SealCheck::Unsealed,
        (Some(id), None) => SealCheck::KeyMissing {
            installation: if seal::valid_installation(&id) {
                id
            } else {
                String::new()
            },
        },
        (Some(id), Some(_)) => {
            let entries = check.audit.as_ref().map_or(0, |a| a.entries);
            SealCheck::Keyed {
                anchor: seal::compare(&id, anchor, entries, |n| {
                    audit::hash_of(conn, n).ok().flatten()
                }),
                installation: id,
            }
        }
    };
    Ok(check)
}

/// Checks a file, and the anchor beside it, without changing either.
pub fn check_file(path: &Path, keys: Option<&Keys>) -> Result<FileCheck, StorageError> {
    let conn = open_read_only(path)?;
    inspect(&conn, keys, Anchor::read(path).as_ref())
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
    /// Attachments' files copied back from beside the backup.
    #[ts(type = "number")]
    pub attachments_copied: u64,
    /// Attachments the restored database names whose files neither the desk nor the
    /// backup holds intact (by SHA-256): `verify` names their complaints.
    pub attachments_missing: Vec<String>,
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
    } else if !check.schema_ok {
        format!(
            "数据库结构与本程序不符（{}）",
            check.schema_message.as_deref().unwrap_or("结构被改动")
        )
    } else if let SealCheck::KeyMissing { installation } = &check.seal {
        format!(
            "本机没有该文件所属安装（{}）的审计密钥，无法证明其审计日志未被改动；请把原电脑的审计密钥文件 audit-key-{installation}.txt 复制到本机的配置文件夹",
            short(installation)
        )
    } else if let Some(id) = check.audit.as_ref().and_then(|a| a.first_broken) {
        format!("审计日志校验失败：第 {id} 条记录被改动或重新计算过")
    } else if let SealCheck::Keyed { anchor, .. } = &check.seal {
        match anchor {
            seal::AnchorCheck::Holds => "文件无法使用".into(),
            seal::AnchorCheck::Missing => {
                "文件旁缺少锚点文件（.anchor），无法确认审计日志末尾是否被截去".into()
            }
            seal::AnchorCheck::Truncated { anchored, found } => {
                format!("审计日志末尾被截去：锚点记录 {anchored} 条，文件中只有 {found} 条")
            }
            seal::AnchorCheck::Rewritten { entry } => {
                format!("审计日志被改写：第 {entry} 条与锚点记录的不符")
            }
            seal::AnchorCheck::OtherInstallation => {
                "文件来自另一套安装（与锚点记录的安装不符），可能被替换过".into()
            }
        }
    } else {
        "文件无法使用".into()
    }
}

/// Why a file is refused, in English.
pub fn refusal_en(check: &FileCheck) -> String {
    if !check.integrity_ok {
        "the file is damaged".into()
    } else if check.schema_version < 1 {
        "this is not a database of this program".into()
    } else if check.schema_version > check.expected_version {
        "the file comes from a newer version of the program".into()
    } else if !check.schema_ok {
        format!(
            "its schema differs from this program's ({})",
            check.schema_message.as_deref().unwrap_or("changed")
        )
    } else if let SealCheck::KeyMissing { installation } = &check.seal {
        format!("this computer lacks the audit key of its installation: copy audit-key-{installation}.txt from the old computer into the configuration folder")
    } else if let Some(id) = check.audit.as_ref().and_then(|a| a.first_broken) {
        format!("the audit log fails its check at entry {id} (changed or recomputed)")
    } else if let SealCheck::Keyed { anchor, .. } = &check.seal {
        match anchor {
            seal::AnchorCheck::Holds => "the file cannot be used".into(),
            seal::AnchorCheck::Missing => "its anchor file (.anchor) is missing: a cut-off tail could not be seen".into(),
            seal::AnchorCheck::Truncated { anchored, found } => format!(
                "the audit log's tail was cut off: the anchor names {anchored} entries, the file has {found}"
            ),
            seal::AnchorCheck::Rewritten { entry } => {
                format!("the audit log was rewritten: entry {entry} differs from the anchor")
            }
            seal::AnchorCheck::OtherInstallation => {
                "the file comes from another installation than its anchor: it was swapped".into()
            }
        }
    } else {
        "the file cannot be used".into()
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// The lock beside the live database (`<file>.lock`): every process that has the file
/// open (the window, a command) holds it shared; a restore takes it exclusively, so
/// that nobody keeps writing into a file that is being replaced.
pub struct DatabaseLock(#[allow(dead_code)] std::fs::File);

impl DatabaseLock {
    fn path(db: &Path) -> PathBuf {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        db.with_file_name(name)
    }

    fn open(db: &Path) -> std::io::Result<std::fs::File> {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(Self::path(db))
    }

    /// Held while the file is open; refused while a restore replaces it.
    pub fn shared(db: &Path) -> Result<std::fs::File, StorageError> {
        let file = Self::open(db).map_err(|e| {
            StorageError::Startup(crate::storage::StartupProblem::ReadOnly {
                path: db
                    .parent()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                reason: e.to_string(),
            })
        })?;
        match file.try_lock_shared() {
            Ok(()) => Ok(file),
            Err(_) => Err(StorageError::Startup(
                crate::storage::StartupProblem::Restoring,
            )),
        }
    }

    /// For a restore: refused while any other process (or desk) has the file open.
    pub fn exclusive(db: &Path) -> Result<Self, BackupError> {
        let file = Self::open(db).map_err(file_err(db))?;
        match file.try_lock() {
            Ok(()) => Ok(Self(file)),
            Err(std::fs::TryLockError::WouldBlock) => Err(BackupError::InUse),
            Err(std::fs::TryLockError::Error(e)) => Err(file_err(db)(e)),
        }
    }
}

/// Who asks for a restore.
#[derive(Debug, Clone, Copy)]
pub enum Restorer<'a> {
    /// The administrator, logged in: any file that passes the checks.
    Administrator {
        /// Their id.
        id: i64,
        /// Their name.
        name: &'a str,
    },
    /// Nobody is logged in (the start-up page): only this installation's own backups,
    /// from its backups folder, with their anchor.
    Nobody,
    /// Nobody is logged in, but the person typed the login of the file's own
    /// administrator, checked against the file.
    FileAdministrator {
        /// The administrator's login in the file.
        username: &'a str,
        /// Their password.
        password: &'a str,
    },
}

/// A restore: which file replaces the live database, who asks, and where this
/// installation keeps its backups and keys.
#[derive(Debug, Clone, Copy)]
pub struct RestoreRequest<'a> {
    /// The live database file (closed by the caller).
    pub live: &'a Path,
    /// The chosen file.
    pub from: &'a Path,
    /// This installation's backups folder.
    pub backups_dir: &'a Path,
    /// The key files.
    pub keys: &'a Keys,
    /// Who asks.
    pub by: Restorer<'a>,
    /// Now.
    pub now: DateTime<Utc>,
    /// The center's zone (for the names of kept files).
    pub tz: Tz,
}

/// This installation's id, when the live file or its anchor still says it.
fn this_installation(live: &Path) -> Option<String> {
    Anchor::read(live).map(|a| a.installation).or_else(|| {
        open_read_only(live)
            .ok()
            .and_then(|c| crate::storage::backup::installation(&c))
    })
}

/// Whether `from` is a file directly inside `dir` (links and `..` resolved).
fn inside(from: &Path, dir: &Path) -> bool {
    let (Ok(file), Ok(dir)) = (from.canonicalize(), dir.canonicalize()) else {
        return false;
    };
    file.parent() == Some(dir.as_path()) && file.is_file()
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> BackupError {
    BackupError::Refused(zh.into(), en.into())
}

/// Replaces the live database with a checked copy of `req.from`; nothing else may have
/// the live file open. In order: the exclusive lock; a private copy beside the live file,
/// checked (integrity, `foreign_key_check`, schema objects against the migrations, the
/// audit chain with the installation's key, the anchor) and, from the start-up page,
/// allowed only when it is this installation's own backup or the file's administrator
/// password was typed; the restore recorded in the copy's audit log; the live file
/// checkpointed and kept aside by a hard link (a copy where links are not possible);
/// the copy fsynced and renamed over the live file, the folder fsynced; the anchor
/// rewritten. A stop at any moment leaves the old or the new database in place, and
/// the anchor accepts either until it is rewritten.
pub fn restore(req: &RestoreRequest) -> Result<RestoreReport, BackupError> {
    let live = req.live;
    let _lock = DatabaseLock::exclusive(live)?;
    let stamp = req
        .now
        .with_timezone(&req.tz)
        .format("%Y%m%d-%H%M%S")
        .to_string();
    let part = live.with_file_name(format!("{}.restoring", file_name(live)));
    let sidecars = |db: &Path| {
        ["-wal", "-shm", "-journal"].map(|s| PathBuf::from(format!("{}{s}", db.display())))
    };
    let clean = |db: &Path| {
        for f in std::iter::once(db.to_path_buf()).chain(sidecars(db)) {
            let _ = std::fs::remove_file(f);
        }
    };
    clean(&part);
    let result = (|| {
        std::fs::copy(req.from, &part).map_err(file_err(req.from))?;
        let check = {
            let conn = open_read_only(&part)?;
            inspect(&conn, Some(req.keys), Anchor::read(req.from).as_ref())?
        };
        let recorded_by = allowed(req, &part, &check)?;
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
        let key = match &check.installation {
            Some(id) => req.keys.load(id).ok().flatten().map(|s| s.key),
            None => None,
        };
        let (entries, hash) = crate::storage::backup::record_restore(
            &part,
            key.as_ref(),
            req.from,
            replaced_kept_at.as_deref(),
            req.now,
            (recorded_by.0, &recorded_by.1),
        )
        .map_err(|e| {
            BackupError::Rejected(
                format!("未能在备份副本的审计日志中记录此次恢复，未作任何替换：{e}"),
                format!("The restore could not be recorded in the copy's audit log; nothing was replaced: {}", e.message_en()),
            )
        })?;
        std::fs::File::open(&part)
            .and_then(|f| f.sync_all())
            .map_err(file_err(&part))?;
        // A sound live file is made whole in its main file first (its WAL emptied into
        // it), so that a stop before the swap leaves it complete. A damaged one is not
        // touched: its bytes are kept aside as they are. Then it gets a second name, and
        // what lies beside it goes with it, so that nothing of the old file is ever read
        // as part of the new one.
        if let Some(aside) = &aside {
            let sound = std::fs::metadata(live).is_ok_and(|m| m.len() > 0)
                && crate::storage::check_header(live).is_ok();
            if sound {
                crate::storage::backup::checkpoint(live)?;
            }
            if std::fs::hard_link(live, aside).is_err() {
                std::fs::copy(live, aside).map_err(file_err(aside))?;
                std::fs::File::open(aside)
                    .and_then(|f| f.sync_all())
                    .map_err(file_err(aside))?;
            }
            for (s, to) in sidecars(live).into_iter().zip(sidecars(aside)) {
                if s.exists() {
                    std::fs::rename(&s, &to).map_err(file_err(&s))?;
                }
            }
        }
        let new_anchor = check.installation.clone().map(|installation| Anchor {
            installation,
            entries,
            hash,
            next: None,
        });
        if let (Some(old), Some(new)) = (Anchor::read(live), &new_anchor) {
            Anchor {
                next: Some(Box::new(new.clone())),
                ..old
            }
            .write(live)
            .map_err(file_err(live))?;
        }
        let dir = live.parent().unwrap_or(Path::new("."));
        std::fs::rename(&part, live).map_err(file_err(live))?;
        seal::sync_dir(dir).map_err(file_err(dir))?;
        match &new_anchor {
            Some(a) => a.write(live).map_err(file_err(live))?,
            None => {
                let _ = std::fs::remove_file(seal::anchor_path(live));
            }
        }
        // The restored database's attachments: files the desk lacks come from beside
        // the backup (the desk's own files stay: none is ever changed).
        let hashes = open_read_only(live)
            .ok()
            .and_then(|c| crate::storage::attachments::all_hashes(&c).ok())
            .unwrap_or_default();
        let here = Store::beside(live);
        let (copied, missing) = here
            .copy_from(&Store::beside(req.from), &hashes)
            .map_err(file_err(here.root()))?;
        Ok(RestoreReport {
            check,
            replaced_kept_at,
            attachments_copied: copied as u64,
            attachments_missing: missing,
        })
    })();
    if result.is_err() {
        clean(&part);
    }
    result
}

/// Whether `req.by` may put this checked copy in place; who the audit entry names.
fn allowed(
    req: &RestoreRequest,
    copy: &Path,
    check: &FileCheck,
) -> Result<(i64, String), BackupError> {
    let unusable = || {
        BackupError::Rejected(
            format!("不能用此文件恢复：{}", refusal(check)),
            format!("This file cannot be restored: {}", refusal_en(check)),
        )
    };
    match req.by {
        Restorer::Administrator { id, name } => {
            if !check.usable_but_anchor() {
                return Err(unusable());
            }
            Ok((id, name.to_owned()))
        }
        Restorer::Nobody => {
            if !check.usable() {
                return Err(unusable());
            }
            let own = this_installation(req.live);
            if !inside(req.from, req.backups_dir) || own.is_none() || own != check.installation {
                return Err(refused(
                    "未登录时只能恢复本机备份文件夹中本安装的备份。恢复其他文件，请输入该文件的管理员账号和密码",
                    "Without a login, only this installation's own backups (from its backups folder) can be restored. For another file, enter that file's administrator name and password",
                ));
            }
            Ok((
                crate::model::SYSTEM_USER_ID,
                "（启动时恢复本机备份）".into(),
            ))
        }
        Restorer::FileAdministrator { username, password } => {
            if !check.usable_but_anchor() {
                return Err(unusable());
            }
            let conn = open_read_only(copy)?;
            let admin = crate::storage::users::by_username(&conn, username.trim())?
                .filter(|u| u.active && u.user.role == crate::model::Role::Admin);
            // The hash is computed whether or not the name exists: same time either way.
            let stored = admin
                .as_ref()
                .map_or(crate::auth::DUMMY_HASH, |u| u.password_hash.as_str());
            let ok = crate::auth::verify_password(password, stored) && admin.is_some();
            match admin.filter(|_| ok) {
                Some(u) => Ok((u.user.id, u.user.display_name)),
                None => Err(refused(
                    "该文件的管理员账号或密码错误，未作任何替换",
                    "Wrong administrator name or password for this file; nothing was replaced",
                )),
            }
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `complaint-desk migrate --to URL`: the desk's file at `path` moved whole onto the fresh
/// server at `url` (see [`crate::storage::moving::file_to_server`]). The file is checked
/// first as `verify` checks it, its keyed audit entries with the key `keys` hold for it: a
/// damaged file, a broken chain or a cut-off tail is not carried onto the server. The file
/// is only read: it stays as it was, for the desk to fall back on.
pub fn move_to_server(
    path: &Path,
    keys: Option<&Keys>,
    url: &str,
    now: DateTime<Utc>,
) -> Result<crate::storage::moving::Moved, crate::storage::moving::MoveError> {
    use crate::storage::moving::{file_to_server, FileKey, MoveError};
    let check = check_file(path, keys)?;
    if let Some(id) = check.audit.as_ref().and_then(|a| a.first_broken) {
        return Err(MoveError::ChainBroken(id));
    }
    if !check.usable() {
        return Err(MoveError::FileCheck(Box::new(check)));
    }
    let file = open_read_only(path)?;
    let seal = match (crate::storage::backup::installation(&file), keys) {
        (Some(id), Some(keys)) => keys.load(&id)?,
        _ => None,
    };
    let server = crate::storage::server::open(url).map_err(StorageError::Startup)?;
    let mut store = crate::storage::db::Store::Server(Box::new(server));
    file_to_server(
        &file,
        &Store::beside(path),
        seal.as_ref().map(|s| FileKey {
            installation: &s.installation,
            key: &s.key,
        }),
        &mut store,
        now,
    )
}
