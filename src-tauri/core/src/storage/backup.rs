//! Copies of the database file: the online backup API, and the checks a file must pass
//! before it may replace the live database.

use super::{audit, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::Path;
use std::time::Duration;
use ts_rs::TS;

/// Copies the open database to `dest` while others keep using it (SQLite's online
/// backup API), through a temporary file so that `dest` is whole or absent.
pub fn snapshot(conn: &Connection, dest: &Path) -> Result<()> {
    let part = dest.with_extension("db.part");
    let _ = std::fs::remove_file(&part);
    {
        let mut out = Connection::open(&part)?;
        {
            // All pages in one step, in one read transaction: a copy from a connection
            // beside the desk's (the daily backup) would start again after every write
            // the desk makes between steps.
            use rusqlite::backup::StepResult;
            let backup = rusqlite::backup::Backup::new(conn, &mut out)?;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Busy or locked: another connection is writing; try again.
                    _ => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        }
        // The pages copied carry the live file's WAL mark; make the copy a plain
        // rollback-journal file, so that reading it (even read-only, from a USB stick)
        // never needs -wal/-shm files beside it.
        let mode: String =
            out.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(super::StorageError::Unreadable(format!(
                "{}: journal_mode {mode}",
                part.display()
            )));
        }
    }
    std::fs::rename(&part, dest)
        .map_err(|e| super::StorageError::Unreadable(format!("{}: {e}", dest.display())))?;
    Ok(())
}

/// What a database file looks like from the inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FileCheck {
    /// `PRAGMA integrity_check` said ok.
    pub integrity_ok: bool,
    /// The first problem integrity_check named.
    pub integrity_message: Option<String>,
    /// The file's schema version.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// The schema version this program writes.
    #[ts(type = "number")]
    pub expected_version: i64,
    /// The audit chain's check.
    pub audit: Option<audit::AuditCheck>,
    /// Complaints in the file.
    #[ts(type = "number")]
    pub complaints: i64,
}

impl FileCheck {
    /// Fit to become the live database.
    pub fn usable(&self) -> bool {
        self.integrity_ok
            && self.schema_version >= 1
            && self.schema_version <= self.expected_version
            && self
                .audit
                .as_ref()
                .is_some_and(|a| a.first_broken.is_none())
    }
}

/// The schema version this program writes.
pub fn latest_version() -> i64 {
    super::MIGRATION_COUNT as i64
}

/// Reads a file without changing it: integrity, schema version, audit chain.
pub fn check_file(path: &Path) -> Result<FileCheck> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    check_connection(&conn)
}

/// Integrity, schema version and audit chain of an open database, changing nothing.
pub fn check_connection(conn: &Connection) -> Result<FileCheck> {
    let integrity: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check(5)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let integrity_ok = integrity.len() == 1 && integrity[0] == "ok";
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let (audit, complaints) = if integrity_ok && schema_version >= 1 {
        let complaints = conn
            .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
            .unwrap_or(0);
        (audit::verify(conn).ok(), complaints)
    } else {
        (None, 0)
    };
    Ok(FileCheck {
        integrity_ok,
        integrity_message: (!integrity_ok).then(|| integrity.join("; ")),
        schema_version,
        expected_version: latest_version(),
        audit,
        complaints,
    })
}

/// Appends the restore to the audit chain of the copy about to become the live database.
pub fn record_restore(
    copy: &Path,
    from: &Path,
    replaced: Option<&str>,
    now: DateTime<Utc>,
    (id, name): (i64, &str),
) -> Result<()> {
    let mut conn = super::open(copy)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // The same account in the restored file: same id and name (a backup from another
    // installation may give the id to someone else).
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND display_name = ?2)",
        rusqlite::params![id, name],
        |r| r.get(0),
    )?;
    let after = serde_json::json!({
        "from": from.display().to_string(),
        "replacedKeptAt": replaced,
        "by": name,
    });
    super::audit::append(
        &tx,
        &super::audit::AuditEntry {
            at: now,
            actor_id: if known {
                id
            } else {
                crate::model::SYSTEM_USER_ID
            },
            action: "backup.restore",
            entity: "database",
            entity_id: None,
            before: None,
            after: Some(after.to_string()),
        },
    )?;
    tx.commit()?;
    Ok(())
}
