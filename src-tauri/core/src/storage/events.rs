//! The timeline table: append and read, nothing else.

use super::db::{args, Db};
use super::{from_ms, ms, Result, StorageError};
use crate::event::{Event, EventData};
use crate::model::Role;
use chrono::{DateTime, Utc};

/// Appends one event, taken by `actor_id` in `role` (none for the system), and returns it
/// with its id.
pub fn append(
    conn: &dyn Db,
    complaint_id: i64,
    at: DateTime<Utc>,
    (actor_id, role): (i64, Option<Role>),
    data: &EventData,
) -> Result<Event> {
    let json = serde_json::to_string(data).map_err(|e| StorageError::Unreadable(e.to_string()))?;
    let id = conn.scalar::<i64>(
        "INSERT INTO events (complaint_id, at, actor_id, kind, data, actor_role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        args![
            complaint_id,
            ms(at),
            actor_id,
            data.kind(),
            json,
            role.map(Role::code)
        ],
    )?;
    // As it is kept (to the millisecond), so that the event handed back is the one read
    // back later.
    Ok(Event {
        id,
        complaint_id,
        at: from_ms(ms(at)),
        actor_id,
        data: data.clone(),
    })
}

/// The role each of a complaint's events was taken in, where recorded (version 15).
pub fn roles(conn: &dyn Db, complaint_id: i64) -> Result<std::collections::HashMap<i64, Role>> {
    Ok(conn
        .all(
            "SELECT id, actor_role FROM events WHERE complaint_id = ?1 AND actor_role IS NOT NULL",
            args![complaint_id],
            |r| Ok((r.get::<i64>(0)?, r.code(1, Role::from_code)?)),
        )?
        .into_iter()
        .collect())
}

/// A complaint's events in recording order.
pub fn for_complaint(conn: &dyn Db, complaint_id: i64) -> Result<Vec<Event>> {
    conn.all(
        "SELECT id, at, actor_id, data FROM events WHERE complaint_id = ?1 ORDER BY id",
        args![complaint_id],
        |r| {
            let id = r.get::<i64>(0)?;
            let at = r.get::<i64>(1)?;
            let actor_id = r.get::<i64>(2)?;
            let json = r.get::<String>(3)?;
            let data = serde_json::from_str(&json)
                .map_err(|e| StorageError::Unreadable(format!("event {id}: {e}")))?;
            Ok(Event {
                id,
                complaint_id,
                at: from_ms(at),
                actor_id,
                data,
            })
        },
    )
}

/// Complaint ids with a dispatch recorded in `[from, to)`, with those dispatch events,
/// oldest first (the 《投诉处置记录表》).
pub fn dispatches_between(
    conn: &dyn Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>> {
    conn.all(
        "SELECT complaint_id, id FROM events WHERE kind = 'dispatched' AND at >= ?1 AND at < ?2 ORDER BY at, id",
        args![ms(from), ms(to)],
        |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)),
    )
}
