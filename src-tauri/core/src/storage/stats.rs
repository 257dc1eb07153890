//! The statistics' SQL: a period's complaints with their stored outcomes, the outcomes'
//! rewriting and bulk filling, the trend, and the monthly report's own table. Written
//! once for both stores ([`Db`]); where SQLite's plans want its no-index hint (`+kind`),
//! the server reads plain `kind`.

use super::db::{args, Db, Dialect, Row, Value};
use super::{from_ms, ms, Result, StorageError};
use crate::deadline::DeadlineKind;
use crate::event::{Event, EventData};
use crate::model::{Channel, Complaint, ComplaintState, ContactMethod, NotifyMethod, Severity};
use crate::stats::{Credit, Duty, Miss, Outcome, Tally};
use chrono::{DateTime, Utc};
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

/// A stored [`Tally`] (SQLite's BLOB, the server's BYTEA), or none.
fn tally_at(r: &Row<'_>, i: usize) -> Result<Option<Tally>> {
    match r.blob(i)? {
        None => Ok(None),
        Some(bytes) => Tally::from_bytes(bytes).map(Some).ok_or_else(|| {
            StorageError::Unreadable(format!(
                "column {i}: complaint_outcomes.tally of another length ({} bytes)",
                bytes.len()
            ))
        }),
    }
}

/// The no-index hint SQLite's planner needs on `events.kind` (walk a complaint's events,
/// never one kind over all time); the server's planner needs none.
fn event_kind(conn: &dyn Db) -> &'static str {
    match conn.dialect() {
        Dialect::Sqlite => "+kind",
        Dialect::Postgres => "kind",
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

/// The ids of a period's complaints, when they lie close together: from the least to the
/// greatest, no more than twice as many ids as complaints. Ids are handed out as
/// complaints are registered, so a month's are one run but for forms typed in later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdSpan {
    /// The least id.
    pub first: i64,
    /// The greatest id.
    pub last: i64,
}

impl IdSpan {
    /// The span of `ids` (`count` of them, from `first` to `last`), if they lie close.
    fn close(first: i64, last: i64, count: i64) -> Option<Self> {
        (count > 0 && last - first < 2 * count).then_some(Self { first, last })
    }

    /// The span of a period's rows as read.
    pub fn of(rows: &[PeriodRow]) -> Option<Self> {
        let first = rows.iter().map(|r| r.id).min()?;
        let last = rows.iter().map(|r| r.id).max()?;
        Self::close(first, last, rows.len() as i64)
    }
}

/// The statistics' read of a period (see [`period`]): with the texts or without them, and
/// with the outcomes joined over all ids or only over the period's [`IdSpan`] (`?3`,
/// `?4`). On the server a span lets the outcomes be read as one range of the primary key
/// and hashed (14 ms for a month of a million complaints) instead of looked up one by
/// one (18 ms, and more rows in flight).
pub fn period_sql(columns: PeriodColumns, spanned: bool) -> String {
    let texts = match columns {
        PeriodColumns::All => ", c.case_no, c.room, c.location, c.accused_person",
        PeriodColumns::Counts => "",
    };
    let span = if spanned { IN_SPAN } else { "" };
    format!(
        "SELECT c.id, c.severity, c.department_id, c.category_id, c.channel, c.state, c.valid,
             o.tally, c.accused_user_id{texts}
         FROM complaints c LEFT JOIN complaint_outcomes o ON o.complaint_id = c.id{span}
         WHERE c.received_at >= ?1 AND c.received_at < ?2"
    )
}

/// The join condition that keeps an outcome table's rows to the period's [`IdSpan`].
const IN_SPAN: &str = " AND o.complaint_id BETWEEN ?3 AND ?4";

/// The values of a period's read: its bounds, then its span's ends when it has one.
fn period_values(from: DateTime<Utc>, to: DateTime<Utc>, span: Option<IdSpan>) -> Vec<Value> {
    let mut values = vec![ms(from).into(), ms(to).into()];
    if let Some(span) = span {
        values.extend([span.first.into(), span.last.into()]);
    }
    values
}

/// The complaints received in `[from, to)`, voided ones included, with their tallies: one
/// walk of the covering `complaints_period` index (migration 022), one primary-key
/// look-up of the outcome each; on the server, one range of them when the period's ids
/// lie close ([`IdSpan`], asked for first).
pub fn period(
    conn: &dyn Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    columns: PeriodColumns,
) -> Result<Vec<PeriodRow>> {
    let with_text = columns == PeriodColumns::All;
    let span = match conn.dialect() {
        Dialect::Sqlite => None,
        Dialect::Postgres => conn.one(
            "SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM complaints
                 WHERE received_at >= ?1 AND received_at < ?2",
            args![ms(from), ms(to)],
            |r| Ok(IdSpan::close(r.get(0)?, r.get(1)?, r.get(2)?)),
        )?,
    };
    let values = period_values(from, to, span);
    let text = |r: &Row<'_>, i: usize| -> Result<String> {
        if with_text {
            r.get::<String>(i)
        } else {
            Ok(String::new())
        }
    };
    conn.all(&period_sql(columns, span.is_some()), &values, |r| {
        Ok(PeriodRow {
            id: r.get::<i64>(0)?,
            severity: r.code(1, Severity::from_code)?,
            department_id: r.get::<i64>(2)?,
            category_id: r.get::<i64>(3)?,
            channel: r.code(4, Channel::from_code)?,
            state: r.code(5, ComplaintState::from_code)?,
            valid: r.get::<bool>(6)?,
            tally: tally_at(r, 7)?,
            accused_user_id: r.get::<Option<i64>>(8)?,
            case_no: text(r, 9)?,
            room: text(r, 10)?,
            location: text(r, 11)?,
            accused_person: if with_text {
                r.get::<Option<String>>(12)?
            } else {
                None
            },
        })
    })
}

/// A stored [`Miss`] from its four columns (kind, due, met, paused) starting at `first`.
fn miss_at(r: &Row<'_>, first: usize) -> Result<Miss> {
    Ok(Miss {
        kind: r.code(first, DeadlineKind::from_code)?,
        due_at: from_ms(r.get::<i64>(first + 1)?),
        met_at: r.get::<Option<i64>>(first + 2)?.map(from_ms),
        paused_at: r.get::<Option<i64>>(first + 3)?.map(from_ms),
    })
}

/// The stored deadlines not met on time of the complaints received in `[from, to)`, in no
/// particular order (the figures count them and sort the breaches they list). `span` is
/// the period's ([`IdSpan::of`] its rows).
pub fn period_misses(
    conn: &dyn Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    span: Option<IdSpan>,
) -> Result<Vec<(i64, Miss)>> {
    let read = |r: &Row<'_>| Ok((r.get::<i64>(0)?, miss_at(r, 1)?));
    match (conn.dialect(), span) {
        // The server's planner would hash the whole table of misses (70 ms for a month of
        // a million complaints); a lateral read it cannot flatten (`OFFSET 0`) looks up
        // each complaint's instead (9 ms), as SQLite does.
        (Dialect::Postgres, None) => conn.all(
            "SELECT o.complaint_id, o.kind, o.due_at, o.met_at, o.paused_at
             FROM complaints c, LATERAL (
                 SELECT * FROM deadline_outcomes d WHERE d.complaint_id = c.id OFFSET 0) o
             WHERE c.received_at >= ?1 AND c.received_at < ?2",
            args![ms(from), ms(to)],
            read,
        ),
        // With the period's span, one range of the misses' primary key, hashed: 7 ms
        // instead of 9–12. A file looks up each complaint's either way.
        (dialect, span) => {
            let span = span.filter(|_| dialect == Dialect::Postgres);
            conn.all(
                &format!(
                    "SELECT o.complaint_id, o.kind, o.due_at, o.met_at, o.paused_at
                     FROM complaints c JOIN deadline_outcomes o ON o.complaint_id = c.id{}
                     WHERE c.received_at >= ?1 AND c.received_at < ?2",
                    if span.is_some() { IN_SPAN } else { "" }
                ),
                &period_values(from, to, span),
                read,
            )
        }
    }
}

/// A callback left out of satisfaction: the complaint, when, why.
pub type Exclusion = (i64, DateTime<Utc>, crate::model::Exclusion, String);

/// The excluded callbacks of these complaints, in recording order.
pub fn exclusions(conn: &dyn Db, complaint_ids: &[i64]) -> Result<Vec<Exclusion>> {
    let read = |r: &Row<'_>| -> Result<Option<Exclusion>> {
        let id = r.get::<i64>(0)?;
        let data: EventData = serde_json::from_str(&r.get::<String>(2)?)
            .map_err(|e| StorageError::Unreadable(format!("event {id}: {e}")))?;
        Ok(match data {
            EventData::CalledBack {
                exclusion: Some(exclusion),
                exclusion_reason,
                ..
            } => Some((
                r.get::<i64>(3)?,
                from_ms(r.get::<i64>(1)?),
                exclusion,
                exclusion_reason.unwrap_or_default(),
            )),
            _ => None,
        })
    };
    let mut out = Vec::new();
    if conn.dialect() == Dialect::Sqlite {
        let sql = format!(
            "SELECT id, at, data, complaint_id FROM events
             WHERE complaint_id = ?1 AND {} = 'calledBack' ORDER BY id",
            event_kind(conn)
        );
        for &complaint_id in complaint_ids {
            conn.each(&sql, args![complaint_id], &mut |r| {
                out.extend(read(r)?);
                Ok(())
            })?;
        }
        return Ok(out);
    }
    // On the server each statement is a round trip (a month had two hundred of them):
    // the complaints go EXCLUSION_CHUNK at a time, the last one repeated to fill a chunk,
    // so that the statement's text, and its prepared plan, stay one.
    let sql = format!(
        "SELECT id, at, data, complaint_id FROM events
         WHERE complaint_id IN ({}) AND kind = 'calledBack'",
        (1..=EXCLUSION_CHUNK)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut found: HashMap<i64, Vec<(i64, Exclusion)>> = HashMap::new();
    for chunk in complaint_ids.chunks(EXCLUSION_CHUNK) {
        let mut ids: Vec<Value> = chunk.iter().map(|&id| id.into()).collect();
        ids.resize(EXCLUSION_CHUNK, chunk[chunk.len() - 1].into());
        conn.each(&sql, &ids, &mut |r| {
            if let Some(e) = read(r)? {
                found.entry(e.0).or_default().push((r.get::<i64>(0)?, e));
            }
            Ok(())
        })?;
    }
    // In the order asked for, each complaint's in recording order.
    for id in complaint_ids {
        if let Some(mut events) = found.remove(id) {
            events.sort_by_key(|(event, _)| *event);
            out.extend(events.into_iter().map(|(_, e)| e));
        }
    }
    Ok(out)
}

/// How many complaints one statement of [`exclusions`] asks the server about.
const EXCLUSION_CHUNK: usize = 100;

/// Whether a complaint's stored outcome rows may exist already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Rewritten: the old rows go first.
    Replaced,
    /// A complaint registered in this transaction has none, so nothing is deleted first
    /// (on the server two statements fewer); were there any, their primary key would
    /// refuse the new ones rather than keep both.
    New,
}

/// Writes what the complaint adds to the statistics (in the transaction of its event).
pub fn write_outcome(
    conn: &dyn Db,
    complaint_id: i64,
    o: &Outcome,
    tz: chrono_tz::Tz,
    kept: Kept,
) -> Result<()> {
    conn.execute(
        "INSERT INTO complaint_outcomes (complaint_id, tally) VALUES (?1, ?2)
         ON CONFLICT (complaint_id) DO UPDATE SET tally = excluded.tally",
        args![complaint_id, o.tally.to_bytes()],
    )?;
    if kept == Kept::Replaced {
        conn.execute(
            "DELETE FROM deadline_outcomes WHERE complaint_id = ?1",
            args![complaint_id],
        )?;
    }
    insert_rows(
        conn,
        "INSERT INTO deadline_outcomes (complaint_id, seq, kind, due_at, met_at, paused_at)",
        o.misses
            .iter()
            .enumerate()
            .map(|(seq, m)| {
                args![
                    complaint_id,
                    seq as i64,
                    m.kind.code(),
                    ms(m.due_at),
                    m.met_at.map(ms),
                    m.paused_at.map(ms),
                ]
                .to_vec()
            })
            .collect(),
    )?;
    if kept == Kept::Replaced {
        conn.execute(
            "DELETE FROM complaint_credits WHERE complaint_id = ?1",
            args![complaint_id],
        )?;
    }
    insert_rows(
        conn,
        "INSERT INTO complaint_credits (complaint_id, seq, duty, user_id, name, at, on_time,
            entered_by, day)",
        o.credits
            .iter()
            .enumerate()
            .map(|(seq, c)| {
                args![
                    complaint_id,
                    seq as i64,
                    c.duty.code(),
                    c.user_id,
                    c.name,
                    ms(c.at),
                    c.on_time,
                    c.entered_by,
                    credit_day(c.at.with_timezone(&tz).date_naive()),
                ]
                .to_vec()
            })
            .collect(),
    )?;
    Ok(())
}

/// Rows inserted by one statement (`insert` up to `VALUES`, then a row of values per
/// row, all as wide): on the server one round trip instead of one per row. None, no
/// statement.
fn insert_rows(conn: &dyn Db, insert: &str, rows: Vec<Vec<Value>>) -> Result<()> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let values = (0..rows.len())
        .map(|r| {
            let row = (1..=width)
                .map(|c| format!("?{}", r * width + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({row})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let args: Vec<Value> = rows.into_iter().flatten().collect();
    conn.execute(&format!("{insert} VALUES {values}"), &args)?;
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
/// (migration 021): a month is a few hundred rows. The sums are cast to BIGINT: the
/// server's `sum` of BIGINTs is a numeric.
pub fn period_credits(
    conn: &dyn Db,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(Vec<DutyCount>, Vec<DutyCount>)> {
    let read = |r: &Row<'_>| -> Result<DutyCount> {
        Ok(DutyCount {
            duty: r.code(0, Duty::from_code)?,
            user_id: r.get::<Option<i64>>(1)?.filter(|id| *id != -1),
            name: r.get::<Option<String>>(2)?.filter(|n| !n.is_empty()),
            done: r.get::<i64>(3)?,
            on_time: r.get::<i64>(4)?,
            decided: r.get::<i64>(5)?,
        })
    };
    let (from, to) = (credit_day(from), credit_day(to));
    let done = conn.all(
        "SELECT duty, user_id, name, CAST(sum(done) AS BIGINT), CAST(sum(on_time) AS BIGINT),
            CAST(sum(decided) AS BIGINT)
         FROM credit_days WHERE day >= ?1 AND day <= ?2
         GROUP BY duty, user_id, name HAVING sum(done) > 0",
        args![from, to],
        read,
    )?;
    let arranged = conn.all(
        "SELECT 'callback', entered_by, NULL, CAST(sum(done) AS BIGINT),
            CAST(sum(on_time) AS BIGINT), CAST(sum(decided) AS BIGINT)
         FROM arranged_days WHERE day >= ?1 AND day <= ?2
         GROUP BY entered_by HAVING sum(done) > 0",
        args![from, to],
        read,
    )?;
    Ok((done, arranged))
}

/// The stored outcome of one complaint, as [`write_outcome`] left it.
pub fn stored_outcome(conn: &dyn Db, complaint_id: i64) -> Result<Option<Outcome>> {
    let tally = conn
        .opt(
            "SELECT tally FROM complaint_outcomes WHERE complaint_id = ?1",
            args![complaint_id],
            |r| tally_at(r, 0),
        )?
        .flatten();
    let Some(tally) = tally else {
        return Ok(None);
    };
    let misses = conn.all(
        "SELECT kind, due_at, met_at, paused_at FROM deadline_outcomes WHERE complaint_id = ?1 ORDER BY seq",
        args![complaint_id],
        |r| miss_at(r, 0),
    )?;
    let credits = conn.all(
        "SELECT duty, user_id, name, at, on_time, entered_by FROM complaint_credits
         WHERE complaint_id = ?1 ORDER BY seq",
        args![complaint_id],
        |r| {
            Ok(Credit {
                duty: r.code(0, Duty::from_code)?,
                user_id: r.get::<Option<i64>>(1)?,
                name: r.get::<Option<String>>(2)?,
                at: from_ms(r.get::<i64>(3)?),
                on_time: r.get::<Option<bool>>(4)?,
                entered_by: r.get::<Option<i64>>(5)?.unwrap_or_default(),
            })
        },
    )?;
    Ok(Some(Outcome {
        tally,
        misses,
        credits,
    }))
}

/// Stops the per-day duty counts following each credit written (migration 021): a bulk
/// restate counts them afresh with [`recount_credit_days`] at its end.
pub fn pause_credit_days(conn: &dyn Db) -> Result<()> {
    conn.execute(
        "INSERT INTO credit_days_paused (paused)
         SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM credit_days_paused)",
        args![],
    )?;
    Ok(())
}

/// Counts the per-day duty totals afresh from every credit, in one pass, and lets them
/// follow each credit written again.
pub fn recount_credit_days(conn: &dyn Db) -> Result<()> {
    conn.batch(
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
pub fn outcomes_pending(conn: &dyn Db) -> Result<bool> {
    conn.scalar::<bool>("SELECT EXISTS (SELECT 1 FROM outcomes_pending)", args![])
}

/// Complaints were written around the desk (generated in bulk): the next
/// [`crate::Desk::open`] fills their outcomes.
pub fn outcomes_stale(conn: &dyn Db) -> Result<()> {
    conn.execute(
        "INSERT INTO outcomes_pending (pending) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM outcomes_pending)",
        args![],
    )?;
    Ok(())
}

/// Every complaint has its outcome (in the transaction that wrote the last of them).
pub fn outcomes_filled(conn: &dyn Db) -> Result<()> {
    conn.execute("DELETE FROM outcomes_pending", args![])?;
    Ok(())
}

/// The highest complaint id (0 for none).
pub fn last_complaint_id(conn: &dyn Db) -> Result<i64> {
    conn.scalar::<i64>("SELECT coalesce(max(id), 0) FROM complaints", args![])
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
pub fn histories(conn: &dyn Db, first: i64, last: i64) -> Result<Vec<(Complaint, Vec<Event>)>> {
    let mut out: Vec<(Complaint, Vec<Event>)> = conn.all(
        "SELECT id, case_no, received_at, channel, room, location, department_id, resident_deadline,
            category_id, severity, valid, state, policy_version
         FROM complaints WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        args![first, last],
        |r| {
            let c = Complaint {
                id: r.get::<i64>(0)?,
                case_no: r.get::<String>(1)?,
                received_at: from_ms(r.get::<i64>(2)?),
                channel: r.code(3, Channel::from_code)?,
                receptionist_id: 0,
                resident_name: String::new(),
                room: r.get::<String>(4)?,
                phone: String::new(),
                contact_method: ContactMethod::Any,
                occurred_at: None,
                location: r.get::<String>(5)?,
                department_id: r.get::<i64>(6)?,
                accused_person: None,
                description: String::new(),
                resident_request: String::new(),
                resident_deadline: r.get::<Option<i64>>(7)?.map(from_ms),
                category_id: r.get::<i64>(8)?,
                severity: r.code(9, Severity::from_code)?,
                valid: r.get::<bool>(10)?,
                invalid_reason: None,
                ongoing_harm: false,
                immediate_measure: None,
                state: r.code(11, ComplaintState::from_code)?,
                policy_version: r.get::<i64>(12)?,
                next_due_at: None,
                next_due_kind: None,
                confidential: false,
                accused_user_id: None,
            };
            Ok((c, Vec::new()))
        },
    )?;
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, c)| (c.0.id, i)).collect();
    // `+kind` on SQLite: walk the complaints' events, never an event kind over all time.
    let sql = format!(
        "SELECT complaint_id, id, at, actor_id, kind,
            CASE WHEN kind IN ({PARSED_KINDS}) THEN data END
         FROM events
         WHERE complaint_id BETWEEN ?1 AND ?2 AND {} IN ({HISTORY_KINDS})
         ORDER BY complaint_id, id",
        event_kind(conn)
    );
    conn.each(&sql, args![first, last], &mut |r| {
        let complaint_id = r.get::<i64>(0)?;
        let id = r.get::<i64>(1)?;
        let kind = r.get::<String>(4)?;
        let data = match r.get::<Option<String>>(5)? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StorageError::Unreadable(format!("event {id}: {e}")))?,
            None => bare(&kind).ok_or_else(|| {
                StorageError::Unreadable(format!("event {id}: unknown kind {kind:?}"))
            })?,
        };
        if let Some(&i) = index.get(&complaint_id) {
            out[i].1.push(Event {
                id,
                complaint_id,
                at: from_ms(r.get::<i64>(2)?),
                actor_id: r.get::<i64>(3)?,
                data,
            });
        }
        Ok(())
    })?;
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

/// Counts over the received-at index and the (kind, at) index of events; no per-complaint
/// work. The conditions are summed as CASEs (the server sums no booleans) and the sums
/// cast to BIGINT (the server's `sum` of BIGINTs is a numeric).
pub fn trend_counts(conn: &dyn Db, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<TrendCounts> {
    let mut t = conn.one(
        "SELECT count(*), CAST(coalesce(sum(valid), 0) AS BIGINT),
            CAST(coalesce(sum(CASE WHEN state = 'voided' THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(coalesce(sum(CASE WHEN severity = 'major' THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(coalesce(sum(CASE WHEN severity = 'important' THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM complaints WHERE received_at >= ?1 AND received_at < ?2",
        args![ms(from), ms(to)],
        |r| {
            Ok(TrendCounts {
                received: r.get::<i64>(0)?,
                valid: r.get::<i64>(1)?,
                voided: r.get::<i64>(2)?,
                major: r.get::<i64>(3)?,
                important: r.get::<i64>(4)?,
                ..TrendCounts::default()
            })
        },
    )?;
    for (kind, slot) in [
        ("dispatchReturned", &mut t.returned),
        ("reopened", &mut t.reopened),
        ("calledBack", &mut t.callbacks),
    ] {
        *slot = conn.scalar::<i64>(
            "SELECT count(*) FROM events WHERE kind = ?1 AND at >= ?2 AND at < ?3",
            args![kind, ms(from), ms(to)],
        )?;
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
pub fn report(conn: &dyn Db, month: &str) -> Result<Option<ReportRecord>> {
    conn.opt(
        "SELECT month, analysis, submitted_at, submitted_by, updated_at
         FROM monthly_reports WHERE month = ?1",
        args![month],
        |r| {
            let at = r.get::<Option<i64>>(2)?;
            let by = r.get::<Option<i64>>(3)?;
            Ok(ReportRecord {
                month: r.get::<String>(0)?,
                analysis: r.get::<String>(1)?,
                submitted: at.zip(by).map(|(at, by)| (from_ms(at), by)),
                updated_at: from_ms(r.get::<i64>(4)?),
            })
        },
    )
}

/// Saves the analysis text of a month.
pub fn save_analysis(conn: &dyn Db, month: &str, analysis: &str, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO monthly_reports (month, analysis, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (month) DO UPDATE SET analysis = excluded.analysis, updated_at = excluded.updated_at",
        args![month, analysis, ms(now)],
    )?;
    Ok(())
}

/// Marks a month's report submitted (the first submission is kept). The kept row's
/// columns are named with the table's name: the server finds a bare name ambiguous
/// beside `excluded`.
pub fn mark_submitted(conn: &dyn Db, month: &str, by: i64, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO monthly_reports (month, submitted_at, submitted_by, updated_at) VALUES (?1, ?2, ?3, ?2)
         ON CONFLICT (month) DO UPDATE SET
            submitted_at = coalesce(monthly_reports.submitted_at, excluded.submitted_at),
            submitted_by = coalesce(monthly_reports.submitted_by, excluded.submitted_by),
            updated_at = excluded.updated_at",
        args![month, ms(now), by],
    )?;
    Ok(())
}
