//! A center's data moved whole between a desk's file and the center's server: the server
//! written as a file at one moment (the backup of a server desk), and a desk's file moved
//! onto a fresh server (`complaint-desk migrate --to`). Both copy the recorded tables row
//! by row and column by column and leave what each store derives from them (the search
//! order, the credit days, the search index) to that store's own triggers.

use super::audit::{self, AuditEntry, AuditKey};
use super::db::{Db, Row, Store, Tx, Value};
use super::{Result, StorageError};
use crate::args;
use crate::model::SYSTEM_USER_ID;
use chrono::{DateTime, Utc};
use std::path::Path;
use thiserror::Error;

/// The recorded tables, in an order that meets every foreign key: not those the stores'
/// triggers derive from them (`complaint_order`, `credit_days`, `arranged_days`, the
/// search index), nor the server's own (`schema_version`), nor the attachments' files
/// (beside a file, in `attachment_files` on the server), which are moved by hash.
const RECORDED_TABLES: &[&str] = &[
    "settings",
    "departments",
    "categories",
    "users",
    "policy_versions",
    "case_counters",
    "complaints",
    "registration_keys",
    "events",
    "audit_log",
    "carried_audit_keys",
    "complaint_outcomes",
    "deadline_outcomes",
    "complaint_credits",
    "handovers",
    "handover_items",
    "monthly_reports",
    "attachments",
    "login_throttle",
    "outcomes_pending",
    "standing_pending",
];

/// The columns of `table` in a desk file (generated ones are not listed: they are
/// computed again where the row lands).
fn file_columns(file: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    Ok(file
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The columns of `table` on the server that a row may be given (not generated ones).
fn server_columns(server: &dyn Db, table: &str) -> Result<Vec<String>> {
    server.all(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ?1 AND is_generated = 'NEVER'",
        args![table],
        |r| r.get(0),
    )
}

/// The columns both stores have, in the file's order.
fn shared_columns(
    file: &rusqlite::Connection,
    server: &dyn Db,
    table: &str,
) -> Result<Vec<String>> {
    let on_server = server_columns(server, table)?;
    Ok(file_columns(file, table)?
        .into_iter()
        .filter(|c| on_server.contains(c))
        .collect())
}

/// Writes the center's server, as one consistent moment (a `REPEATABLE READ READ ONLY`
/// transaction), as a ComplaintDesk file at `dest`: a fresh file at this program's schema,
/// every recorded row copied column by column, the derived tables rebuilt by its triggers,
/// attachments' files beside it. A single desk can open it; `verify` checks it; `migrate`
/// moves it onto another server. Written through a temporary name, so that `dest` is
/// whole or absent.
pub fn server_snapshot(server: &dyn Db, dest: &Path) -> Result<()> {
    let part = dest.with_extension("db.part");
    let _ = std::fs::remove_file(&part);
    let mut out = super::open(&part)?;
    server.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let copied = (|| -> Result<Vec<String>> {
        let tx = out.transaction()?;
        // Departments name their heads, users their departments: checked at commit.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        for table in RECORDED_TABLES {
            let columns = shared_columns(&tx, server, table)?;
            if columns.is_empty() {
                continue;
            }
            let list = columns.join(", ");
            let marks = (1..=columns.len())
                .map(|n| format!("?{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            // What the fresh file's migrations put in gives way to what the server holds:
            // the flags of an upgrade go, a row the migrations made (the system account)
            // is replaced (REPLACE fires no delete trigger: recursive triggers are off).
            if table.ends_with("_pending") {
                tx.execute_batch(&format!("DELETE FROM {table}"))?;
            }
            let mut insert = tx.prepare(&format!(
                "INSERT OR REPLACE INTO {table} ({list}) VALUES ({marks})"
            ))?;
            server.stream(
                &format!("SELECT {list} FROM {table} ORDER BY 1"),
                args![],
                &mut |r| {
                    let values = (0..columns.len())
                        .map(|i| r.value(i))
                        .collect::<Result<Vec<Value>>>()?;
                    insert.execute(rusqlite::params_from_iter(values))?;
                    Ok(())
                },
            )?;
        }
        tx.commit()?;
        super::attachments::all_hashes(&out)
    })();
    let ended = server.batch("COMMIT");
    let hashes = copied?;
    ended?;
    // Attachments' files beside the copy, read from the server's table.
    let store = crate::attachments::Store::beside(dest);
    for sha in hashes {
        if let Some(bytes) = super::attachments::file_bytes(server, &sha)? {
            store
                .put(&bytes)
                .map_err(|e| StorageError::Unreadable(format!("{}: {e}", dest.display())))?;
        }
    }
    out.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")?;
    drop(out);
    std::fs::rename(&part, dest)
        .map_err(|e| StorageError::Unreadable(format!("{}: {e}", dest.display())))?;
    Ok(())
}

/// Why a desk's file was not moved onto the server. Nothing was written on either side.
#[derive(Debug, Error)]
pub enum MoveError {
    /// The server already holds a center: a move only fills a fresh one.
    #[error("中心服务器上的数据库已在使用（{complaints} 件投诉、{users} 个账号、{entries} 条审计记录）：迁移只写入刚用 server-setup 建立、尚未使用的数据库。文件与服务器均未改动。")]
    ServerInUse {
        /// Complaints on the server.
        complaints: i64,
        /// Accounts besides the system's.
        users: i64,
        /// Audit entries.
        entries: i64,
    },
    /// The file was never set up: there is nothing to move.
    #[error("数据文件尚未完成首次设置，没有可迁移的数据。")]
    NothingToMove,
    /// The file fails the check `verify` makes (integrity, schema, seal or anchor).
    #[error("数据文件未通过检查（完整性、结构、审计密钥或锚点），不能迁移。请先用 verify 查看，必要时从最新的备份恢复。文件与服务器均未改动。")]
    FileCheck(Box<super::backup::FileCheck>),
    /// The file's audit chain does not verify.
    #[error("数据文件的审计链从第 {0} 条起对不上（被改动或缺少本机的审计密钥），不能迁移。请先用 verify 检查，必要时从最新的备份恢复。文件与服务器均未改动。")]
    ChainBroken(i64),
    /// An attachment's file beside the desk's file is missing or altered.
    #[error("附件文件 {0} 缺失或已被改动，不能迁移。请先用 verify 检查。文件与服务器均未改动。")]
    AttachmentFile(String),
    /// What landed on the server differs from the file (checked before committing).
    #[error("迁移核对不一致（{0}），服务器上的写入已全部撤回。文件与服务器均未改动。")]
    Mismatch(String),
    /// The file is of another schema version than this program's.
    #[error("数据文件的结构版本为 {found}，本程序为 {expected}：请先用本版本的投诉台打开一次该文件（自动升级）后再迁移。文件与服务器均未改动。")]
    Version {
        /// The file's.
        found: i64,
        /// This program's.
        expected: i64,
    },
    /// The file's audit key could not be read.
    #[error("{0}")]
    Key(#[from] crate::seal::SealError),
    /// The stores failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<rusqlite::Error> for MoveError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Storage(e.into())
    }
}

/// What a move wrote onto the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Rows copied, table by table.
    pub rows: Vec<(&'static str, i64)>,
    /// Attachments' files copied.
    pub files: usize,
    /// The audit entries copied (the move's own entry follows them), and the last one's
    /// hash, the same on both sides.
    pub entries: i64,
    /// The last copied entry's hash.
    pub last_hash: Option<String>,
}

impl Moved {
    /// Rows copied of `table`.
    pub fn of(&self, table: &str) -> i64 {
        self.rows
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// The file's own key: its installation id and its audit key, when it is sealed.
pub struct FileKey<'a> {
    /// The installation id written in the file.
    pub installation: &'a str,
    /// Its audit key.
    pub key: &'a AuditKey,
}

/// Moves a desk's file whole onto a fresh server, in one transaction holding the
/// center's writer lock: every recorded row with its id, the attachments' files (read
/// from `files` beside the file and checked against their hashes), the audit log with
/// its hashes, and the file's audit key (`key`) for the entries it keyed
/// (`carried_audit_keys`), so that the chain is checked entry by entry on the server.
/// The file is read in one transaction and left as it was; its chain is verified first,
/// and on the server before committing: the same entries, ending on the same hash. The
/// move itself is the server's next audit entry (`database.migrate`).
pub fn file_to_server(
    file: &rusqlite::Connection,
    files: &crate::attachments::Store,
    key: Option<FileKey<'_>>,
    server: &mut Store,
    now: DateTime<Utc>,
) -> std::result::Result<Moved, MoveError> {
    let read = file.unchecked_transaction()?;
    let found: i64 = read.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let expected = super::backup::latest_version();
    if found != expected {
        return Err(MoveError::Version { found, expected });
    }
    if super::reference::setting(&*read, "center_name")?.is_none() {
        return Err(MoveError::NothingToMove);
    }
    let checked = audit::verify(&*read, key.as_ref().map(|k| k.key))?;
    if let Some(id) = checked.first_broken {
        return Err(MoveError::ChainBroken(id));
    }
    let hashes = super::attachments::all_hashes(&*read)?;
    let mut payloads = Vec::with_capacity(hashes.len());
    for sha in &hashes {
        let bytes = files
            .read(sha)
            .map_err(|_| MoveError::AttachmentFile(files.path(sha).display().to_string()))?;
        payloads.push((sha, bytes));
    }

    let writing = server.write()?;
    let tx: &dyn Db = &writing;
    let complaints: i64 = tx.scalar("SELECT count(*) FROM complaints", args![])?;
    let users: i64 = tx.scalar(
        "SELECT count(*) FROM users WHERE id <> ?1",
        args![SYSTEM_USER_ID],
    )?;
    let entries: i64 = tx.scalar("SELECT count(*) FROM audit_log", args![])?;
    let set_up = super::reference::setting(tx, "center_name")?.is_some();
    if complaints + users + entries > 0 || set_up {
        return Err(MoveError::ServerInUse {
            complaints,
            users,
            entries,
        });
    }
    // The upgrade flags the server's migrations may have set give way to the file's.
    tx.batch("DELETE FROM outcomes_pending; DELETE FROM standing_pending")?;
    // Departments name their heads and users their departments: the heads are named
    // once the users are there (the server checks each reference at once).
    let heads = read
        .prepare("SELECT id, head_user_id FROM departments WHERE head_user_id IS NOT NULL")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rows = Vec::new();
    for &table in RECORDED_TABLES {
        let columns = shared_columns(&read, tx, table)?;
        let copied = copy_table(&read, &writing, table, &columns)?;
        rows.push((table, copied));
        if table == "users" {
            for &(department, head) in &heads {
                tx.execute(
                    "UPDATE departments SET head_user_id = ?1 WHERE id = ?2",
                    args![head, department],
                )?;
            }
        }
    }
    for (sha, bytes) in &payloads {
        super::attachments::put_file(tx, sha, bytes)?;
    }
    if let (Some(k), Some((last, _))) = (&key, audit::last(&*read)?) {
        if last >= k.key.from {
            audit::carry_key(tx, k.installation, k.key, last)?;
            if let Some(row) = rows.iter_mut().find(|(t, _)| *t == "carried_audit_keys") {
                row.1 += 1;
            }
        }
    }
    // The ids the desks' next rows take follow the copied ones.
    let identities = tx.all(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
        args![],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
    )?;
    for (table, column) in identities {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence(?1, ?2), max({column}))
                 FROM {table} HAVING max({column}) IS NOT NULL"
            ),
            args![table.as_str(), column.as_str()],
        )?;
    }

    // The same on both sides before anything is kept.
    for &(table, copied) in &rows {
        let landed: i64 = tx.scalar(
            &format!("SELECT count(*) FROM {table}{}", moved_rows(table)),
            args![],
        )?;
        if landed != copied {
            return Err(MoveError::Mismatch(format!(
                "{table}：文件 {copied} 行，服务器 {landed} 行"
            )));
        }
    }
    let on_server = audit::verify(tx, None)?;
    if on_server.first_broken.is_some()
        || on_server.entries != checked.entries
        || on_server.last_hash != checked.last_hash
    {
        return Err(MoveError::Mismatch(format!(
            "审计链：文件 {} 条，服务器 {} 条{}",
            checked.entries,
            on_server.entries,
            on_server
                .first_broken
                .map(|id| format!("，服务器上第 {id} 条对不上"))
                .unwrap_or_default()
        )));
    }
    let moved = Moved {
        rows,
        files: payloads.len(),
        entries: checked.entries,
        last_hash: checked.last_hash,
    };
    audit::append(
        tx,
        None,
        &AuditEntry {
            at: now,
            actor_id: SYSTEM_USER_ID,
            action: "database.migrate",
            entity: "database",
            entity_id: None,
            before: None,
            after: Some(
                serde_json::json!({
                    "installation": key.as_ref().map(|k| k.installation),
                    "complaints": moved.of("complaints"),
                    "auditEntries": moved.entries,
                    "lastHash": moved.last_hash,
                    "attachmentFiles": moved.files,
                })
                .to_string(),
            ),
        },
    )?;
    writing.commit()?;
    drop(read);
    Ok(moved)
}

/// Which rows of `table` are moved: the file's installation id stays with the file (its
/// key keeps to the file's own entries, carried beside them), and the server's system
/// account, made by its migrations, stays as it is.
fn moved_rows(table: &str) -> String {
    match table {
        "settings" => format!(" WHERE key <> '{}'", crate::seal::INSTALLATION_SETTING),
        "users" => format!(" WHERE id <> {SYSTEM_USER_ID}"),
        _ => String::new(),
    }
}

/// Copies the moved rows of `table` from the file onto the server in one `COPY`;
/// returns how many there were.
fn copy_table(
    file: &rusqlite::Connection,
    server: &Tx<'_>,
    table: &str,
    columns: &[String],
) -> Result<i64> {
    if columns.is_empty() {
        return Ok(0);
    }
    let list = columns.join(", ");
    // A department's head is named once the users are there.
    let blank: Vec<bool> = columns
        .iter()
        .map(|c| table == "departments" && c == "head_user_id")
        .collect();
    let mut query = file.prepare(&format!(
        "SELECT {list} FROM {table}{} ORDER BY 1",
        moved_rows(table)
    ))?;
    let mut found = query.query([])?;
    let mut count = 0i64;
    let mut line = Vec::with_capacity(4096);
    server.copy_in(&format!("COPY {table} ({list}) FROM STDIN"), &mut |out| {
        let lost = |e: std::io::Error| StorageError::ServerLost(e.to_string());
        while let Some(r) = found.next()? {
            let row = Row::Sqlite(r);
            line.clear();
            for (i, blank) in blank.iter().enumerate() {
                if i > 0 {
                    line.push(b'\t');
                }
                let value = if *blank { Value::Null } else { row.value(i)? };
                copy_text(&value, &mut line);
            }
            line.push(b'\n');
            out.write_all(&line).map_err(lost)?;
            count += 1;
        }
        Ok(())
    })?;
    Ok(count)
}

/// A value in `COPY`'s text format: `\N` for NULL, text with its backslashes, tabs and
/// line breaks escaped, bytes as `\\x` and hex digits.
fn copy_text(value: &Value, out: &mut Vec<u8>) {
    use std::io::Write;
    match value {
        Value::Null => out.extend_from_slice(b"\\N"),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Real(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Text(t) => {
            for b in t.bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
        Value::Blob(bytes) => {
            out.extend_from_slice(b"\\\\x");
            for b in bytes {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_in_copys_text_format() {
        let text = |v: Value| {
            let mut out = Vec::new();
            copy_text(&v, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(text(Value::Null), "\\N");
        assert_eq!(text(Value::Int(-42)), "-42");
        assert_eq!(text(Value::Real(2.5)), "2.5");
        assert_eq!(
            text(Value::Text("漏水\t3\\2\n楼\r".into())),
            "漏水\\t3\\\\2\\n楼\\r"
        );
        assert_eq!(text(Value::Blob(vec![0, 0xab])), "\\\\x00ab");
    }
}
