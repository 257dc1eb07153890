//! The dashboard's queues: what waits on whom, in due order.

use super::*;
use crate::storage::db::{args, Db, Dialect};
use crate::storage::StorageError;

/// A dashboard queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Queue {
    /// 待派发.
    ToDispatch,
    /// 非工作时间登记: registered after hours and not yet dispatched, with the time their
    /// clocks start.
    AfterHours,
    /// 待转呈.
    ToForward,
    /// 处理中 (including waiting on the resident).
    InHandling,
    /// 待审批延期: for a manager or the general manager, those the severity gives them.
    ToApproveExtension,
    /// 待返回.
    ToReturn,
    /// 待签批.
    ToSignOff,
    /// 待回复住户.
    ToNotify,
    /// 约定答复到期: replies promised to residents (跟清楚), by the promised day.
    ToReply,
    /// 待回访: callbacks due, residents to call again, unsatisfied ones to reopen.
    ToCallback,
    /// 待归档: called back satisfied, excluded, or unreachable after the tries allowed.
    ToArchive,
    /// 已逾期.
    Overdue,
}

impl Queue {
    /// Every queue, in procedure order.
    pub const ALL: [Queue; 12] = [
        Queue::ToDispatch,
        Queue::AfterHours,
        Queue::ToForward,
        Queue::InHandling,
        Queue::ToApproveExtension,
        Queue::ToReturn,
        Queue::ToSignOff,
        Queue::ToNotify,
        Queue::ToReply,
        Queue::ToCallback,
        Queue::ToArchive,
        Queue::Overdue,
    ];

    /// Where the queue's complaints are found: one index range each, walked in due order.
    fn parts(self) -> &'static [Part] {
        match self {
            Queue::ToDispatch => &[Part::State("registered")],
            Queue::AfterHours => &[Part::AfterHours],
            Queue::ToForward => &[Part::Due(Due::Forward)],
            Queue::InHandling => &[
                Part::State("dispatched"),
                Part::State("inHandling"),
                Part::State("waitingOnResident"),
            ],
            Queue::ToApproveExtension => &[Part::Awaiting(Awaiting::ExtensionDecision)],
            Queue::ToReturn => &[Part::Kind("return")],
            Queue::ToSignOff => &[Part::State("awaitingSignOff")],
            Queue::ToNotify => &[Part::Kind("notify")],
            Queue::ToReply => &[Part::Due(Due::Reply)],
            Queue::ToCallback => &[
                Part::Kind("callback"),
                Part::Awaiting(Awaiting::CallbackAgain),
                Part::Awaiting(Awaiting::Reopen),
            ],
            Queue::ToArchive => &[Part::Awaiting(Awaiting::Archive)],
            Queue::Overdue => &[Part::Overdue],
        }
    }
}

/// One index range of a queue.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// Complaints in this state (index `(state, next_due_at)`, or
    /// `(department_id, state, next_due_at)` for a department).
    State(&'static str),
    /// Complaints whose next deadline is of this kind (`(next_due_kind, next_due_at)`).
    Kind(&'static str),
    /// Complaints waiting for this (`(awaiting, next_due_at)`, migration 011).
    Awaiting(Awaiting),
    /// Complaints with this deadline open, by its due time (a column of its own).
    Due(Due),
    /// Complaints registered after hours, not yet dispatched (`(state, next_due_at)
    /// WHERE after_hours = 1`, or `(department_id, state, next_due_at) WHERE after_hours
    /// = 1` for a department, migration 020).
    AfterHours,
    /// Complaints past their next deadline (`(next_due_at)`, or
    /// `(department_id, next_due_at)` for a department).
    Overdue,
}

/// A deadline kept in a column of its own so that a queue can walk it in due order even
/// when another deadline falls due first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Due {
    /// 转呈 (`forward_due_at`, migration 014).
    Forward,
    /// 约定答复 (`reply_due_at`, migration 011).
    Reply,
}

impl Due {
    fn column(self) -> &'static str {
        match self {
            Due::Forward => "c.forward_due_at",
            Due::Reply => "c.reply_due_at",
        }
    }

    fn kind(self) -> DeadlineKind {
        match self {
            Due::Forward => DeadlineKind::Forward,
            Due::Reply => DeadlineKind::PromisedReply,
        }
    }
}

/// Who reads a queue: a department head only their department's complaints; a manager
/// or the general manager only the extension requests their approval decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueScope {
    /// Only this department.
    pub department: Option<i64>,
    /// The approver reading 待审批延期.
    pub approver: Option<crate::model::Role>,
}

/// The statements of one index range of a queue: how many; the most urgent `limit` with a
/// due time, in due order; and (only where a complaint can have none, e.g. while the
/// clock waits on the resident) the first `limit` without one. Each binds `?1` = now (ms)
/// (named even where unused, typed so that PostgreSQL knows it) and, for a department,
/// `?2` = the department. Every one is a walk of one index range
/// that stops at `limit`, never a sort of the whole queue.
pub fn queue_statements(q: Queue, scope: QueueScope, limit: u32) -> Vec<[Option<String>; 3]> {
    statements(q, scope, limit, false)
}

/// [`queue_statements`]; with `ids_first`, each walk picks its complaints' ids and only
/// then joins their rows with the names (the server: with the names joined inside the
/// walk, its planner, expecting a handful of rows, hashed them and sorted what the index
/// gave in order, 2,400 complaints of one department's 待派发 for its first 20).
fn statements(
    q: Queue,
    scope: QueueScope,
    limit: u32,
    ids_first: bool,
) -> Vec<[Option<String>; 3]> {
    let walk = |filter: &str, order: &str| {
        if ids_first {
            picked_rows(
                &format!("complaints c WHERE {filter}"),
                order,
                &format!("LIMIT {limit}"),
            )
        } else {
            format!("{ROW_SELECT} WHERE {filter} ORDER BY {order} LIMIT {limit}")
        }
    };
    let dept = if scope.department.is_some() {
        " AND c.department_id = ?2"
    } else {
        ""
    };
    q.parts()
        .iter()
        .map(|part| {
            let (filter, due, undated) = match part {
                Part::State(state) => (
                    format!("c.state = '{state}' AND CAST(?1 AS BIGINT) IS NOT NULL{dept}"),
                    "c.next_due_at",
                    true,
                ),
                Part::Kind(kind) => (
                    format!("c.next_due_kind = '{kind}' AND CAST(?1 AS BIGINT) IS NOT NULL{dept}"),
                    "c.next_due_at",
                    false,
                ),
                Part::Awaiting(a) => {
                    // The approver the severity requires (1.10).
                    let approver = match (a, scope.approver) {
                        (Awaiting::ExtensionDecision, Some(crate::model::Role::Manager)) => {
                            " AND c.severity = 'minor'"
                        }
                        (Awaiting::ExtensionDecision, Some(crate::model::Role::GeneralManager)) => {
                            " AND c.severity <> 'minor'"
                        }
                        _ => "",
                    };
                    (
                        format!("c.awaiting = '{}' AND CAST(?1 AS BIGINT) IS NOT NULL{dept}{approver}", a.code()),
                        "c.next_due_at",
                        true,
                    )
                }
                Part::Due(d) => (
                    format!("{} IS NOT NULL AND CAST(?1 AS BIGINT) IS NOT NULL{dept}", d.column()),
                    d.column(),
                    false,
                ),
                Part::AfterHours => (
                    format!("c.after_hours = 1 AND c.state = 'registered' AND CAST(?1 AS BIGINT) IS NOT NULL{dept}"),
                    "c.next_due_at",
                    true,
                ),
                Part::Overdue => (format!("c.next_due_at < ?1{dept}"), "c.next_due_at", false),
            };
            // A deadline's own column is already required not null by its filter; said
            // twice, the server's planner counts its selectivity twice, expects a handful
            // of rows and sorts them all instead of walking the index in due order.
            let dated = if matches!(part, Part::Due(_)) {
                String::new()
            } else {
                format!(" AND {due} IS NOT NULL")
            };
            [
                Some(format!("SELECT count(*) FROM complaints c WHERE {filter}")),
                Some(walk(&format!("{filter}{dated}"), &format!("{due}, c.id"))),
                undated.then(|| walk(&format!("{filter} AND {due} IS NULL"), "c.id")),
            ]
        })
        .collect()
}

/// What [`queue_statements`] bind.
pub fn queue_args(department: Option<i64>, now: DateTime<Utc>) -> Vec<Value> {
    let mut args = vec![Value::Int(ms(now))];
    args.extend(department.map(Value::Int));
    args
}

/// One queue: how many, and the most urgent `limit` of them (earliest due first, those
/// without a due time last), within the reader's scope. A row of 约定答复到期 counts down
/// to the promised day (its `next_due_*` say so).
pub fn queue(
    conn: &dyn Db,
    q: Queue,
    scope: QueueScope,
    limit: u32,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<ComplaintRow>)> {
    let args = queue_args(scope.department, now);
    let mut read = Vec::new();
    for [total, due, none] in queue_statements(q, scope, limit) {
        let count = match total {
            Some(sql) => conn.scalar::<i64>(&sql, &args)?,
            None => 0,
        };
        let rows = |sql: Option<String>| -> Result<Vec<ComplaintRow>> {
            match sql {
                Some(sql) => conn.all(&sql, &args, |r| read_row(r, tz, now)),
                None => Ok(Vec::new()),
            }
        };
        read.push(PartRead {
            count,
            dated: rows(due)?,
            undated: rows(none)?,
        });
    }
    Ok(assemble(q, read, limit))
}

/// What one index range of a queue gave.
#[derive(Default)]
struct PartRead {
    count: i64,
    dated: Vec<ComplaintRow>,
    undated: Vec<ComplaintRow>,
}

/// A queue from what its parts gave: the counts summed, the rows with a due time in due
/// order, then those without one, the first `limit` kept.
fn assemble(q: Queue, read: Vec<PartRead>, limit: u32) -> (i64, Vec<ComplaintRow>) {
    let (mut count, mut dated, mut undated) = (0, Vec::new(), Vec::new());
    for (part, read) in q.parts().iter().zip(read) {
        count += read.count;
        for mut row in read.dated {
            // A queue of one deadline counts down to that deadline.
            if let Part::Due(d) = part {
                if let Some(o) = row.open_deadlines.iter().find(|o| o.kind == d.kind()) {
                    row.next_due_at = Some(o.due_at);
                    row.next_due_kind = Some(o.kind);
                    row.overdue = o.overdue;
                    row.warning = o.warning;
                }
            }
            dated.push(row);
        }
        undated.extend(read.undated);
    }
    dated.sort_by_key(|r: &ComplaintRow| (r.next_due_at, r.id));
    undated.sort_by_key(|r| r.id);
    dated.extend(undated);
    dated.truncate(limit as usize);
    (count, dated)
}

/// Several queues at once (the dashboard), each as [`queue`] reads it. A file runs each
/// queue's statements in turn, each cheap in-process. On the server every statement is a
/// round trip (a dashboard had about forty), so there the counts go as one statement of
/// scalar subqueries and the rows as one `UNION ALL` of the same walks, each still
/// stopping at `limit`, tagged with the walk they came from: two round trips.
pub fn queues(
    conn: &dyn Db,
    list: &[Queue],
    scope: QueueScope,
    limit: u32,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, Vec<ComplaintRow>)>> {
    if conn.dialect() == Dialect::Sqlite || list.is_empty() {
        return list
            .iter()
            .map(|q| queue(conn, *q, scope, limit, tz, now))
            .collect();
    }
    let args = queue_args(scope.department, now);
    // Where each count and each walk goes: (queue, part).
    let (mut counts, mut count_of) = (Vec::new(), Vec::new());
    let (mut walks, mut walk_of) = (Vec::new(), Vec::new());
    for (qi, q) in list.iter().enumerate() {
        for (pi, [total, due, none]) in statements(*q, scope, limit, true).into_iter().enumerate() {
            if let Some(sql) = total {
                counts.push(format!("({sql})"));
                count_of.push((qi, pi));
            }
            for (undated, sql) in [(false, due), (true, none)] {
                if let Some(sql) = sql {
                    walks.push(format!(
                        "SELECT w.*, CAST({} AS BIGINT) FROM ({sql}) w",
                        walks.len()
                    ));
                    walk_of.push((qi, pi, undated));
                }
            }
        }
    }
    let mut read: Vec<Vec<PartRead>> = list
        .iter()
        .map(|q| q.parts().iter().map(|_| PartRead::default()).collect())
        .collect();
    let totals = conn.one(&format!("SELECT {}", counts.join(", ")), &args, |r| {
        (0..counts.len())
            .map(|i| r.get::<i64>(i))
            .collect::<Result<Vec<_>>>()
    })?;
    for ((qi, pi), total) in count_of.into_iter().zip(totals) {
        read[qi][pi].count = total;
    }
    let rows = conn.all(&walks.join(" UNION ALL "), &args, |r| {
        Ok((r.get::<i64>(ROW_COLUMNS)?, read_row(r, tz, now)?))
    })?;
    for (walk, row) in rows {
        let (qi, pi, undated) = usize::try_from(walk)
            .ok()
            .and_then(|w| walk_of.get(w).copied())
            .ok_or_else(|| StorageError::Unreadable(format!("a queue's walk {walk}")))?;
        let part = &mut read[qi][pi];
        if undated {
            part.undated.push(row);
        } else {
            part.dated.push(row);
        }
    }
    Ok(list
        .iter()
        .zip(read)
        .map(|(q, read)| assemble(*q, read, limit))
        .collect())
}

/// Complaints whose next deadline turned amber (预警) or passed its due time in
/// `(since, now]`, with their department: what the desks' native notifications announce.
/// At most 200, the latest first; what crossed earlier is on the dashboard.
pub fn crossed(
    conn: &dyn Db,
    since: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, ComplaintRow)>> {
    let sql = format!(
        "{ROW_SELECT} WHERE c.id IN (
            SELECT id FROM complaints WHERE next_warn_at > ?1 AND next_warn_at <= ?2
            UNION SELECT id FROM complaints WHERE next_due_at > ?1 AND next_due_at <= ?2)
         ORDER BY c.next_due_at DESC LIMIT 200"
    );
    conn.all(&sql, args![ms(since), ms(now)], |r| {
        Ok((r.get::<i64>(18)?, read_row(r, tz, now)?))
    })
}
