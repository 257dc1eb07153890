//! Attachments as recorded: which file (by hash) belongs to which complaint and step.
//! Rows are never deleted; a removal only marks its row with the removing event. Written
//! once for both stores ([`Db`]).

use super::db::{args, Db, Dialect, Row};
use super::Result;
use crate::attachments::Kind;
use serde::Serialize;
use ts_rs::TS;

/// One attachment of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Attachment {
    /// Row id.
    #[ts(type = "number")]
    pub id: i64,
    /// The complaint.
    #[ts(type = "number")]
    pub complaint_id: i64,
    /// The event that attached it.
    #[ts(type = "number")]
    pub event_id: i64,
    /// The step it documents (e.g. the handling), or none for the complaint itself.
    #[ts(type = "number | null")]
    pub step_event_id: Option<i64>,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The file's name as it was attached.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Bytes.
    #[ts(type = "number")]
    pub size: i64,
    /// The event that removed it, if removed.
    #[ts(type = "number | null")]
    pub removed_event_id: Option<i64>,
}

const COLUMNS: &str =
    "id, complaint_id, event_id, step_event_id, sha256, name, kind, size, removed_event_id";

/// An attachment from its nine columns ([`COLUMNS`]) starting at `first`.
fn read(r: &Row<'_>, first: usize) -> Result<Attachment> {
    Ok(Attachment {
        id: r.get::<i64>(first)?,
        complaint_id: r.get::<i64>(first + 1)?,
        event_id: r.get::<i64>(first + 2)?,
        step_event_id: r.get::<Option<i64>>(first + 3)?,
        sha256: r.get::<String>(first + 4)?,
        name: r.get::<String>(first + 5)?,
        kind: r.code(first + 6, Kind::from_code)?,
        size: r.get::<i64>(first + 7)?,
        removed_event_id: r.get::<Option<i64>>(first + 8)?,
    })
}

/// Records an attachment under the id its event names (`a.id`, as [`next_id`] gave it
/// under the writer's lock), written explicitly on both stores (the server's id has no
/// identity); returns that id.
pub fn insert(conn: &dyn Db, a: &Attachment) -> Result<i64> {
    conn.scalar::<i64>(
        "INSERT INTO attachments (id, complaint_id, event_id, step_event_id, sha256, name, kind,
            size)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        args![
            a.id,
            a.complaint_id,
            a.event_id,
            a.step_event_id,
            a.sha256,
            a.name,
            a.kind.code(),
            a.size
        ],
    )
}

/// The next attachment id (the one the next insert is to write, as its event names it).
pub fn next_id(conn: &dyn Db) -> Result<i64> {
    conn.scalar::<i64>("SELECT coalesce(max(id), 0) + 1 FROM attachments", args![])
}

/// Marks an attachment removed by `event_id`.
pub fn mark_removed(conn: &dyn Db, id: i64, event_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE attachments SET removed_event_id = ?2 WHERE id = ?1",
        args![id, event_id],
    )?;
    Ok(())
}

/// One attachment.
pub fn get(conn: &dyn Db, id: i64) -> Result<Option<Attachment>> {
    conn.opt(
        &format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"),
        args![id],
        |r| read(r, 0),
    )
}

/// A complaint's attachments, oldest first (removed ones included).
pub fn of_complaint(conn: &dyn Db, complaint_id: i64) -> Result<Vec<Attachment>> {
    conn.all(
        &format!("SELECT {COLUMNS} FROM attachments WHERE complaint_id = ?1 ORDER BY id"),
        args![complaint_id],
        |r| read(r, 0),
    )
}

/// Every file the database names, each hash once.
pub fn all_hashes(conn: &dyn Db) -> Result<Vec<String>> {
    conn.all(
        "SELECT DISTINCT sha256 FROM attachments ORDER BY sha256",
        args![],
        |r| r.get::<String>(0),
    )
}

/// Every attachment with its complaint's case number, for `verify`.
pub fn all_with_case(conn: &dyn Db) -> Result<Vec<(String, Attachment)>> {
    conn.all(
        "SELECT c.case_no, a.id, a.complaint_id, a.event_id, a.step_event_id, a.sha256, a.name,
            a.kind, a.size, a.removed_event_id
         FROM attachments a JOIN complaints c ON c.id = a.complaint_id ORDER BY a.id",
        args![],
        |r| Ok((r.get::<String>(0)?, read(r, 1)?)),
    )
}

/// Whether the database keeps attachments at all (schema version 19 on): SQLite's schema
/// table names it; on the server, `to_regclass` finds it on the search path.
pub fn kept(conn: &dyn Db) -> Result<bool> {
    let sql = match conn.dialect() {
        Dialect::Sqlite => {
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'attachments')"
        }
        Dialect::Postgres => "SELECT to_regclass('attachments') IS NOT NULL",
    };
    conn.scalar::<bool>(sql, args![])
}

/// Keeps a file's bytes under its hash in the database (a desk on the center's server);
/// one kept already is left as it is.
pub fn put_file(conn: &dyn Db, sha256: &str, bytes: &[u8]) -> Result<()> {
    conn.execute(
        "INSERT INTO attachment_files (sha256, bytes) VALUES (?1, ?2)
         ON CONFLICT (sha256) DO NOTHING",
        args![sha256, bytes],
    )?;
    Ok(())
}

/// The bytes kept under `sha256` in the database, if any.
pub fn file_bytes(conn: &dyn Db, sha256: &str) -> Result<Option<Vec<u8>>> {
    conn.opt(
        "SELECT bytes FROM attachment_files WHERE sha256 = ?1",
        args![sha256],
        |r| r.get::<Vec<u8>>(0),
    )
}
