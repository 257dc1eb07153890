//! The statistics' SQL: grouped counts, the period's complaints with their histories in
//! two queries, hot spots, the trend, and the monthly report's own table.

use super::{code, from_ms, ms, Result, StorageError};
use crate::event::{Event, EventData};
use crate::model::{Channel, Complaint, ComplaintState, ContactMethod, NotifyMethod, Severity};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Complaints received in `[from, to)` with the same severity, department, category,
/// channel, state and validity, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    /// 投诉等级.
    pub severity: Severity,
    /// 被投诉部门 (current).
    pub department_id: i64,
    /// 投诉类别.
    pub category_id: i64,
    /// 受理方式.
    pub channel: Channel,
    /// Where they stand now.
    pub state: ComplaintState,
    /// 有效投诉.
    pub valid: bool,
    /// How many.
    pub count: i64,
}

/// One grouped count over the received-at index (a few hundred groups at most).
pub fn counts(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CountRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT severity, department_id, category_id, channel, state, valid, count(*)
         FROM complaints WHERE received_at >= ?1 AND received_at < ?2
         GROUP BY severity, department_id, category_id, channel, state, valid",
    )?;
    let rows = stmt.query_map(params![ms(from), ms(to)], |r| {
        Ok(CountRow {
            severity: code(&r.get::<_, String>(0)?, Severity::from_code)?,
            department_id: r.get(1)?,
            category_id: r.get(2)?,
            channel: code(&r.get::<_, String>(3)?, Channel::from_code)?,
            state: code(&r.get::<_, String>(4)?, ComplaintState::from_code)?,
            valid: r.get(5)?,
            count: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Event kinds that deadlines and statistics read; notes, corrective records, extension
/// requests and archiving never change a figure.
const HISTORY_KINDS: &str =
    "'dispatched', 'dispatchReturned', 'forwarded', 'waitStarted', 'waitEnded',
    'handled', 'formReturned', 'signedOff', 'residentNotified', 'calledBack', 'reopened',
    'extensionDecided', 'nextReplyPromised', 'severityRaised'";

/// Kinds whose recorded fields a figure reads; the others are rebuilt from the kind alone.
const PARSED_KINDS: &str =
    "'forwarded', 'signedOff', 'extensionDecided', 'severityRaised', 'calledBack', 'nextReplyPromised'";

/// The complaints received in `[from, to)`, voided ones left out, each with the events
/// that deadlines and statistics read, in recording order. Two queries in all.
///
/// For speed the complaints' free texts (description, request, names …) are left empty
/// and events whose recorded fields no figure reads carry empty texts: these values are
/// for counting, never for display.
pub fn histories(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Complaint, Vec<Event>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_no, received_at, channel, room, location, department_id, resident_deadline,
            category_id, severity, valid, state, policy_version
         FROM complaints WHERE received_at >= ?1 AND received_at < ?2 AND state <> 'voided'
         ORDER BY received_at, id",
    )?;
    let rows = stmt.query_map(params![ms(from), ms(to)], |r| {
        Ok(Complaint {
            id: r.get(0)?,
            case_no: r.get(1)?,
            received_at: from_ms(r.get(2)?),
            channel: code(&r.get::<_, String>(3)?, Channel::from_code)?,
            receptionist_id: 0,
            resident_name: String::new(),
            room: r.get(4)?,
            phone: String::new(),
            contact_method: ContactMethod::Any,
            occurred_at: None,
            location: r.get(5)?,
            department_id: r.get(6)?,
            accused_person: None,
            description: String::new(),
            resident_request: String::new(),
            resident_deadline: r.get::<_, Option<i64>>(7)?.map(from_ms),
            category_id: r.get(8)?,
            severity: code(&r.get::<_, String>(9)?, Severity::from_code)?,
            valid: r.get(10)?,
            invalid_reason: None,
            ongoing_harm: false,
            immediate_measure: None,
            state: code(&r.get::<_, String>(11)?, ComplaintState::from_code)?,
            policy_version: r.get(12)?,
            next_due_at: None,
            next_due_kind: None,
        })
    })?;
    let mut out: Vec<(Complaint, Vec<Event>)> = rows
        .map(|c| c.map(|c| (c, Vec::new())))
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, c)| (c.0.id, i)).collect();
    // `+e.kind`: walk the period's complaints and each one's events, never an event kind
    // over all time.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.complaint_id, e.id, e.at, e.actor_id, e.kind,
            CASE WHEN e.kind IN ({PARSED_KINDS}) THEN e.data END
         FROM complaints c JOIN events e ON e.complaint_id = c.id
         WHERE c.received_at >= ?1 AND c.received_at < ?2 AND c.state <> 'voided'
           AND +e.kind IN ({HISTORY_KINDS})
         ORDER BY c.received_at, c.id, e.id"
    ))?;
    let mut rows = stmt.query(params![ms(from), ms(to)])?;
    while let Some(r) = rows.next()? {
        let complaint_id: i64 = r.get(0)?;
        let id: i64 = r.get(1)?;
        let kind = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
        let data = match r
            .get_ref(5)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?
        {
            Some(json) => serde_json::from_str(json)
                .map_err(|e| StorageError::Unreadable(format!("event {id}: {e}")))?,
            None => bare(kind).ok_or_else(|| {
                StorageError::Unreadable(format!("event {id}: unknown kind {kind:?}"))
            })?,
        };
        if let Some(&i) = index.get(&complaint_id) {
            out[i].1.push(Event {
                id,
                complaint_id,
                at: from_ms(r.get(2)?),
                actor_id: r.get(3)?,
                data,
            });
        }
    }
    Ok(out)
}

/// An event rebuilt from its kind alone (texts empty), for kinds no figure reads into.
fn bare(kind: &str) -> Option<EventData> {
    Some(match kind {
        "dispatched" => EventData::Dispatched {
            department_id: 0,
            recipient: String::new(),
        },
        "dispatchReturned" => EventData::DispatchReturned {
            reason: String::new(),
        },
        "waitStarted" => EventData::WaitStarted {
            reason: String::new(),
        },
        "waitEnded" => EventData::WaitEnded,
        "handled" => EventData::Handled {
            result: String::new(),
        },
        "formReturned" => EventData::FormReturned,
        "residentNotified" => EventData::ResidentNotified {
            method: NotifyMethod::Phone,
            response: String::new(),
        },
        "reopened" => EventData::Reopened {
            reason: String::new(),
        },
        _ => return None,
    })
}

/// Which text a hot spot groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// 事件发生地点 as typed.
    Location,
    /// The building: the room number up to its first `-`.
    Building,
    /// The room number; only rooms with two or more complaints.
    RepeatRoom,
}

/// The most frequent values of `spot` among complaints received in `[from, to)`, voided
/// ones and empty values left out; most first, ties by value.
pub fn hot_spots(
    conn: &Connection,
    spot: Spot,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<(String, i64)>> {
    let (key, having) = match spot {
        Spot::Location => ("trim(location)", ""),
        Spot::Building => (
            "CASE WHEN instr(room, '-') > 0 THEN substr(room, 1, instr(room, '-') - 1) ELSE room END",
            "",
        ),
        Spot::RepeatRoom => ("room", " HAVING count(*) >= 2"),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key} AS k, count(*) AS n FROM complaints
         WHERE received_at >= ?1 AND received_at < ?2 AND state <> 'voided'
         GROUP BY k{having} ORDER BY n DESC, k LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![ms(from), ms(to), limit], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    Ok(rows
        .filter(|r| r.as_ref().map_or(true, |(k, _)| !k.is_empty()))
        .collect::<rusqlite::Result<_>>()?)
}

/// The counts of one month of the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrendCounts {
    /// Complaints received.
    pub received: i64,
    /// Of which valid.
    pub valid: i64,
    /// Of which voided.
    pub voided: i64,
    /// Of which major now.
    pub major: i64,
    /// Of which important now.
    pub important: i64,
    /// 回退 recorded in the month.
    pub returned: i64,
    /// Reopens recorded in the month.
    pub reopened: i64,
    /// Callbacks recorded in the month (reached or not).
    pub callbacks: i64,
}

/// Counts over the received-at index and the (kind, at) index of events; no per-complaint work.
pub fn trend_counts(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<TrendCounts> {
    let mut t = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(valid), 0), coalesce(sum(state = 'voided'), 0),
                coalesce(sum(severity = 'major'), 0), coalesce(sum(severity = 'important'), 0)
             FROM complaints WHERE received_at >= ?1 AND received_at < ?2",
        )?
        .query_row(params![ms(from), ms(to)], |r| {
            Ok(TrendCounts {
                received: r.get(0)?,
                valid: r.get(1)?,
                voided: r.get(2)?,
                major: r.get(3)?,
                important: r.get(4)?,
                ..TrendCounts::default()
            })
        })?;
    let mut stmt = conn
        .prepare_cached("SELECT count(*) FROM events WHERE kind = ?1 AND at >= ?2 AND at < ?3")?;
    for (kind, slot) in [
        ("dispatchReturned", &mut t.returned),
        ("reopened", &mut t.reopened),
        ("calledBack", &mut t.callbacks),
    ] {
        *slot = stmt.query_row(params![kind, ms(from), ms(to)], |r| r.get(0))?;
    }
    Ok(t)
}

/// The stored monthly report of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    /// `YYYY-MM`.
    pub month: String,
    /// The supervisor's analysis and next steps.
    pub analysis: String,
    /// When it was marked submitted, and by whom.
    pub submitted: Option<(DateTime<Utc>, i64)>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// The month's report, if anything was saved for it.
pub fn report(conn: &Connection, month: &str) -> Result<Option<ReportRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT month, analysis, submitted_at, submitted_by, updated_at
             FROM monthly_reports WHERE month = ?1",
        )?
        .query_row([month], |r| {
            let at: Option<i64> = r.get(2)?;
            let by: Option<i64> = r.get(3)?;
            Ok(ReportRecord {
                month: r.get(0)?,
                analysis: r.get(1)?,
                submitted: at.zip(by).map(|(at, by)| (from_ms(at), by)),
                updated_at: from_ms(r.get(4)?),
            })
        })
        .optional()?)
}

/// Saves the analysis text of a month.
pub fn save_analysis(
    conn: &Connection,
    month: &str,
    analysis: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO monthly_reports (month, analysis, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (month) DO UPDATE SET analysis = excluded.analysis, updated_at = excluded.updated_at",
    )?
    .execute(params![month, analysis, ms(now)])?;
    Ok(())
}

/// Marks a month's report submitted (the first submission is kept).
pub fn mark_submitted(conn: &Connection, month: &str, by: i64, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO monthly_reports (month, submitted_at, submitted_by, updated_at) VALUES (?1, ?2, ?3, ?2)
         ON CONFLICT (month) DO UPDATE SET
            submitted_at = coalesce(submitted_at, excluded.submitted_at),
            submitted_by = coalesce(submitted_by, excluded.submitted_by),
            updated_at = excluded.updated_at",
    )?
    .execute(params![month, ms(now), by])?;
    Ok(())
}
