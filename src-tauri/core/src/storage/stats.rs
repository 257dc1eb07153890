//! The statistics' SQL: a period's complaints with their stored outcomes, the outcomes'
//! rewriting and bulk filling, the trend, and the monthly report's own table.

use super::{code, from_ms, ms, Result, StorageError};
use crate::deadline::DeadlineKind;
use crate::event::{Event, EventData};
use crate::model::{Channel, Complaint, ComplaintState, ContactMethod, NotifyMethod, Severity};
use crate::stats::{Credit, Duty, Miss, Outcome, Tally};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// One complaint received in the period: what the counts group by, what the hot spots
/// read, and its stored [`Tally`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRow {
    /// The complaint.
    pub id: i64,
    /// 投诉编号.
    pub case_no: String,
    /// 投诉等级.
    pub severity: Severity,
    /// 被投诉部门 (current).
    pub department_id: i64,
    /// 投诉类别.
    pub category_id: i64,
    /// 受理方式.
    pub channel: Channel,
    /// Where it stands now.
    pub state: ComplaintState,
    /// 有效投诉.
    pub valid: bool,
    /// 房号.
    pub room: String,
    /// 事件发生地点.
    pub location: String,
    /// 被投诉人 as an account.
    pub accused_user_id: Option<i64>,
    /// 被投诉人 as printed.
    pub accused_person: Option<String>,
    /// What it adds to the statistics (absent only before the first open has filled a
    /// file from an older version).
    pub tally: Option<Tally>,
}

fn tally_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<Tally>> {
    match r
        .get_ref(i)?
        .as_blob_or_null()
        .map_err(rusqlite::Error::from)?
    {
        None => Ok(None),
        Some(bytes) => Tally::from_bytes(bytes).map(Some).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Blob,
                "complaint_outcomes.tally of another length".into(),
            )
        }),
    }
}

/// What [`period`] reads of each complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodColumns {
    /// Everything, for the period shown: its lists name cases, rooms, places and people.
    All,
    /// What counts and rates group by; the texts are left empty (the period compared with).
    Counts,
}

/// The statistics' read of a period (see [`period`]), with the texts.
pub const PERIOD_SQL: &str = "SELECT c.id, c.severity, c.department_id, c.category_id, c.channel,
        c.state, c.valid, o.tally, c.accused_user_id, c.case_no, c.room, c.location,
        c.accused_person
     FROM complaints c LEFT JOIN complaint_outcomes o ON o.complaint_id = c.id
     WHERE c.received_at >= ?1 AND c.received_at < ?2";

/// The statistics' read of a period without the texts.
pub const PERIOD_COUNTS_SQL: &str = "SELECT c.id, c.severity, c.department_id, c.category_id,
        c.channel, c.state, c.valid, o.tally, c.accused_user_id
     FROM complaints c LEFT JOIN complaint_outcomes o ON o.complaint_id = c.id
     WHERE c.received_at >= ?1 AND c.received_at < ?2";

/// A code column read in place.
fn code_at<T>(r: &rusqlite::Row, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    code(
        r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?,
        parse,
    )
}

/// The complaints received in `[from, to)`, voided ones included, with their tallies: one
/// walk of the covering `complaints_period` index (migration 022), one primary-key
/// look-up of the outcome each.
pub fn period(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    columns: PeriodColumns,
) -> Result<Vec<PeriodRow>> {
    let with_text = columns == PeriodColumns::All;
    let mut stmt = conn.prepare_cached(if with_text {
        PERIOD_SQL
    } else {
        PERIOD_COUNTS_SQL
    })?;
    let text = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<String> {
        if with_text {
            r.get(i)
        } else {
            Ok(String::new())
        }
    };
    let rows = stmt.query_map(params![ms(from), ms(to)], |r| {
        Ok(PeriodRow {
            id: r.get(0)?,
            severity: code_at(r, 1, Severity::from_code)?,
            department_id: r.get(2)?,
            category_id: r.get(3)?,
            channel: code_at(r, 4, Channel::from_code)?,
            state: code_at(r, 5, ComplaintState::from_code)?,
            valid: r.get(6)?,
            tally: tally_at(r, 7)?,
            accused_user_id: r.get(8)?,
            case_no: text(r, 9)?,
            room: text(r, 10)?,
            location: text(r, 11)?,
            accused_person: if with_text { r.get(12)? } else { None },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A stored [`Miss`] from its four columns (kind, due, met, paused) starting at `first`.
fn miss_at(r: &rusqlite::Row, first: usize) -> rusqlite::Result<Miss> {
    Ok(Miss {
        kind: code(&r.get::<_, String>(first)?, DeadlineKind::from_code)?,
        due_at: from_ms(r.get(first + 1)?),
        met_at: r.get::<_, Option<i64>>(first + 2)?.map(from_ms),
        paused_at: r.get::<_, Option<i64>>(first + 3)?.map(from_ms),
    })
}

/// The stored deadlines not met on time of the complaints received in `[from, to)`, in no
/// particular order (the figures count them and sort the breaches they list).
pub fn period_misses(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i64, Miss)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.complaint_id, o.kind, o.due_at, o.met_at, o.paused_at
         FROM complaints c JOIN deadline_outcomes o ON o.complaint_id = c.id
         WHERE c.received_at >= ?1 AND c.received_at < ?2",
    )?;
    let rows = stmt.query_map(params![ms(from), ms(to)], |r| {
        Ok((r.get(0)?, miss_at(r, 1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A callback left out of satisfaction: the complaint, when, why.
pub type Exclusion = (i64, DateTime<Utc>, crate::model::Exclusion, String);

/// The excluded callbacks of these complaints, in recording order.
pub fn exclusions(conn: &Connection, complaint_ids: &[i64]) -> Result<Vec<Exclusion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, data FROM events WHERE complaint_id = ?1 AND +kind = 'calledBack' ORDER BY id",
    )?;
    let mut out = Vec::new();
    for &complaint_id in complaint_ids {
        let mut rows = stmt.query([complaint_id])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let data: EventData =
                serde_json::from_str(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?)
                    .map_err(|e| StorageError::Unreadable(format!("event {id}: {e}")))?;
            if let EventData::CalledBack {
                exclusion: Some(exclusion),
                exclusion_reason,
                ..
            } = data
            {
                let at = from_ms(r.get(1)?);
                out.push((
                    complaint_id,
                    at,
                    exclusion,
                    exclusion_reason.unwrap_or_default(),
                ));
            }
        }
    }
    Ok(out)
}

/// Replaces what the complaint adds to the statistics (in the transaction of its event).
pub fn write_outcome(
    conn: &Connection,
    complaint_id: i64,
    o: &Outcome,
    tz: chrono_tz::Tz,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO complaint_outcomes (complaint_id, tally) VALUES (?1, ?2)",
    )?
    .execute(params![complaint_id, o.tally.to_bytes()])?;
    conn.prepare_cached("DELETE FROM deadline_outcomes WHERE complaint_id = ?1")?
        .execute([complaint_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO deadline_outcomes (complaint_id, seq, kind, due_at, met_at, paused_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (seq, m) in o.misses.iter().enumerate() {
        insert.execute(params![
            complaint_id,
            seq as i64,
            m.kind.code(),
            ms(m.due_at),
            m.met_at.map(ms),
            m.paused_at.map(ms),
        ])?;
    }
    conn.prepare_cached("DELETE FROM complaint_credits WHERE complaint_id = ?1")?
        .execute([complaint_id])?;
    let mut credit = conn.prepare_cached(
        "INSERT INTO complaint_credits (complaint_id, seq, duty, user_id, name, at, on_time,
            entered_by, day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (seq, c) in o.credits.iter().enumerate() {
        credit.execute(params![
            complaint_id,
            seq as i64,
            c.duty.code(),
            c.user_id,
            c.name,
            ms(c.at),
            c.on_time,
            c.entered_by,
            credit_day(c.at.with_timezone(&tz).date_naive()),
        ])?;
    }
    Ok(())
}

/// How many of a duty one person did: the duty, the person (an account or a typed name),
/// how many, how many met their deadline on time, and how many met a deadline at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyCount {
    /// Which duty.
    pub duty: Duty,
    /// The account.
    pub user_id: Option<i64>,
    /// Or the typed name.
    pub name: Option<String>,
    /// Done.
    pub done: i64,
    /// Of which met their deadline on time.
    pub on_time: i64,
    /// Of which met a deadline at all.
    pub decided: i64,
}

/// The number a credit's local date is kept as (migration 021).
fn credit_day(day: chrono::NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&day))
}

/// Duties done on the local days `from` to `to` (inclusive), counted per duty and person
/// (an account, or a typed name); then the callbacks entered per account (arranged), as
/// `Duty::Callback` lines with the enterer as `user_id`. Read from the per-day counts
/// (migration 021): a month is a few hundred rows.
pub fn period_credits(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(Vec<DutyCount>, Vec<DutyCount>)> {
    let read = |r: &rusqlite::Row| -> rusqlite::Result<DutyCount> {
        Ok(DutyCount {
            duty: code(&r.get::<_, String>(0)?, Duty::from_code)?,
            user_id: r.get::<_, Option<i64>>(1)?.filter(|id| *id != -1),
            name: r.get::<_, Option<String>>(2)?.filter(|n| !n.is_empty()),
            done: r.get(3)?,
            on_time: r.get(4)?,
            decided: r.get(5)?,
        })
    };
    let (from, to) = (credit_day(from), credit_day(to));
    let mut stmt = conn.prepare_cached(
        "SELECT duty, user_id, name, sum(done), sum(on_time), sum(decided)
         FROM credit_days WHERE day >= ?1 AND day <= ?2
         GROUP BY duty, user_id, name HAVING sum(done) > 0",
    )?;
    let done = stmt
        .query_map(params![from, to], read)?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT 'callback', entered_by, NULL, sum(done), sum(on_time), sum(decided)
         FROM arranged_days WHERE day >= ?1 AND day <= ?2
         GROUP BY entered_by HAVING sum(done) > 0",
    )?;
    let arranged = stmt
        .query_map(params![from, to], read)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((done, arranged))
}

/// The stored outcome of one complaint, as [`write_outcome`] left it.
pub fn stored_outcome(conn: &Connection, complaint_id: i64) -> Result<Option<Outcome>> {
    let tally = conn
        .prepare_cached("SELECT tally FROM complaint_outcomes WHERE complaint_id = ?1")?
        .query_row([complaint_id], |r| tally_at(r, 0))
        .optional()?
        .flatten();
    let Some(tally) = tally else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT kind, due_at, met_at, paused_at FROM deadline_outcomes WHERE complaint_id = ?1 ORDER BY seq",
    )?;
    let misses = stmt
        .query_map([complaint_id], |r| miss_at(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT duty, user_id, name, at, on_time, entered_by FROM complaint_credits
         WHERE complaint_id = ?1 ORDER BY seq",
    )?;
    let credits = stmt
        .query_map([complaint_id], |r| {
            Ok(Credit {
                duty: code(&r.get::<_, String>(0)?, Duty::from_code)?,
                user_id: r.get(1)?,
                name: r.get(2)?,
                at: from_ms(r.get(3)?),
                on_time: r.get(4)?,
                entered_by: r.get::<_, Option<i64>>(5)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Outcome {
        tally,
        misses,
        credits,
    }))
}

/// Stops the per-day duty counts following each credit written (migration 021): a bulk
/// restate counts them afresh with [`recount_credit_days`] at its end.
pub fn pause_credit_days(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO credit_days_paused (paused)
         SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM credit_days_paused)",
        [],
    )?;
    Ok(())
}

/// Counts the per-day duty totals afresh from every credit, in one pass, and lets them
/// follow each credit written again.
pub fn recount_credit_days(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM credit_days;
         DELETE FROM arranged_days;
         INSERT INTO credit_days (day, duty, user_id, name, done, on_time, decided)
         SELECT day, duty, coalesce(user_id, -1), coalesce(name, ''), count(*),
             count(CASE WHEN on_time = 1 THEN 1 END), count(on_time)
         FROM complaint_credits WHERE day IS NOT NULL GROUP BY 1, 2, 3, 4;
         INSERT INTO arranged_days (day, entered_by, done, on_time, decided)
         SELECT day, entered_by, count(*), count(CASE WHEN on_time = 1 THEN 1 END),
             count(on_time)
         FROM complaint_credits
         WHERE day IS NOT NULL AND duty = 'callback' AND entered_by IS NOT NULL
         GROUP BY 1, 2;
         DELETE FROM credit_days_paused;",
    )?;
    Ok(())
}

/// Whether complaints kept before schema version 6 still need their outcomes.
pub fn outcomes_pending(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM outcomes_pending)")?
        .query_row([], |r| r.get(0))?)
}

/// Complaints were written around the desk (generated in bulk): the next
/// [`crate::Desk::open`] fills their outcomes.
pub fn outcomes_stale(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO outcomes_pending (pending) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM outcomes_pending)",
        [],
    )?;
    Ok(())
}

/// Every complaint has its outcome (in the transaction that wrote the last of them).
pub fn outcomes_filled(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM outcomes_pending", [])?;
    Ok(())
}

/// The highest complaint id (0 for none).
pub fn last_complaint_id(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM complaints", [], |r| {
            r.get(0)
        })?,
    )
}

/// Event kinds that deadlines and statistics read; notes, corrective records, extension
/// requests and archiving never change a figure (a registration is credited to who
/// registered it).
const HISTORY_KINDS: &str =
    "'registered', 'dispatched', 'dispatchReturned', 'forwarded', 'waitStarted', 'waitEnded',
    'handled', 'formReturned', 'signedOff', 'residentNotified', 'calledBack', 'reopened',
    'extensionDecided', 'nextReplyPromised', 'severityRaised'";

/// Kinds whose recorded fields a figure reads; the others are rebuilt from the kind alone.
const PARSED_KINDS: &str =
    "'forwarded', 'signedOff', 'extensionDecided', 'severityRaised', 'calledBack', 'nextReplyPromised',
    'residentNotified'";

/// The complaints with ids in `[first, last]`, each with the events that deadlines and
/// statistics read, in recording order: two queries, for filling outcomes in bulk.
///
/// For speed the complaints' free texts (description, request, names …) are left empty
/// and events whose recorded fields no figure reads carry empty texts: these values are
/// for counting, never for display.
pub fn histories(conn: &Connection, first: i64, last: i64) -> Result<Vec<(Complaint, Vec<Event>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_no, received_at, channel, room, location, department_id, resident_deadline,
            category_id, severity, valid, state, policy_version
         FROM complaints WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![first, last], |r| {
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
            confidential: false,
            accused_user_id: None,
        })
    })?;
    let mut out: Vec<(Complaint, Vec<Event>)> = rows
        .map(|c| c.map(|c| (c, Vec::new())))
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, c)| (c.0.id, i)).collect();
    // `+e.kind`: walk the complaints' events, never an event kind over all time.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT complaint_id, id, at, actor_id, kind,
            CASE WHEN kind IN ({PARSED_KINDS}) THEN data END
         FROM events
         WHERE complaint_id BETWEEN ?1 AND ?2 AND +kind IN ({HISTORY_KINDS})
         ORDER BY complaint_id, id"
    ))?;
    let mut rows = stmt.query(params![first, last])?;
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
        "registered" => EventData::REGISTERED,
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
            done_by: None,
            done_at: None,
        },
        "reopened" => EventData::Reopened {
            reason: String::new(),
        },
        _ => return None,
    })
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
