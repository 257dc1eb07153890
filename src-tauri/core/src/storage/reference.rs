//! Departments, categories, settings and deadline-policy versions.

use super::db::{args, Db};
use super::{from_ms, ms, Result, StorageError};
use crate::deadline::DeadlinePolicy;
use chrono::{DateTime, Utc};
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
pub fn insert_department(conn: &dyn Db, name: &str) -> Result<i64> {
    conn.scalar::<i64>(
        "INSERT INTO departments (name) VALUES (?1) RETURNING id",
        args![name],
    )
}

/// Sets a department's head.
pub fn set_department_head(conn: &dyn Db, id: i64, head: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE departments SET head_user_id = ?2 WHERE id = ?1",
        args![id, head],
    )?;
    Ok(())
}

/// Renames, re-heads or (de)activates a department.
pub fn update_department(conn: &dyn Db, d: &Department) -> Result<()> {
    conn.execute(
        "UPDATE departments SET name = ?2, head_user_id = ?3, active = ?4 WHERE id = ?1",
        args![d.id, &d.name, d.head_user_id, d.active],
    )?;
    Ok(())
}

/// Renames or (de)activates a category.
pub fn update_category(conn: &dyn Db, c: &Category) -> Result<()> {
    conn.execute(
        "UPDATE categories SET name = ?2, active = ?3 WHERE id = ?1",
        args![c.id, &c.name, c.active],
    )?;
    Ok(())
}

/// All departments, by id.
pub fn departments(conn: &dyn Db) -> Result<Vec<Department>> {
    conn.all(
        "SELECT id, name, head_user_id, active FROM departments ORDER BY id",
        args![],
        |r| {
            Ok(Department {
                id: r.get::<i64>(0)?,
                name: r.get::<String>(1)?,
                head_user_id: r.get::<Option<i64>>(2)?,
                active: r.get::<bool>(3)?,
            })
        },
    )
}

/// Adds a category.
pub fn insert_category(conn: &dyn Db, name: &str, sort: i64) -> Result<i64> {
    conn.scalar::<i64>(
        "INSERT INTO categories (name, sort) VALUES (?1, ?2) RETURNING id",
        args![name, sort],
    )
}

/// All categories, in display order.
pub fn categories(conn: &dyn Db) -> Result<Vec<Category>> {
    conn.all(
        "SELECT id, name, active FROM categories ORDER BY sort, id",
        args![],
        |r| {
            Ok(Category {
                id: r.get::<i64>(0)?,
                name: r.get::<String>(1)?,
                active: r.get::<bool>(2)?,
            })
        },
    )
}

/// A setting's value.
pub fn setting(conn: &dyn Db, key: &str) -> Result<Option<String>> {
    conn.opt(
        "SELECT value FROM settings WHERE key = ?1",
        args![key],
        |r| r.get::<String>(0),
    )
}

/// Sets a setting.
pub fn set_setting(conn: &dyn Db, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        args![key, value],
    )?;
    Ok(())
}

/// Saves a new policy version and returns its number.
pub fn insert_policy(
    conn: &dyn Db,
    policy: &DeadlinePolicy,
    by: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let json =
        serde_json::to_string(policy).map_err(|e| StorageError::Unreadable(e.to_string()))?;
    conn.scalar::<i64>(
        "INSERT INTO policy_versions (version, created_at, created_by, policy)
         VALUES ((SELECT coalesce(max(version), 0) + 1 FROM policy_versions), ?1, ?2, ?3)
         RETURNING version",
        args![ms(now), by, json],
    )
}

fn parse_policy(version: i64, json: &str) -> Result<DeadlinePolicy> {
    serde_json::from_str(json)
        .map_err(|e| StorageError::Unreadable(format!("policy {version}: {e}")))
}

/// The version in force now (the newest), if any.
pub fn current_policy(conn: &dyn Db) -> Result<Option<(i64, DeadlinePolicy)>> {
    conn.opt(
        "SELECT version, policy FROM policy_versions ORDER BY version DESC LIMIT 1",
        args![],
        |r| {
            let version = r.get::<i64>(0)?;
            Ok((version, parse_policy(version, &r.get::<String>(1)?)?))
        },
    )
}

/// A given version.
pub fn policy(conn: &dyn Db, version: i64) -> Result<DeadlinePolicy> {
    let json = conn.one(
        "SELECT policy FROM policy_versions WHERE version = ?1",
        args![version],
        |r| r.get::<String>(0),
    )?;
    parse_policy(version, &json)
}

/// Every version with when it was made.
pub fn policies(conn: &dyn Db) -> Result<Vec<(i64, DateTime<Utc>, DeadlinePolicy)>> {
    conn.all(
        "SELECT version, created_at, policy FROM policy_versions ORDER BY version",
        args![],
        |r| {
            let version = r.get::<i64>(0)?;
            let at = r.get::<i64>(1)?;
            let policy = parse_policy(version, &r.get::<String>(2)?)?;
            Ok((version, from_ms(at), policy))
        },
    )
}
