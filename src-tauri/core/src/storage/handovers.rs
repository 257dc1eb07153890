//! 月度归档移交: the hand-overs and the complaints each took (never deleted).

use super::{ms, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// A recorded hand-over: `(month, at, by user, receiver)`.
pub type Stored = (String, DateTime<Utc>, i64, String);

/// Complaints waiting for `awaiting` received in `[from, to)`, by case number.
pub fn awaiting_received(
    conn: &Connection,
    awaiting: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM complaints WHERE awaiting = ?1 AND received_at >= ?2 AND received_at < ?3
         ORDER BY case_no",
    )?;
    let rows = stmt.query_map(params![awaiting, ms(from), ms(to)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a hand-over of `complaint_ids` and returns its id.
pub fn insert(
    conn: &Connection,
    (month, at, by, receiver): (&str, DateTime<Utc>, i64, &str),
    complaint_ids: &[i64],
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO handovers (month, at, by_user, receiver) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![month, ms(at), by, receiver])?;
    let id = conn.last_insert_rowid();
    let mut item = conn
        .prepare_cached("INSERT INTO handover_items (handover_id, complaint_id) VALUES (?1, ?2)")?;
    for complaint_id in complaint_ids {
        item.execute(params![id, complaint_id])?;
    }
    Ok(id)
}

/// The hand-overs of a month, oldest first.
pub fn of_month(conn: &Connection, month: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM handovers WHERE month = ?1 ORDER BY id")?;
    let rows = stmt.query_map([month], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One hand-over, and the how-manieth of its month it is.
pub fn get(conn: &Connection, id: i64) -> Result<Option<(Stored, i64)>> {
    let stored: Option<Stored> = conn
        .prepare_cached("SELECT month, at, by_user, receiver FROM handovers WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((r.get(0)?, super::from_ms(r.get(1)?), r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    let number = conn
        .prepare_cached("SELECT count(*) FROM handovers WHERE month = ?1 AND id <= ?2")?
        .query_row(params![stored.0, id], |r| r.get(0))?;
    Ok(Some((stored, number)))
}

/// The complaints a hand-over took, by case number.
pub fn items(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.complaint_id FROM handover_items i JOIN complaints c ON c.id = i.complaint_id
         WHERE i.handover_id = ?1 ORDER BY c.case_no",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The pages of a complaint's form as last printed (from its audit entry), if ever.
pub fn last_printed_pages(conn: &Connection, complaint_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT json_extract(after, '$.pages') FROM audit_log
             WHERE entity = 'complaint' AND entity_id = ?1 AND action = 'complaint.print'
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([complaint_id], |r| r.get(0))
        .optional()?
        .flatten())
}
