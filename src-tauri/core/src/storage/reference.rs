//! Departments, categories, settings and deadline-policy versions.

use super::{from_ms, ms, Result, StorageError};
use crate::deadline::DeadlinePolicy;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// A department that complaints can be made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Department {
    /// Row id.
    #[ts(type = "number")]
    pub id: i64,
    /// 部门名称.
    pub name: String,
    /// Its head (a user with the department-head role).
    #[ts(type = "number | null")]
    pub head_user_id: Option<i64>,
    /// Inactive departments are kept for history but not offered.
    pub active: bool,
}

/// A category tag for hot-spot analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Category {
    /// Row id.
    #[ts(type = "number")]
    pub id: i64,
    /// 类别名称.
    pub name: String,
    /// Inactive categories are kept for history but not offered.
    pub active: bool,
}

/// Adds a department.
pub fn insert_department(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO departments (name) VALUES (?1)")?
        .execute([name])?;
    Ok(conn.last_insert_rowid())
}

/// Sets a department's head.
pub fn set_department_head(conn: &Connection, id: i64, head: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE departments SET head_user_id = ?2 WHERE id = ?1",
        params![id, head],
    )?;
    Ok(())
}

/// Renames, re-heads or (de)activates a department.
pub fn update_department(conn: &Connection, d: &Department) -> Result<()> {
    conn.execute(
        "UPDATE departments SET name = ?2, head_user_id = ?3, active = ?4 WHERE id = ?1",
        params![d.id, d.name, d.head_user_id, d.active],
    )?;
    Ok(())
}

/// Renames or (de)activates a category.
pub fn update_category(conn: &Connection, c: &Category) -> Result<()> {
    conn.execute(
        "UPDATE categories SET name = ?2, active = ?3 WHERE id = ?1",
        params![c.id, c.name, c.active],
    )?;
    Ok(())
}

/// All departments, by id.
pub fn departments(conn: &Connection) -> Result<Vec<Department>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, head_user_id, active FROM departments ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Department {
            id: r.get(0)?,
            name: r.get(1)?,
            head_user_id: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a category.
pub fn insert_category(conn: &Connection, name: &str, sort: i64) -> Result<i64> {
    conn.prepare_cached("INSERT INTO categories (name, sort) VALUES (?1, ?2)")?
        .execute(params![name, sort])?;
    Ok(conn.last_insert_rowid())
}

/// All categories, in display order.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, active FROM categories ORDER BY sort, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Category {
            id: r.get(0)?,
            name: r.get(1)?,
            active: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A setting's value.
pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Sets a setting.
pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Saves a new policy version and returns its number.
pub fn insert_policy(
    conn: &Connection,
    policy: &DeadlinePolicy,
    by: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let json =
        serde_json::to_string(policy).map_err(|e| StorageError::Unreadable(e.to_string()))?;
    conn.execute(
        "INSERT INTO policy_versions (version, created_at, created_by, policy)
         VALUES ((SELECT coalesce(max(version), 0) + 1 FROM policy_versions), ?1, ?2, ?3)",
        params![ms(now), by, json],
    )?;
    Ok(conn.last_insert_rowid())
}

fn parse_policy(version: i64, json: &str) -> Result<DeadlinePolicy> {
    serde_json::from_str(json)
        .map_err(|e| StorageError::Unreadable(format!("policy {version}: {e}")))
}

/// The version in force now (the newest), if any.
pub fn current_policy(conn: &Connection) -> Result<Option<(i64, DeadlinePolicy)>> {
    let row: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT version, policy FROM policy_versions ORDER BY version DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(v, json)| parse_policy(v, &json).map(|p| (v, p)))
        .transpose()
}

/// A given version.
pub fn policy(conn: &Connection, version: i64) -> Result<DeadlinePolicy> {
    let json: String = conn
        .prepare_cached("SELECT policy FROM policy_versions WHERE version = ?1")?
        .query_row([version], |r| r.get(0))?;
    parse_policy(version, &json)
}

/// Every version with when it was made.
pub fn policies(conn: &Connection) -> Result<Vec<(i64, DateTime<Utc>, DeadlinePolicy)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, created_at, policy FROM policy_versions ORDER BY version",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (v, at, json) = row?;
        Ok((v, from_ms(at), parse_policy(v, &json)?))
    })
    .collect()
}
