//! The timeline table: append and read, nothing else.

use super::{code, from_ms, ms, Result, StorageError};
use crate::event::{Event, EventData};
use crate::model::Role;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// Appends one event, taken by `actor_id` in `role` (none for the system), and returns it
/// with its id.
pub fn append(
    conn: &Connection,
    complaint_id: i64,
    at: DateTime<Utc>,
    (actor_id, role): (i64, Option<Role>),
    data: &EventData,
) -> Result<Event> {
    let json = serde_json::to_string(data).map_err(|e| StorageError::Unreadable(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO events (complaint_id, at, actor_id, kind, data, actor_role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        complaint_id,
        ms(at),
        actor_id,
        data.kind(),
        json,
        role.map(Role::code)
    ])?;
    Ok(Event {
        id: conn.last_insert_rowid(),
        complaint_id,
        at,
        actor_id,
        data: data.clone(),
    })
}

/// The role each of a complaint's events was taken in, where recorded (version 15).
pub fn roles(conn: &Connection, complaint_id: i64) -> Result<std::collections::HashMap<i64, Role>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, actor_role FROM events WHERE complaint_id = ?1 AND actor_role IS NOT NULL",
    )?;
    let rows = stmt.query_map([complaint_id], |r| {
        Ok((r.get(0)?, code(&r.get::<_, String>(1)?, Role::from_code)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A complaint's events in recording order.
pub fn for_complaint(conn: &Connection, complaint_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor_id, data FROM events WHERE complaint_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([complaint_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, at, actor_id, json) = row?;
        let data = serde_json::from_str(&json)
            .map_err(|e| StorageError::Unreadable(format!("event {id}: {e}")))?;
        Ok(Event {
            id,
            complaint_id,
            at: from_ms(at),
            actor_id,
            data,
        })
    })
    .collect()
}

/// Complaint ids with a dispatch recorded in `[from, to)`, with those dispatch events,
/// oldest first (the 《投诉处置记录表》).
pub fn dispatches_between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT complaint_id, id FROM events WHERE kind = 'dispatched' AND at >= ?1 AND at < ?2 ORDER BY at, id",
    )?;
    let rows = stmt.query_map(params![ms(from), ms(to)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
