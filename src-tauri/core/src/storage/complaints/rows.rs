//! The lines of lists, queues and the repeat panel, with their open deadlines.

use super::*;
use crate::storage::db::{args, Db, Row as DbRow};

/// Reads [`open_json`] back as the row shows it; anything unreadable is left out.
fn open_read(raw: Option<&str>, tz: Tz, now: DateTime<Utc>) -> Vec<RowDeadline> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(raw) else {
        return Vec::new();
    };
    let local = |t: i64| from_ms(t).with_timezone(&tz).fixed_offset();
    items
        .iter()
        .filter_map(|item| {
            let kind = DeadlineKind::from_code(item.get(0)?.as_str()?)?;
            let (started, due) = (item.get(1)?.as_i64()?, item.get(2)?.as_i64()?);
            let paused = item.get(3)?.as_i64()? != 0;
            // A row written before the warning ladder (restated on first open) warns in
            // the last quarter of its window.
            let warn = item
                .get(4)
                .and_then(serde_json::Value::as_i64)
                .unwrap_or_else(|| due - due.saturating_sub(started).max(0) / 4);
            let overdue = !paused && from_ms(due) < now;
            Some(RowDeadline {
                kind,
                started_at: local(started),
                due_at: local(due),
                warn_at: local(warn),
                paused,
                overdue,
                warning: !paused && !overdue && from_ms(warn) <= now,
            })
        })
        .collect()
}

/// An open deadline of a list or queue line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowDeadline {
    /// Which.
    pub kind: DeadlineKind,
    /// Its clock started, in the center's zone.
    pub started_at: DateTime<FixedOffset>,
    /// Due, in the center's zone.
    pub due_at: DateTime<FixedOffset>,
    /// It turns amber (预警), in the center's zone.
    pub warn_at: DateTime<FixedOffset>,
    /// Stopped while waiting on the resident.
    pub paused: bool,
    /// Past due.
    pub overdue: bool,
    /// In its warning share (预警), not yet past due.
    pub warning: bool,
}

/// A line of a list, queue or repeat panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintRow {
    /// Row id.
    #[ts(type = "number")]
    pub id: i64,
    /// 投诉编号.
    pub case_no: String,
    /// 受理时间, in the center's zone.
    pub received_at: DateTime<FixedOffset>,
    /// 受理方式.
    pub channel: Channel,
    /// 住户姓名.
    pub resident_name: String,
    /// 房号.
    pub room: String,
    /// 联系电话.
    pub phone: String,
    /// 被投诉部门.
    pub department_name: String,
    /// 投诉类别.
    pub category_name: String,
    /// 投诉等级.
    pub severity: Severity,
    /// Where it stands.
    pub state: ComplaintState,
    /// 有效投诉.
    pub valid: bool,
    /// The earliest open deadline, in the center's zone.
    pub next_due_at: Option<DateTime<FixedOffset>>,
    /// Which deadline that is.
    pub next_due_kind: Option<DeadlineKind>,
    /// Past its earliest open deadline.
    pub overdue: bool,
    /// Its earliest open deadline is in its warning share (预警), not yet past.
    pub warning: bool,
    /// The end of the day promised to the resident for the next reply, while it is owed.
    pub reply_due_at: Option<DateTime<FixedOffset>>,
    /// Every deadline not yet met, in procedure order.
    pub open_deadlines: Vec<RowDeadline>,
    /// 保密: the resident asked to stay anonymous.
    pub confidential: bool,
    /// The resident's name, phone and room are masked for this viewer.
    pub masked: bool,
    /// Registered outside office hours by its policy's working calendar.
    pub after_hours: bool,
}

/// The rows of the list and the dashboard. `CROSS JOIN` keeps complaints the outer loop
/// (SQLite never reorders it), so that a filter's index range is walked in its order and
/// the names are looked up for the rows kept, whatever the statistics say. The last
/// column (18, the department's id) is not part of the row: [`crossed`] reads it beside.
pub(super) const ROW_SELECT: &str =
    "SELECT c.id, c.case_no, c.received_at, c.channel, c.resident_name, c.room, c.phone,
    d.name, k.name, c.severity, c.state, c.valid, c.next_due_at, c.next_due_kind, c.reply_due_at,
    c.open_deadlines, c.confidential, c.after_hours, c.department_id
    FROM complaints c CROSS JOIN departments d ON d.id = c.department_id
    CROSS JOIN categories k ON k.id = c.category_id";

/// The rows of the complaints `from` (`complaints c` and its filter) gives in `order`,
/// `limit` (`LIMIT n`, with an `OFFSET`) of them, in that order. Their ids are picked
/// first, from the indexes alone where they cover the filter and the order, so that the
/// complaints passed over are index entries, and the names are joined for the rows kept.
pub(super) fn picked_rows(from: &str, order: &str, limit: &str) -> String {
    format!(
        "{ROW_SELECT} WHERE c.id IN (SELECT c.id FROM {from} ORDER BY {order} {limit})
         ORDER BY {order}"
    )
}

/// How many columns [`ROW_SELECT`] gives (a column added after them is at this index).
pub(super) const ROW_COLUMNS: usize = 19;

pub(super) fn read_row(r: &DbRow, tz: Tz, now: DateTime<Utc>) -> Result<ComplaintRow> {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
    let next_due: Option<DateTime<Utc>> = r.get::<Option<i64>>(12)?.map(from_ms);
    Ok(ComplaintRow {
        id: r.get(0)?,
        case_no: r.get(1)?,
        received_at: local(from_ms(r.get(2)?)),
        channel: r.code(3, Channel::from_code)?,
        resident_name: r.get(4)?,
        room: r.get(5)?,
        phone: r.get(6)?,
        department_name: r.get(7)?,
        category_name: r.get(8)?,
        severity: r.code(9, Severity::from_code)?,
        state: r.code(10, ComplaintState::from_code)?,
        valid: r.get(11)?,
        next_due_at: next_due.map(local),
        next_due_kind: match r.get::<Option<String>>(13)? {
            Some(k) => Some(code(&k, DeadlineKind::from_code)?),
            None => None,
        },
        overdue: next_due.is_some_and(|d| d < now),
        warning: false,
        reply_due_at: r.get::<Option<i64>>(14)?.map(|t| local(from_ms(t))),
        open_deadlines: open_read(r.get::<Option<String>>(15)?.as_deref(), tz, now),
        confidential: r.get(16)?,
        masked: false,
        after_hours: r.get(17)?,
    })
    .map(|mut row: ComplaintRow| {
        row.warning = row.open_deadlines.iter().any(|o| {
            Some(o.kind) == row.next_due_kind && Some(o.due_at) == row.next_due_at && o.warning
        });
        row
    })
}

/// One row by id.
pub fn row(conn: &dyn Db, id: i64, tz: Tz, now: DateTime<Utc>) -> Result<Option<ComplaintRow>> {
    conn.opt(&format!("{ROW_SELECT} WHERE c.id = ?1"), args![id], |r| {
        read_row(r, tz, now)
    })
}

/// The same room or phone: open complaints, and any registered since `since` (repeat
/// detection, evidence for major (a)). Most recent first.
pub fn repeats(
    conn: &dyn Db,
    room: &str,
    phone: &str,
    since: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<ComplaintRow>> {
    let sql = format!(
        "{ROW_SELECT} WHERE c.id IN (
            SELECT id FROM complaints WHERE room = ?1 AND ?1 <> ''
            UNION SELECT id FROM complaints WHERE phone = ?2 AND ?2 <> '')
          AND (c.received_at >= ?3 OR c.state NOT IN ('archived', 'voided'))
         ORDER BY c.received_at DESC LIMIT 50"
    );
    conn.all(&sql, args![room, phone, ms(since)], |r| {
        read_row(r, tz, now)
    })
}
