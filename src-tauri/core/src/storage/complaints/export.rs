//! The export: every registered field of the complaints a list query finds.

use super::*;
use crate::storage::db::Db;

/// One complaint of the export: every registered field, with its names resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    /// The stored complaint.
    pub complaint: Complaint,
    /// 接待员.
    pub receptionist: String,
    /// 被投诉部门.
    pub department: String,
    /// 投诉类别.
    pub category: String,
}

/// Every complaint the list's filters match (no paging), in the list's order.
pub fn export(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    now: DateTime<Utc>,
) -> Result<Vec<ExportRow>> {
    let (filter, args) = filter(q, range, now);
    let columns: Vec<String> = COLUMNS
        .split(',')
        .map(|c| format!("c.{}", c.trim()))
        .collect();
    let sql = format!(
        "SELECT {}, u.display_name, d.name, k.name
         FROM complaints c JOIN users u ON u.id = c.receptionist_id
            JOIN departments d ON d.id = c.department_id JOIN categories k ON k.id = c.category_id
         {filter} ORDER BY {}",
        columns.join(", "),
        order(q)
    );
    conn.all(&sql, &args, |r| {
        Ok(ExportRow {
            complaint: read(r)?,
            receptionist: r.get(28)?,
            department: r.get(29)?,
            category: r.get(30)?,
        })
    })
}
