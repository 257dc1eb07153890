//! The only place that speaks SQL. Plain functions over `&Connection` (a `Transaction`
//! derefs to one), one module per table group.

pub mod attachments;
pub mod audit;
pub mod backup;
#[doc(hidden)]
pub mod bulk;
pub mod complaints;
pub mod db;
pub mod events;
pub mod handovers;
pub mod moving;
pub mod reference;
pub mod server;
pub mod stats;
pub mod users;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use std::path::Path;
use std::time::Duration;
use thiserror::Error;

/// The file name inside the data folder.
pub const DB_FILE: &str = "complaintdesk.db";

const MIGRATION_SLICE: &[M<'static>] = &[
    M::up(include_str!("../../migrations/sqlite/001_initial.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/002_login_lockout.sql"
    )),
    M::up(include_str!(
        "../../migrations/sqlite/003_monthly_reports.sql"
    )),
    M::up(include_str!(
        "../../migrations/sqlite/004_queue_indexes.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/005_list_indexes.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/006_complaint_outcomes.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/007_search_order.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/008_search_facets.sql"
    )),
    M::up(include_str!(
        "../../migrations/sqlite/009_login_throttle.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/010_corrections.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/011_waiting_queues.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/012_duty_credits.sql")),
    M::up(include_str!("../../migrations/sqlite/013_user_roles.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/014_open_deadlines.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/015_event_roles.sql")),
    M::up(include_str!("../../migrations/sqlite/016_handovers.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/017_confidential_and_accused.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/018_appraisal.sql")),
    M::up(include_str!("../../migrations/sqlite/019_attachments.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/020_warning_ladder.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/021_credit_days.sql")),
    M::up(include_str!("../../migrations/sqlite/022_period_index.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/023_attachment_files.sql"
    )),
    M::up(include_str!(
        "../../migrations/sqlite/024_registration_keys.sql"
    )),
    M::up(include_str!(
        "../../migrations/sqlite/025_carried_audit_keys.sql"
    )),
    M::up(include_str!("../../migrations/sqlite/026_queue_order.sql")),
    M::up(include_str!(
        "../../migrations/sqlite/027_period_index_id.sql"
    )),
];

/// How many migrations there are: the schema version this program writes.
pub const MIGRATION_COUNT: usize = MIGRATION_SLICE.len();

/// Numbered `.sql` migrations, applied atomically on `PRAGMA user_version`.
pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_SLICE);

/// What can go wrong below the domain.
#[derive(Debug, Error)]
pub enum StorageError {
    /// SQLite refused or failed.
    #[error("数据库错误：{0}")]
    Sqlite(rusqlite::Error),
    /// The center's server refused or failed (or could not be reached).
    #[error("数据库服务器错误：{}", server_says(.0))]
    Postgres(postgres::Error),
    /// The connection to the center's server is lost: nothing of this change was
    /// saved; the desk connects again by itself.
    #[error("与中心服务器的连接已中断（{0}），本次操作未保存。正在重新连接，请稍后重试。")]
    ServerLost(String),
    /// The disk is full (or the file may grow no further): nothing of this change was saved.
    #[error("磁盘空间不足（或文件大小已达上限），本次操作未保存，已保存的数据不受影响。请清理磁盘空间后重试。")]
    DiskFull,
    /// The schema could not be brought up to date.
    #[error("数据库结构升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored value that this version cannot read.
    #[error("数据库中的数据无法识别：{0}")]
    Unreadable(String),
    /// The database file cannot be used as it is; it was left untouched.
    #[error("{0}")]
    Startup(StartupProblem),
}

/// Why the database file could not be opened. The file is never repaired or
/// overwritten in place; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StartupProblem {
    /// Not an SQLite database (garbage, or another kind of file).
    #[error("数据库文件 {0} 已损坏或不是本程序的数据库。文件未作任何改动；请从最新的备份恢复。")]
    NotADatabase(String),
    /// Shorter than its header says: cut off by a failed copy or disk.
    #[error("数据库文件 {0} 不完整（比文件头记录的长度短），可能在复制或磁盘故障时被截断。文件未作任何改动；请从最新的备份恢复。")]
    Truncated(String),
    /// Written by a newer version of the program.
    #[error("数据库由更新版本的程序创建（结构版本 {found}，本程序支持到 {supported}）。请安装新版本后再打开，或从备份恢复。")]
    NewerVersion {
        /// The file's schema version.
        found: i64,
        /// The newest this program knows.
        supported: i64,
    },
    /// Another program holds the file.
    #[error("数据库文件正被另一个程序占用（可能已有一个物业投诉处理台在运行）。请关闭它后重试。")]
    Locked,
    /// The folder or file cannot be written.
    #[error(
        "无法写入数据目录 {path}（{reason}）。请检查该文件夹的权限或磁盘空间，或选择其他数据目录。"
    )]
    ReadOnly {
        /// The folder.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// Damaged inside.
    #[error("数据库文件已损坏（{0}）。文件未作任何改动；请从最新的备份恢复。")]
    Damaged(String),
    /// The file belongs to an installation whose audit key this computer lacks.
    #[error("本机没有此数据库的审计密钥（{key_file}），无法在其审计日志中记录任何操作。请把该密钥文件的副本放回原处后重新启动（见 README“审计密钥”），或从本机的备份恢复。")]
    KeyMissing {
        /// Where the key was looked for.
        key_file: String,
    },
    /// The key file could not be read or written (Chinese, English).
    #[error("{0}")]
    Key(String, String),
    /// A restore is replacing the file right now.
    #[error("数据库正在恢复中，请稍候再试。")]
    Restoring,
    /// The center's server cannot be used (Chinese, English): unreachable, not set up,
    /// or set up by another version of the program.
    #[error("{0}")]
    Server(String, String),
}

impl StorageError {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            StorageError::Sqlite(e) => format!("Database error: {e}"),
            StorageError::Postgres(e) => format!("Database server error: {}", server_says(e)),
            StorageError::ServerLost(why) => format!("The connection to the center's server is lost ({why}); this change was not saved. Reconnecting: try again in a moment."),
            StorageError::DiskFull => "The disk is full (or the file can grow no further): this change was not saved; what was saved before is safe. Free some disk space and try again.".into(),
            StorageError::Migration(e) => format!("The database could not be upgraded: {e}"),
            StorageError::Unreadable(e) => format!("The database holds data this version cannot read: {e}"),
            StorageError::Startup(p) => p.message_en(),
        }
    }
}

impl StartupProblem {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            StartupProblem::NotADatabase(f) => format!("The database file {f} is damaged or not this program's database. It was left untouched; restore the newest backup."),
            StartupProblem::Truncated(f) => format!("The database file {f} is incomplete (shorter than its header says), cut off by a failed copy or disk. It was left untouched; restore the newest backup."),
            StartupProblem::NewerVersion { found, supported } => format!("The database was written by a newer version of the program (schema {found}; this one reads up to {supported}). Install the newer version, or restore a backup."),
            StartupProblem::Locked => "Another program is using the database file (perhaps ComplaintDesk is already running). Close it and try again.".into(),
            StartupProblem::ReadOnly { path, reason } => format!("The data folder {path} cannot be written ({reason}). Check the folder's permissions or disk space, or choose another data folder."),
            StartupProblem::Damaged(e) => format!("The database file is damaged ({e}). It was left untouched; restore the newest backup."),
            StartupProblem::KeyMissing { key_file } => format!("This computer lacks the database's audit key ({key_file}): nothing could be recorded in its audit log. Put the copy of that key file back and start again (README, \"Audit key\"), or restore a backup of this computer."),
            StartupProblem::Key(_, en) => en.clone(),
            StartupProblem::Restoring => "The database is being restored: try again in a moment.".into(),
            StartupProblem::Server(_, en) => en.clone(),
        }
    }
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StorageError::DiskFull,
            // Writing past a file-size limit surfaces as an I/O error of the write.
            Some(rusqlite::ErrorCode::SystemIoFailure) if matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == 778 /* SQLITE_IOERR_WRITE */ || f.extended_code == 4874 /* IOERR_FSYNC */) => {
                StorageError::DiskFull
            }
            _ => StorageError::Sqlite(e),
        }
    }
}

/// What the server said: its own message for a refused statement (`db error` alone says
/// nothing), else the client's.
pub fn server_says(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => e.to_string(),
    }
}

impl From<postgres::Error> for StorageError {
    fn from(e: postgres::Error) -> Self {
        match e.code() {
            Some(&postgres::error::SqlState::DISK_FULL) => StorageError::DiskFull,
            // The server went away (restart, network) or refused a new connection.
            Some(c) if c.code().starts_with("08") || c.code().starts_with("57P") => {
                StorageError::ServerLost(server_says(&e))
            }
            None if e.is_closed()
                || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) =>
            {
                StorageError::ServerLost(server_says(&e))
            }
            _ => StorageError::Postgres(e),
        }
    }
}

/// Shorthand for storage results.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Opens (creating if needed) the database file: WAL, foreign keys, full sync, a busy
/// timeout so that a second writer waits instead of failing, and the latest schema.
pub fn open(path: &Path) -> Result<Connection> {
    let shown = path.display().to_string();
    if path.exists() {
        check_header(path)?;
    } else if let Some(dir) = path.parent() {
        let probe = dir.join(".complaintdesk-write-test");
        if let Err(e) = std::fs::write(&probe, b"") {
            return Err(StorageError::Startup(StartupProblem::ReadOnly {
                path: dir.display().to_string(),
                reason: e.to_string(),
            }));
        }
        let _ = std::fs::remove_file(probe);
    }
    let mut conn = Connection::open(path).map_err(|e| classify(e, &shown, path))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // Before anything is set: switching a rollback-journal file (a restored backup) to
    // WAL rewrites its header, and a file this program refuses stays exactly as it was.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| classify(e, &shown, path))?;
    if version > MIGRATION_COUNT as i64 {
        return Err(StorageError::Startup(StartupProblem::NewerVersion {
            found: version,
            supported: MIGRATION_COUNT as i64,
        }));
    }
    configure(&conn).map_err(|e| match e {
        StorageError::Sqlite(e) => classify(e, &shown, path),
        other => other,
    })?;
    MIGRATIONS.to_latest(&mut conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => classify(err, &shown, path),
        other => StorageError::Migration(other),
    })?;
    // Someone else holding the write lock would make every save wait and fail: say so now.
    conn.busy_timeout(Duration::from_secs(2))?;
    conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
        .map_err(|e| classify(e, &shown, path))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // Only an optimisation: a file that cannot take it now opens all the same.
    let _ = refresh_statistics(&conn);
    Ok(conn)
}

/// Once a file has planner statistics (`ANALYZE`, e.g. after generating demo data), an
/// index without them, such as one a migration just added, looks to SQLite like the best
/// one for everything and can turn a 1 ms page into a 600 ms one. Such tables are
/// analysed again, sampling (`analysis_limit`), which takes milliseconds even at a
/// million rows. A file never analysed is left to SQLite's defaults.
fn refresh_statistics(conn: &Connection) -> Result<()> {
    let has_stats: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')",
        [],
        |r| r.get(0),
    )?;
    if !has_stats {
        return Ok(());
    }
    let stale: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT m.tbl_name FROM sqlite_master m
             WHERE m.type = 'index' AND m.sql IS NOT NULL
               AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1)
               AND m.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if !stale.is_empty() {
        conn.pragma_update(None, "analysis_limit", 1000)?;
        for table in stale {
            conn.execute_batch(&format!("ANALYZE \"{}\"", table.replace('"', "\"\"")))?;
        }
    }
    Ok(())
}

/// The 100-byte header: the magic string, and a length that matches the page count.
pub fn check_header(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    // An empty file is a database not yet written; a short one is not a database.
    if len == 0 {
        return Ok(());
    }
    let mut head = [0u8; 100];
    let read =
        std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head));
    if read.is_err() {
        return Err(StorageError::Startup(StartupProblem::NotADatabase(shown)));
    }
    if &head[..16] != b"SQLite format 3\0" {
        return Err(StorageError::Startup(StartupProblem::NotADatabase(shown)));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let change_counter = &head[24..28];
    let valid_for = &head[92..96];
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    // After a crash mid-checkpoint the header may already count pages that are still only
    // in the write-ahead log: SQLite recovers those, so only a file with no log is judged.
    let has_log = ["-wal", "-journal"].iter().any(|suffix| {
        std::fs::metadata(format!("{}{suffix}", path.display())).is_ok_and(|m| m.len() > 0)
    });
    if !has_log && change_counter == valid_for && pages > 0 && len < pages * page_size {
        return Err(StorageError::Startup(StartupProblem::Truncated(shown)));
    }
    Ok(())
}

fn classify(e: rusqlite::Error, shown: &str, path: &Path) -> StorageError {
    use rusqlite::ErrorCode as C;
    let code = e.sqlite_error_code();
    let problem = match code {
        Some(C::NotADatabase) => StartupProblem::NotADatabase(shown.to_owned()),
        Some(C::DatabaseBusy | C::DatabaseLocked) => StartupProblem::Locked,
        Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => StartupProblem::ReadOnly {
            path: path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            reason: e.to_string(),
        },
        Some(C::DatabaseCorrupt) => StartupProblem::Damaged(e.to_string()),
        _ => return StorageError::Sqlite(e),
    };
    StorageError::Startup(problem)
}

/// A second connection to a desk's file that is already open (and so up to date), for
/// work on another thread: the daily backup and upkeep. In WAL mode its reads and the
/// desk's never wait for each other; a write waits for the other's up to 10 s.
pub fn open_beside(path: &Path) -> Result<Connection> {
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    Ok(conn)
}

/// A database in memory with the latest schema.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    MIGRATIONS.to_latest(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Milliseconds since the epoch, as stored.
pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The instant of stored milliseconds.
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Reads a stored enum code, or says which value could not be read.
pub(crate) fn code<T>(raw: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(raw).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown code {raw:?}").into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn pragmas_hold_after_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        drop(open(&path).unwrap());
        let conn = open(&path).unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            (mode.as_str(), fk, sync, version),
            ("wal", 1, 2, MIGRATION_COUNT as i64)
        );
    }
}
