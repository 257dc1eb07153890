//! The append-only, hash-chained audit log.

use super::{from_ms, ms, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to record.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor_id: i64,
    /// What was done (`complaint.register`, `user.create` …).
    pub action: &'a str,
    /// What kind of thing it was done to (`complaint`, `user` …).
    pub entity: &'a str,
    /// Which one.
    pub entity_id: Option<i64>,
    /// JSON of the thing before, when it existed.
    pub before: Option<String>,
    /// JSON of the thing after.
    pub after: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    id: i64,
    at: i64,
    actor: i64,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    // Lengths before each field keep the encoding unambiguous.
    for part in [
        prev.to_owned(),
        id.to_string(),
        at.to_string(),
        actor.to_string(),
        action.to_owned(),
        entity.to_owned(),
        entity_id.map(|i| i.to_string()).unwrap_or_default(),
        before.unwrap_or("\u{0}").to_owned(),
        after.unwrap_or("\u{0}").to_owned(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends an entry, chained to the last one. Call inside the transaction of the change.
pub fn append(conn: &Connection, e: &AuditEntry) -> Result<i64> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let at = ms(e.at);
    let hash = entry_hash(
        &prev,
        id,
        at,
        e.actor_id,
        e.action,
        e.entity,
        e.entity_id,
        e.before.as_deref(),
        e.after.as_deref(),
    );
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, at, e.actor_id, e.action, e.entity, e.entity_id, e.before, e.after, prev, hash])?;
    Ok(id)
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditCheck {
    /// Entries read.
    #[ts(type = "number")]
    pub entries: i64,
    /// The first entry whose stored hashes do not match its content or its predecessor.
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
}

/// Walks the whole log and names the first broken entry, if any.
pub fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_id = 1;
    let mut entries = 0;
    while let Some(r) = rows.next()? {
        entries += 1;
        let id: i64 = r.get(0)?;
        let prev: String = r.get(8)?;
        let stored: String = r.get(9)?;
        let computed = entry_hash(
            &prev,
            id,
            r.get(1)?,
            r.get(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            r.get(5)?,
            r.get::<_, Option<String>>(6)?.as_deref(),
            r.get::<_, Option<String>>(7)?.as_deref(),
        );
        if id != expected_id || prev != expected_prev || computed != stored {
            return Ok(AuditCheck {
                entries,
                first_broken: Some(id),
            });
        }
        expected_prev = stored;
        expected_id = id + 1;
    }
    Ok(AuditCheck {
        entries,
        first_broken: None,
    })
}

/// A row of the log, for browsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditRow {
    /// Entry number.
    #[ts(type = "number")]
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    #[ts(type = "number")]
    pub actor_id: i64,
    /// What.
    pub action: String,
    /// On what.
    pub entity: String,
    /// Which.
    #[ts(type = "number | null")]
    pub entity_id: Option<i64>,
}

/// Entries about one thing, oldest first.
pub fn for_entity(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor_id, action, entity, entity_id FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![entity, entity_id], |r| {
        Ok(AuditRow {
            id: r.get(0)?,
            at: from_ms(r.get(1)?),
            actor_id: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An entry with its actor's name and recorded content.
pub type NamedEntry = (AuditRow, String, Option<String>);

/// A page of the log, newest first, with the actor's name.
pub fn page(conn: &Connection, offset: i64, limit: i64) -> Result<(i64, Vec<NamedEntry>)> {
    let total: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.at, a.actor_id, a.action, a.entity, a.entity_id, coalesce(u.display_name, ''), a.after
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit, offset], |r| {
        Ok((
            AuditRow {
                id: r.get(0)?,
                at: from_ms(r.get(1)?),
                actor_id: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
            },
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    Ok((total, rows.collect::<rusqlite::Result<_>>()?))
}
