//! Users: created and disabled, never deleted.

use super::db::{args, Db, Dialect, Row};
use super::{ms, Result, StorageError};
use crate::model::{Role, User};
use chrono::{DateTime, Utc};

/// A user as stored, with what login needs.
#[derive(Debug, Clone)]
pub struct StoredUser {
    /// The user.
    pub user: User,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Disabled users cannot log in.
    pub active: bool,
}

const COLUMNS: &str =
    "id, username, display_name, role, department_id, password_hash, active, extra_roles";

fn read(r: &Row) -> Result<StoredUser> {
    let role = r.code(3, Role::from_code)?;
    let mut roles = vec![role];
    for extra in r.get::<String>(7)?.split(',').filter(|c| !c.is_empty()) {
        let extra = Role::from_code(extra)
            .ok_or_else(|| StorageError::Unreadable(format!("unknown role {extra:?}")))?;
        if !roles.contains(&extra) {
            roles.push(extra);
        }
    }
    Ok(StoredUser {
        user: User {
            id: r.get(0)?,
            username: r.get(1)?,
            display_name: r.get(2)?,
            role,
            department_id: r.get(4)?,
            roles,
        },
        password_hash: r.get(5)?,
        active: r.get(6)?,
    })
}

/// Adds a user and returns its id.
pub fn insert(
    conn: &dyn Db,
    username: &str,
    display_name: &str,
    role: Role,
    department_id: Option<i64>,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.scalar(
        "INSERT INTO users (username, display_name, role, department_id, password_hash, active, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) RETURNING id",
        args![username, display_name, role.code(), department_id, password_hash, ms(now)],
    )
}

/// The roles beside the main one, as stored (codes joined by commas).
pub fn extra_roles_code(main: Role, roles: &[Role]) -> String {
    roles
        .iter()
        .filter(|r| **r != main)
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Sets a user's name, roles and department.
pub fn update(
    conn: &dyn Db,
    id: i64,
    display_name: &str,
    roles: &[Role],
    department_id: Option<i64>,
) -> Result<()> {
    let main = roles.first().copied().unwrap_or(Role::Receptionist);
    conn.execute(
        "UPDATE users SET display_name = ?2, role = ?3, extra_roles = ?4, department_id = ?5
         WHERE id = ?1 AND id <> 0",
        args![
            id,
            display_name,
            main.code(),
            extra_roles_code(main, roles),
            department_id
        ],
    )?;
    Ok(())
}

/// By login name (case-insensitive: SQLite's column folds ASCII, the server's unique
/// index is on `lower(username)`; login names are ASCII).
pub fn by_username(conn: &dyn Db, username: &str) -> Result<Option<StoredUser>> {
    let sql = match conn.dialect() {
        Dialect::Sqlite => format!("SELECT {COLUMNS} FROM users WHERE username = ?1 AND id <> 0"),
        Dialect::Postgres => {
            format!("SELECT {COLUMNS} FROM users WHERE lower(username) = lower(?1) AND id <> 0")
        }
    };
    conn.opt(&sql, args![username], read)
}

/// By id.
pub fn by_id(conn: &dyn Db, id: i64) -> Result<Option<StoredUser>> {
    conn.opt(
        &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
        args![id],
        read,
    )
}

/// Everyone who can log in or could, by name.
pub fn all(conn: &dyn Db) -> Result<Vec<StoredUser>> {
    conn.all(
        &format!("SELECT {COLUMNS} FROM users WHERE id <> 0 ORDER BY id"),
        args![],
        read,
    )
}

/// How many users exist (the system user aside).
pub fn count(conn: &dyn Db) -> Result<i64> {
    conn.scalar("SELECT count(*) FROM users WHERE id <> 0", args![])
}

/// Enables or disables a user.
pub fn set_active(conn: &dyn Db, id: i64, active: bool) -> Result<()> {
    conn.execute(
        "UPDATE users SET active = ?2 WHERE id = ?1",
        args![id, active],
    )?;
    Ok(())
}

/// Replaces a user's password hash.
pub fn set_password_hash(conn: &dyn Db, id: i64, hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        args![id, hash],
    )?;
    Ok(())
}

/// How a typed login name stands: wrong passwords in a row, lockouts so far, and until
/// when it waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Throttle {
    /// Wrong passwords since the last lockout or success.
    pub failed: i64,
    /// Lockouts since the last success.
    pub lockouts: i64,
    /// The current wait, if any.
    pub locked_until: Option<DateTime<Utc>>,
}

/// The throttle of a typed login name (lowercased), known to the desk or not.
pub fn throttle(conn: &dyn Db, name: &str) -> Result<Throttle> {
    Ok(conn
        .opt(
            "SELECT failed, lockouts, locked_until FROM login_throttle WHERE name = ?1",
            args![name],
            |r| {
                Ok(Throttle {
                    failed: r.get(0)?,
                    lockouts: r.get(1)?,
                    locked_until: r.get::<Option<i64>>(2)?.map(super::from_ms),
                })
            },
        )?
        .unwrap_or_default())
}

/// Records a name's throttle; a clean one is removed.
pub fn set_throttle(conn: &dyn Db, name: &str, t: &Throttle) -> Result<()> {
    if *t == Throttle::default() {
        conn.execute("DELETE FROM login_throttle WHERE name = ?1", args![name])?;
    } else {
        conn.execute(
            "INSERT INTO login_throttle (name, failed, lockouts, locked_until)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET failed = ?2, lockouts = ?3, locked_until = ?4",
            args![name, t.failed, t.lockouts, t.locked_until.map(ms)],
        )?;
    }
    Ok(())
}
