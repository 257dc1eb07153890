//! Attachments as recorded: which file (by hash) belongs to which complaint and step.
//! Rows are never deleted; a removal only marks its row with the removing event.

use super::{code, Result};
use crate::attachments::Kind;
use rusqlite::{params, Connection, OptionalExtension, Row};
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

fn read(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        complaint_id: r.get(1)?,
        event_id: r.get(2)?,
        step_event_id: r.get(3)?,
        sha256: r.get(4)?,
        name: r.get(5)?,
        kind: code(&r.get::<_, String>(6)?, Kind::from_code)?,
        size: r.get(7)?,
        removed_event_id: r.get(8)?,
    })
}

/// Records an attachment; returns its id.
pub fn insert(conn: &Connection, a: &Attachment) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO attachments (complaint_id, event_id, step_event_id, sha256, name, kind, size)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.complaint_id,
        a.event_id,
        a.step_event_id,
        a.sha256,
        a.name,
        a.kind.code(),
        a.size
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The next attachment id (the one the next insert gets, as its event names it).
pub fn next_id(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM attachments")?
        .query_row([], |r| r.get(0))?)
}

/// Marks an attachment removed by `event_id`.
pub fn mark_removed(conn: &Connection, id: i64, event_id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE attachments SET removed_event_id = ?2 WHERE id = ?1")?
        .execute(params![id, event_id])?;
    Ok(())
}

/// One attachment.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Attachment>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?)
}

/// A complaint's attachments, oldest first (removed ones included).
pub fn of_complaint(conn: &Connection, complaint_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE complaint_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([complaint_id], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every file the database names, each hash once.
pub fn all_hashes(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every attachment with its complaint's case number, for `verify`.
pub fn all_with_case(conn: &Connection) -> Result<Vec<(String, Attachment)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.case_no, a.id, a.complaint_id, a.event_id, a.step_event_id, a.sha256, a.name,
            a.kind, a.size, a.removed_event_id
         FROM attachments a JOIN complaints c ON c.id = a.complaint_id ORDER BY a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            Attachment {
                id: r.get(1)?,
                complaint_id: r.get(2)?,
                event_id: r.get(3)?,
                step_event_id: r.get(4)?,
                sha256: r.get(5)?,
                name: r.get(6)?,
                kind: code(&r.get::<_, String>(7)?, Kind::from_code)?,
                size: r.get(8)?,
                removed_event_id: r.get(9)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the database keeps attachments at all (schema version 19 on).
pub fn kept(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'attachments')",
        [],
        |r| r.get(0),
    )?)
}
