//! The append-only, hash-chained audit log.
//!
//! Each entry's hash covers its content and its predecessor's hash. On a sealed
//! installation ([`AuditKey`]) it is an HMAC-SHA-256 keyed with a secret kept outside the
//! database, so that a chain edited and recomputed without the key no longer verifies;
//! entries written before the installation was sealed (a file from an older version)
//! keep their plain SHA-256 and are protected by the keyed entries chained after them.

use super::db::{args, Db, Dialect, Row};
use super::{from_ms, ms, Result};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::ops::ControlFlow;
use ts_rs::TS;

/// The secret an installation keys its audit entries with, and the first entry it keys.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey {
    secret: [u8; 32],
    /// Entries from this id on are keyed; earlier ones are plain SHA-256.
    pub from: i64,
}

impl AuditKey {
    /// A key over `secret`, keying entries from `from` on.
    pub fn new(secret: [u8; 32], from: i64) -> Self {
        Self {
            secret,
            from: from.max(1),
        }
    }

    /// The secret, to be written to the key file.
    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// The entry's hash: keyed when `key` covers entry `id`.
enum Hasher {
    Plain(Sha256),
    Keyed(Hmac<Sha256>),
}

impl Hasher {
    fn for_entry(key: Option<&AuditKey>, id: i64) -> Self {
        match key.filter(|k| id >= k.from) {
            Some(k) => Hasher::Keyed(
                <Hmac<Sha256> as Mac>::new_from_slice(&k.secret)
                    .expect("HMAC takes any key length"),
            ),
            None => Hasher::Plain(Sha256::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Plain(h) => Digest::update(h, bytes),
            Hasher::Keyed(h) => Mac::update(h, bytes),
        }
    }

    fn hex(self) -> String {
        let bytes: Vec<u8> = match self {
            Hasher::Plain(h) => h.finalize().to_vec(),
            Hasher::Keyed(h) => h.finalize().into_bytes().to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

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
    key: Option<&AuditKey>,
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
    let mut h = Hasher::for_entry(key, id);
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
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.hex()
}

/// Appends an entry, chained to the last one, keyed with `key` when the installation is
/// sealed. Call inside the transaction of the change. Returns the entry's id and hash.
pub fn append(conn: &dyn Db, key: Option<&AuditKey>, e: &AuditEntry) -> Result<(i64, String)> {
    let (id, prev) = match last(conn)? {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let at = ms(e.at);
    let hash = entry_hash(
        key,
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
    conn.execute(
        "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![id, at, e.actor_id, e.action, e.entity, e.entity_id, e.before.as_deref(), e.after.as_deref(), prev.as_str(), hash.as_str()],
    )?;
    Ok((id, hash))
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
    /// The last entry's stored hash (none for an empty log).
    pub last_hash: Option<String>,
}

/// The stored hash of entry `id`, if there is one.
pub fn hash_of(conn: &dyn Db, id: i64) -> Result<Option<String>> {
    conn.opt("SELECT hash FROM audit_log WHERE id = ?1", args![id], |r| {
        r.get(0)
    })
}

/// Walks the whole log and names the first broken entry, if any: keyed entries are
/// checked with `key` (without it, every keyed entry reads as broken).
pub fn verify(conn: &dyn Db, key: Option<&AuditKey>) -> Result<AuditCheck> {
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_id = 1;
    let mut entries = 0;
    let mut first_broken = None;
    let carried = carried_keys(conn)?;
    conn.each_until(
        "SELECT id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash
         FROM audit_log ORDER BY id",
        args![],
        &mut |r: &Row| {
            entries += 1;
            let id: i64 = r.get(0)?;
            let prev: String = r.get(8)?;
            let stored: String = r.get(9)?;
            let keyed_with = key.filter(|k| id >= k.from).or_else(|| {
                carried
                    .iter()
                    .find(|(k, until)| (k.from..=*until).contains(&id))
                    .map(|(k, _)| k)
            });
            let computed = entry_hash(
                keyed_with,
                &prev,
                id,
                r.get(1)?,
                r.get(2)?,
                &r.get::<String>(3)?,
                &r.get::<String>(4)?,
                r.get(5)?,
                r.get::<Option<String>>(6)?.as_deref(),
                r.get::<Option<String>>(7)?.as_deref(),
            );
            if id != expected_id || prev != expected_prev || computed != stored {
                // The rows after the first broken one are left unread.
                first_broken = Some(id);
                return Ok(ControlFlow::Break(()));
            }
            expected_prev = stored;
            expected_id = id + 1;
            Ok(ControlFlow::Continue(()))
        },
    )?;
    Ok(AuditCheck {
        entries,
        first_broken,
        last_hash: (first_broken.is_none() && entries > 0).then_some(expected_prev),
    })
}

/// The keys of the desk files this log was moved from (`migrate`), each with the last
/// entry it keyed. A stored secret that is not one (64 hex digits) is left out: the entries
/// it keyed then read as broken, as they cannot be checked.
pub fn carried_keys(conn: &dyn Db) -> Result<Vec<(AuditKey, i64)>> {
    if conn.dialect() == Dialect::Sqlite {
        // A file from before version 25 (a backup being checked) has none.
        let has: i64 = conn.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'carried_audit_keys'",
            args![],
        )?;
        if has == 0 {
            return Ok(Vec::new());
        }
    }
    let rows = conn.all(
        "SELECT keyed_from, keyed_until, secret FROM carried_audit_keys ORDER BY keyed_from",
        args![],
        |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?, r.get::<String>(2)?)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(from, until, secret)| {
            crate::seal::unhex32(&secret).map(|s| (AuditKey::new(s, from), until))
        })
        .collect())
}

/// Keeps the key of the desk file `installation`, which keyed its entries from `key.from`
/// to `until`, beside the entries moved from it.
pub fn carry_key(conn: &dyn Db, installation: &str, key: &AuditKey, until: i64) -> Result<()> {
    let secret = crate::seal::hex(key.secret());
    conn.execute(
        "INSERT INTO carried_audit_keys (installation, keyed_from, keyed_until, secret)
         VALUES (?1, ?2, ?3, ?4)",
        args![installation, key.from, until, secret.as_str()],
    )?;
    Ok(())
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
pub fn for_entity(conn: &dyn Db, entity: &str, entity_id: i64) -> Result<Vec<AuditRow>> {
    conn.all(
        "SELECT id, at, actor_id, action, entity, entity_id FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
        args![entity, entity_id],
        audit_row,
    )
}

fn audit_row(r: &Row) -> Result<AuditRow> {
    Ok(AuditRow {
        id: r.get(0)?,
        at: from_ms(r.get(1)?),
        actor_id: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
    })
}

/// An entry with its actor's name and recorded content.
pub type NamedEntry = (AuditRow, String, Option<String>);

/// A page of the log, newest first, with the actor's name.
pub fn page(conn: &dyn Db, offset: i64, limit: i64) -> Result<(i64, Vec<NamedEntry>)> {
    let total: i64 = conn.scalar("SELECT count(*) FROM audit_log", args![])?;
    let rows = conn.all(
        "SELECT a.id, a.at, a.actor_id, a.action, a.entity, a.entity_id, coalesce(u.display_name, ''), a.after
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT ?1 OFFSET ?2",
        args![limit, offset],
        |r| Ok((audit_row(r)?, r.get(6)?, r.get(7)?)),
    )?;
    Ok((total, rows))
}

/// The last entry's id and stored hash, unchecked.
pub fn last(conn: &dyn Db) -> Result<Option<(i64, String)>> {
    conn.opt(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
