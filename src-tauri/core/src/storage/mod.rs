//! The only place that speaks SQL. Plain functions over `&Connection` (a `Transaction`
//! derefs to one), one module per table group.

pub mod audit;
#[doc(hidden)]
pub mod bulk;
pub mod complaints;
pub mod events;
pub mod reference;
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
    M::up(include_str!("../../migrations/001_initial.sql")),
    M::up(include_str!("../../migrations/002_monthly_reports.sql")),
];

/// Numbered `.sql` migrations, applied atomically on `PRAGMA user_version`.
pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_SLICE);

/// What can go wrong below the domain.
#[derive(Debug, Error)]
pub enum StorageError {
    /// SQLite refused or failed.
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("数据库结构升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored value that this version cannot read.
    #[error("数据库中的数据无法识别：{0}")]
    Unreadable(String),
}

/// Shorthand for storage results.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Opens (creating if needed) the database file: WAL, foreign keys, full sync, a busy
/// timeout so that a second writer waits instead of failing, and the latest schema.
pub fn open(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
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
        assert_eq!((mode.as_str(), fk, sync, version), ("wal", 1, 2, 2));
    }
}
