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
    /// The schema's tables, indexes, triggers and views are exactly those the
    /// migrations make at the file's version (no append-only trigger dropped, nothing
    /// added), and `foreign_key_check` finds no dangling reference.
    pub schema_ok: bool,
    /// What differs, when the schema is not as the migrations make it.
    pub schema_message: Option<String>,
    /// The audit chain's check.
    pub audit: Option<audit::AuditCheck>,
    /// The installation's seal and the anchor (filled by `backup::inspect`).
    pub seal: crate::seal::SealCheck,
    /// The installation id the file carries.
    pub installation: Option<String>,
    /// Complaints in the file.
    #[ts(type = "number")]
    pub complaints: i64,
}

impl FileCheck {
    /// Fit to become the live database.
    pub fn usable(&self) -> bool {
        self.usable_but_anchor() && self.seal.holds()
    }

    /// Everything holds except, perhaps, that a sealed file has no anchor beside it (a
    /// copy made by hand): a cut-off tail could not be seen.
    pub fn usable_but_anchor(&self) -> bool {
        self.integrity_ok
            && self.schema_version >= 1
            && self.schema_version <= self.expected_version
            && self.schema_ok
            && self
                .audit
                .as_ref()
                .is_some_and(|a| a.first_broken.is_none())
            && (self.seal.holds()
                || matches!(
                    self.seal,
                    crate::seal::SealCheck::Keyed {
                        anchor: crate::seal::AnchorCheck::Missing,
                        ..
                    }
                ))
    }
}

/// The installation id a database carries, if it is readable.
pub fn installation(conn: &Connection) -> Option<String> {
    super::reference::setting(conn, crate::seal::INSTALLATION_SETTING)
        .ok()
        .flatten()
}

/// The schema objects (type, name, SQL) of a database, SQLite's own left out.
fn schema_objects(
    conn: &Connection,
) -> Result<std::collections::BTreeSet<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%'",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Compares the file's schema with what the migrations make at its version, and runs
/// `foreign_key_check`; `None` when both hold.
fn schema_difference(conn: &Connection, version: i64) -> Result<Option<String>> {
    let mut fresh = Connection::open_in_memory()?;
    super::MIGRATIONS.to_version(&mut fresh, version.clamp(1, latest_version()) as usize)?;
    let want = schema_objects(&fresh)?;
    let have = schema_objects(conn)?;
    let missing: Vec<&str> = want.difference(&have).map(|o| o.1.as_str()).collect();
    let extra: Vec<&str> = have.difference(&want).map(|o| o.1.as_str()).collect();
    if !missing.is_empty() || !extra.is_empty() {
        let list = |v: &[&str]| v.iter().take(5).copied().collect::<Vec<_>>().join("、");
        return Ok(Some(match (missing.is_empty(), extra.is_empty()) {
            (false, true) => format!("缺少或被改动的结构：{}", list(&missing)),
            (true, false) => format!("多出的结构：{}", list(&extra)),
            _ => format!(
                "缺少或被改动的结构：{}；多出的结构：{}",
                list(&missing),
                list(&extra)
            ),
        }));
    }
    let dangling: Option<String> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .next()
        .transpose()?;
    Ok(dangling.map(|table| format!("表 {table} 中有引用不存在的记录")))
}

/// The schema version this program writes.
pub fn latest_version() -> i64 {
    super::MIGRATION_COUNT as i64
}

/// Opens a file to read it without changing it.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    Ok(Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

/// Integrity, schema version, schema objects and audit chain (keyed entries checked
/// with `key`) of an open database, changing nothing. The seal is left
/// [`crate::seal::SealCheck::Unsealed`]: `backup::inspect` fills it in.
pub fn check_connection(conn: &Connection, key: Option<&audit::AuditKey>) -> Result<FileCheck> {
    let integrity: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check(5)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let integrity_ok = integrity.len() == 1 && integrity[0] == "ok";
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let readable = integrity_ok && (1..=latest_version()).contains(&schema_version);
    let (schema_message, audit, complaints) = if readable {
        let complaints = conn
            .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
            .unwrap_or(0);
        (
            schema_difference(conn, schema_version)?,
            audit::verify(conn, key).ok(),
            complaints,
        )
    } else {
        (None, None, 0)
    };
    Ok(FileCheck {
        integrity_ok,
        integrity_message: (!integrity_ok).then(|| integrity.join("; ")),
        schema_version,
        expected_version: latest_version(),
        schema_ok: readable && schema_message.is_none(),
        schema_message,
        audit,
        seal: crate::seal::SealCheck::Unsealed,
        installation: if readable { installation(conn) } else { None },
        complaints,
    })
}

/// Appends the restore to the audit chain of the copy about to become the live database
/// (keyed with the copy's own installation key); the entry's id and hash, for the anchor.
pub fn record_restore(
    copy: &Path,
    key: Option<&audit::AuditKey>,
    from: &Path,
    replaced: Option<&str>,
    now: DateTime<Utc>,
    (id, name): (i64, &str),
) -> Result<(i64, String)> {
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
    let appended = super::audit::append(
        &tx,
        key,
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
    // Whole in its main file, in rollback-journal mode: nothing beside it to carry over.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(appended)
}

/// Copies everything in the live file's WAL into the main file and empties the WAL (the
/// caller holds the exclusive lock: no one else has the file open).
pub fn checkpoint(live: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        live,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(super::StorageError::Unreadable(format!(
            "{}: checkpoint busy",
            live.display()
        )));
    }
    Ok(())
}
