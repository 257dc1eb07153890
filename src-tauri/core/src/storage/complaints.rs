//! Complaints: case numbers, the registration row, its standing, lists, search,
//! repeat detection and the dashboard queues.

use super::{code, from_ms, ms, Result};
use crate::complaint::Registration;
use crate::deadline::DeadlineKind;
use crate::model::{Channel, Complaint, ComplaintState, ContactMethod, Severity};
use crate::workflow::Awaiting;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Hands out the next case number of the local day `TS-YYYYMMDD-NNN`. Must run inside
/// the registering (immediate) transaction so that two writers never get the same one.
pub fn allocate_case_no(conn: &Connection, local_day: NaiveDate) -> Result<String> {
    let day = local_day.format("%Y%m%d").to_string();
    let last: i64 = conn
        .prepare_cached(
            "INSERT INTO case_counters (day, last) VALUES (?1, 1)
             ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row([&day], |r| r.get(0))?;
    Ok(format!("TS-{day}-{last:03}"))
}

/// Inserts a registered complaint and returns its id.
pub fn insert(
    conn: &Connection,
    case_no: &str,
    reg: &Registration,
    receptionist_id: i64,
    policy_version: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO complaints (case_no, received_at, channel, receptionist_id, resident_name, room, phone,
            contact_method, occurred_at, location, department_id, accused_person, description,
            resident_request, resident_deadline, category_id, severity, valid, invalid_reason,
            ongoing_harm, immediate_measure, state, policy_version, updated_at, confidential,
            accused_user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, 'registered', ?22, ?23, ?24, ?25)",
    )?
    .execute(params![
        case_no,
        ms(reg.received_at),
        reg.channel.code(),
        receptionist_id,
        reg.resident_name,
        reg.room,
        reg.phone,
        reg.contact_method.code(),
        reg.occurred_at.map(ms),
        reg.location,
        reg.department_id,
        reg.accused_person,
        reg.description,
        reg.resident_request,
        reg.resident_deadline.map(ms),
        reg.category_id,
        reg.severity.code(),
        reg.valid,
        reg.invalid_reason,
        reg.ongoing_harm,
        reg.immediate_measure,
        policy_version,
        ms(now),
        reg.confidential,
        reg.accused_user_id,
    ])?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "id, case_no, received_at, channel, receptionist_id, resident_name, room, phone,
    contact_method, occurred_at, location, department_id, accused_person, description, resident_request,
    resident_deadline, category_id, severity, valid, invalid_reason, ongoing_harm, immediate_measure,
    state, policy_version, next_due_at, next_due_kind, confidential, accused_user_id";

fn read(r: &Row) -> rusqlite::Result<Complaint> {
    Ok(Complaint {
        id: r.get(0)?,
        case_no: r.get(1)?,
        received_at: from_ms(r.get(2)?),
        channel: code(&r.get::<_, String>(3)?, Channel::from_code)?,
        receptionist_id: r.get(4)?,
        resident_name: r.get(5)?,
        room: r.get(6)?,
        phone: r.get(7)?,
        contact_method: code(&r.get::<_, String>(8)?, ContactMethod::from_code)?,
        occurred_at: r.get::<_, Option<i64>>(9)?.map(from_ms),
        location: r.get(10)?,
        department_id: r.get(11)?,
        accused_person: r.get(12)?,
        description: r.get(13)?,
        resident_request: r.get(14)?,
        resident_deadline: r.get::<_, Option<i64>>(15)?.map(from_ms),
        category_id: r.get(16)?,
        severity: code(&r.get::<_, String>(17)?, Severity::from_code)?,
        valid: r.get(18)?,
        invalid_reason: r.get(19)?,
        ongoing_harm: r.get(20)?,
        immediate_measure: r.get(21)?,
        state: code(&r.get::<_, String>(22)?, ComplaintState::from_code)?,
        policy_version: r.get(23)?,
        next_due_at: r.get::<_, Option<i64>>(24)?.map(from_ms),
        next_due_kind: match r.get::<_, Option<String>>(25)? {
            Some(k) => Some(code(&k, DeadlineKind::from_code)?),
            None => None,
        },
        confidential: r.get(26)?,
        accused_user_id: r.get(27)?,
    })
}

/// One complaint by id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Complaint>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM complaints WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?)
}

/// One complaint by case number.
pub fn by_case_no(conn: &Connection, case_no: &str) -> Result<Option<Complaint>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM complaints WHERE case_no = ?1"
        ))?
        .query_row([case_no], read)
        .optional()?)
}

/// Rewrites what a step changes: state, department, severity and the derived next deadline.
pub fn update_standing(
    conn: &Connection,
    c: &Complaint,
    waits: &Waits,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE complaints SET state = ?2, department_id = ?3, severity = ?4, next_due_at = ?5,
            next_due_kind = ?6, updated_at = ?7, awaiting = ?8, reply_due_at = ?9,
            forward_due_at = ?10, open_deadlines = ?11, next_warn_at = ?12, after_hours = ?13
         WHERE id = ?1",
    )?
    .execute(params![
        c.id,
        c.state.code(),
        c.department_id,
        c.severity.code(),
        c.next_due_at.map(ms),
        c.next_due_kind.map(DeadlineKind::code),
        ms(now),
        waits.awaiting.map(Awaiting::code),
        waits.reply_due_at.map(ms),
        waits
            .open
            .iter()
            .find(|d| d.kind == DeadlineKind::Forward)
            .map(|d| ms(d.due_at)),
        open_json(&waits.open),
        waits
            .open
            .iter()
            .filter(|d| !d.paused)
            .map(|d| ms(d.warn_at))
            .min(),
        waits.after_hours,
    ])?;
    Ok(())
}

/// What a complaint waits for beyond its next deadline, kept beside it for the queues
/// (migration 011).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waits {
    /// An extension decision, a callback again, a reopen, or the archive.
    pub awaiting: Option<Awaiting>,
    /// The end of the day promised for the next reply, while it is owed.
    pub reply_due_at: Option<DateTime<Utc>>,
    /// Every deadline not yet met (migration 014).
    pub open: Vec<OpenDue>,
    /// Registered outside office hours by the working calendar of its policy (migration
    /// 020): 「非工作时间登记」 on the dashboard until it is dispatched.
    pub after_hours: bool,
}

/// A deadline not yet met, as a row carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenDue {
    /// Which.
    pub kind: DeadlineKind,
    /// Its clock started.
    pub started_at: DateTime<Utc>,
    /// Due (a paused clock: if it ran again now).
    pub due_at: DateTime<Utc>,
    /// Stopped while waiting on the resident.
    pub paused: bool,
    /// It turns amber (预警).
    pub warn_at: DateTime<Utc>,
}

/// `[[kind, started, due, paused, warn], …]`, or NULL for none.
fn open_json(open: &[OpenDue]) -> Option<String> {
    (!open.is_empty()).then(|| {
        serde_json::Value::Array(
            open.iter()
                .map(|d| {
                    serde_json::json!([
                        d.kind.code(),
                        ms(d.started_at),
                        ms(d.due_at),
                        i64::from(d.paused),
                        ms(d.warn_at)
                    ])
                })
                .collect(),
        )
        .to_string()
    })
}

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

/// Open complaints whose standing a version upgrade asks to restate, and clears the ask.
pub fn standing_pending(conn: &Connection) -> Result<Option<Vec<i64>>> {
    let pending: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM standing_pending)", [], |r| {
            r.get(0)
        })?;
    if !pending {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT id FROM complaints WHERE state NOT IN ('archived', 'voided') ORDER BY id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ids))
}

/// The upgrade's restatement is done.
pub fn standing_restated(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM standing_pending", [])?;
    Ok(())
}

/// Rewrites the registered form's columns (a correction). The case number, the
/// receptionist and the policy version never change.
pub fn update_form(conn: &Connection, c: &Complaint) -> Result<()> {
    conn.prepare_cached(
        "UPDATE complaints SET received_at = ?2, channel = ?3, resident_name = ?4, room = ?5,
            phone = ?6, contact_method = ?7, occurred_at = ?8, location = ?9,
            accused_person = ?10, description = ?11, resident_request = ?12,
            resident_deadline = ?13, category_id = ?14, valid = ?15, invalid_reason = ?16,
            ongoing_harm = ?17, immediate_measure = ?18, confidential = ?19,
            accused_user_id = ?20
         WHERE id = ?1",
    )?
    .execute(params![
        c.id,
        ms(c.received_at),
        c.channel.code(),
        c.resident_name,
        c.room,
        c.phone,
        c.contact_method.code(),
        c.occurred_at.map(ms),
        c.location,
        c.accused_person,
        c.description,
        c.resident_request,
        c.resident_deadline.map(ms),
        c.category_id,
        c.valid,
        c.invalid_reason,
        c.ongoing_harm,
        c.immediate_measure,
        c.confidential,
        c.accused_user_id,
    ])?;
    Ok(())
}

/// Valid complaints not yet handled, below major, registered before `before`: the
/// candidates for the one-month raise.
pub fn raise_candidates(conn: &Connection, before: DateTime<Utc>) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM complaints
         WHERE state IN ('registered', 'dispatched', 'inHandling', 'waitingOnResident')
           AND received_at <= ?1 AND severity <> 'major' AND valid = 1",
    )?;
    let rows = stmt.query_map([ms(before)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
const ROW_SELECT: &str =
    "SELECT c.id, c.case_no, c.received_at, c.channel, c.resident_name, c.room, c.phone,
    d.name, k.name, c.severity, c.state, c.valid, c.next_due_at, c.next_due_kind, c.reply_due_at,
    c.open_deadlines, c.confidential, c.after_hours, c.department_id
    FROM complaints c CROSS JOIN departments d ON d.id = c.department_id
    CROSS JOIN categories k ON k.id = c.category_id";

fn read_row(r: &Row, tz: Tz, now: DateTime<Utc>) -> rusqlite::Result<ComplaintRow> {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
    let next_due: Option<DateTime<Utc>> = r.get::<_, Option<i64>>(12)?.map(from_ms);
    Ok(ComplaintRow {
        id: r.get(0)?,
        case_no: r.get(1)?,
        received_at: local(from_ms(r.get(2)?)),
        channel: code(&r.get::<_, String>(3)?, Channel::from_code)?,
        resident_name: r.get(4)?,
        room: r.get(5)?,
        phone: r.get(6)?,
        department_name: r.get(7)?,
        category_name: r.get(8)?,
        severity: code(&r.get::<_, String>(9)?, Severity::from_code)?,
        state: code(&r.get::<_, String>(10)?, ComplaintState::from_code)?,
        valid: r.get(11)?,
        next_due_at: next_due.map(local),
        next_due_kind: match r.get::<_, Option<String>>(13)? {
            Some(k) => Some(code(&k, DeadlineKind::from_code)?),
            None => None,
        },
        overdue: next_due.is_some_and(|d| d < now),
        warning: false,
        reply_due_at: r.get::<_, Option<i64>>(14)?.map(|t| local(from_ms(t))),
        open_deadlines: open_read(r.get_ref(15)?.as_str_or_null()?, tz, now),
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
pub fn row(conn: &Connection, id: i64, tz: Tz, now: DateTime<Utc>) -> Result<Option<ComplaintRow>> {
    Ok(conn
        .prepare_cached(&format!("{ROW_SELECT} WHERE c.id = ?1"))?
        .query_row([id], |r| read_row(r, tz, now))
        .optional()?)
}

/// List order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortKey {
    /// 受理时间.
    ReceivedAt,
    /// 投诉编号.
    CaseNo,
    /// Earliest open deadline (none last).
    NextDueAt,
    /// 重大 first.
    Severity,
    /// By state.
    State,
}

/// The most rows a list page holds.
pub const PAGE_SIZE_MAX: u32 = 200;

/// Filters, search, order and page of the 查询 list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListQuery {
    /// Free text: any 3+ character substring of name, room, phone, 经过 or 要求; shorter
    /// text matches the start of name, room, phone or case number.
    pub text: Option<String>,
    /// Only this state.
    pub state: Option<ComplaintState>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only this department.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// Only this category.
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Received on or after this local date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Received on or before this local date.
    pub to: Option<String>,
    /// Only those past their earliest open deadline.
    pub overdue_only: bool,
    /// Order.
    pub sort: SortKey,
    /// Descending.
    pub desc: bool,
    /// 1-based page.
    pub page: u32,
    /// Rows per page (1–200).
    pub page_size: u32,
    /// Set by the desk for a viewer who sees confidential complainants masked: free text
    /// then never matches a confidential complaint (except by its case number), so a
    /// search cannot tell whose complaint it is.
    #[serde(skip)]
    #[ts(skip)]
    pub masked_viewer: bool,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            text: None,
            state: None,
            severity: None,
            department_id: None,
            category_id: None,
            channel: None,
            from: None,
            to: None,
            overdue_only: false,
            sort: SortKey::ReceivedAt,
            desc: true,
            page: 1,
            page_size: 50,
            masked_viewer: false,
        }
    }
}

/// A page of the list and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintPage {
    /// The rows of this page.
    pub rows: Vec<ComplaintRow>,
    /// Matching complaints in all, or as far as they were counted (see `more`).
    #[ts(type = "number")]
    pub total: i64,
    /// A search stopped counting at `total` ([`COUNT_CAP`], [`FILTERED_COUNT_CAP`]): there
    /// are more matches ("more than 10,000").
    pub more: bool,
}

/// Where a search with no other filter stops counting its hits (in the full-text index).
pub const COUNT_CAP: i64 = 10_000;
/// Where a search with other filters stops counting: each match is an id collected (and,
/// for dates or "overdue", a complaint read).
pub const FILTERED_COUNT_CAP: i64 = 1_000;

/// The columns a typed text is searched in (not `facets`).
const TEXT_COLUMNS: &str = "{resident_name room phone description resident_request}";

/// An FTS5 query for any substring of the five text columns, quotes doubled.
///
/// Every trigram of `facets` is made of private-use characters only, so a text with any
/// other character cannot match there: only a text of such characters is held to the
/// text columns, which costs the index a look at each hit's positions.
fn fts_phrase(text: &str) -> String {
    let phrase = format!("\"{}\"", text.replace('"', "\"\""));
    if text.chars().any(|c| FACET_CHARS.contains(&c)) {
        format!("{TEXT_COLUMNS} : {phrase}")
    } else {
        phrase
    }
}

/// The characters the facet tokens are spelled with (kind and value characters).
const FACET_CHARS: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E1FF}';

/// The codes of the state, severity and channel facets, in the order of the generated
/// column `facets` (migration 008): a code's value is its 1-based place here.
const STATE_CODES: &str = "|registered|dispatched|inHandling|waitingOnResident|handled|awaitingSignOff|signedOff|notified|calledBack|archived|voided|";
const SEVERITY_CODES: &str = "|major|important|minor|";
const CHANNEL_CODES: &str = "|visit|phone|letter|other|";

/// One of a complaint's five facets (the kind character of its token).
#[derive(Debug, Clone, Copy)]
enum Facet {
    Department = 1,
    Category = 2,
    State = 3,
    Severity = 4,
    Channel = 5,
}

impl Facet {
    /// The three-character token of this facet with `value`, as the generated column
    /// `facets` spells it; none for a value it cannot spell (the filter is then checked
    /// on the complaint).
    fn token(self, value: i64) -> Option<String> {
        let v = u32::try_from(value).ok().filter(|v| *v <= 0xFFFF)?;
        [0xE000 + self as u32, 0xE100 + (v >> 8), 0xE100 + (v & 0xFF)]
            .into_iter()
            .map(char::from_u32)
            .collect()
    }

    /// The token of a code (a state, severity or channel).
    fn code_token(self, codes: &str, code: &str) -> Option<String> {
        let at = codes.find(&format!("|{code}|"))?;
        self.token(at as i64 + 1)
    }
}

/// The facets a complaint with these values is found by, in the order of the column.
#[cfg(test)]
fn facets_of(c: &Complaint) -> String {
    [
        Facet::Department.token(c.department_id),
        Facet::Category.token(c.category_id),
        Facet::State.code_token(STATE_CODES, c.state.code()),
        Facet::Severity.code_token(SEVERITY_CODES, c.severity.code()),
        Facet::Channel.code_token(CHANNEL_CODES, c.channel.code()),
    ]
    .into_iter()
    .map(Option::unwrap_or_default)
    .collect()
}

/// The upper bound of a prefix range (`x` ≤ v < `x\u{10FFFF}`).
fn prefix_end(text: &str) -> String {
    format!("{text}\u{10FFFF}")
}

/// Received on or after, and before: local dates already resolved to instants.
pub type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The `WHERE` clause of the list's filters (aliases `c`) and its bound values.
fn filter(
    q: &ListQuery,
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    // Each `?` of a clause becomes the number of the value bound for it.
    let mut bind = |clauses: &mut Vec<String>, sql: &str, values: Vec<Value>| {
        let mut parts = sql.split('?');
        let mut numbered = parts.next().unwrap_or_default().to_owned();
        for (part, v) in parts.zip(values) {
            args.push(v);
            numbered.push_str(&format!("?{}{part}", args.len()));
        }
        clauses.push(numbered);
    };
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let open = if q.masked_viewer {
            "c.confidential = 0 AND "
        } else {
            ""
        };
        if text.chars().count() >= 3 {
            bind(
                &mut clauses,
                &format!("(({open}c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)) OR c.case_no = ?)"),
                vec![fts_phrase(text).into(), text.to_uppercase().into()],
            );
        } else {
            let (lo, hi) = (text.to_owned(), prefix_end(text));
            bind(
                &mut clauses,
                &format!("({open}((c.resident_name >= ? AND c.resident_name < ?) OR (c.room >= ? AND c.room < ?)
                  OR (c.phone >= ? AND c.phone < ?)))"),
                vec![
                    lo.clone().into(),
                    hi.clone().into(),
                    lo.clone().into(),
                    hi.clone().into(),
                    lo.into(),
                    hi.into(),
                ],
            );
        }
    }
    if let Some(s) = q.state {
        bind(
            &mut clauses,
            "c.state = ?",
            vec![s.code().to_owned().into()],
        );
    }
    if let Some(s) = q.severity {
        bind(
            &mut clauses,
            "c.severity = ?",
            vec![s.code().to_owned().into()],
        );
    }
    if let Some(d) = q.department_id {
        bind(&mut clauses, "c.department_id = ?", vec![d.into()]);
    }
    if let Some(k) = q.category_id {
        bind(&mut clauses, "c.category_id = ?", vec![k.into()]);
    }
    if let Some(ch) = q.channel {
        bind(
            &mut clauses,
            "c.channel = ?",
            vec![ch.code().to_owned().into()],
        );
    }
    if let Some(from) = range.0 {
        bind(&mut clauses, "c.received_at >= ?", vec![ms(from).into()]);
    }
    if let Some(to) = range.1 {
        bind(&mut clauses, "c.received_at < ?", vec![ms(to).into()]);
    }
    if q.overdue_only {
        bind(&mut clauses, "c.next_due_at < ?", vec![ms(now).into()]);
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (filter, args)
}

/// The list's `ORDER BY`.
fn order(q: &ListQuery) -> String {
    let dir = if q.desc { "DESC" } else { "ASC" };
    match q.sort {
        SortKey::ReceivedAt => format!("c.received_at {dir}, c.id {dir}"),
        SortKey::CaseNo => format!("c.case_no {dir}"),
        SortKey::NextDueAt => format!("c.next_due_at IS NULL, c.next_due_at {dir}, c.id"),
        SortKey::Severity => format!(
            "CASE c.severity WHEN 'major' THEN 0 WHEN 'important' THEN 1 ELSE 2 END {dir}, c.received_at DESC"
        ),
        SortKey::State => format!("c.state {dir}, c.received_at DESC"),
    }
}

/// The text searched through the full-text index (three characters or more), if any.
fn fts_text(q: &ListQuery) -> Option<&str> {
    q.text
        .as_deref()
        .map(str::trim)
        .filter(|t| t.chars().count() >= 3)
}

/// Above this many matches, a page in date order walks the received-at index and keeps
/// the matches (each a look-up in the list of hits) until the page is full, instead of
/// reading and sorting every match: 24 ms instead of 200 ms for 116,000 hits, and the
/// same answer.
const WALK_DATES_ABOVE: i64 = 20_000;

/// The statements of one list page, count first, then the page, with their values: what
/// [`list`] runs, and what the query-plan checks explain. A third statement reads the same
/// page by walking the received-at index, for a date-ordered page of many matches
/// ([`WALK_DATES_ABOVE`]).
pub fn list_statements(
    q: &ListQuery,
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
) -> ([String; 3], Vec<Value>) {
    let (filter, args) = filter(q, range, now);
    let order = order(q);
    let size = q.page_size.clamp(1, PAGE_SIZE_MAX);
    let offset = (q.page.max(1) - 1) as i64 * size as i64;
    let count = format!("SELECT count(*) FROM complaints c{filter}");
    // The page's ids first, from the indexes alone where they cover the filter and the
    // order (skipping `offset` index entries, not `offset` rows); then the 50 rows.
    let page = |hint: &str| {
        format!(
            "{ROW_SELECT} WHERE c.id IN (SELECT c.id FROM complaints c{hint}{filter}
                ORDER BY {order} LIMIT {size} OFFSET {offset})
             ORDER BY {order}"
        )
    };
    (
        [count, page(""), page(" INDEXED BY complaints_received")],
        args,
    )
}

/// The filtered, sorted page. `from`/`to` are local dates already resolved to instants.
pub fn list(
    conn: &Connection,
    q: &ListQuery,
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<ComplaintPage> {
    list_counting_to(conn, q, range, tz, now, COUNT_CAP)
}

/// [`list`], a search counting its matches up to `cap` (and [`FILTERED_COUNT_CAP`] with
/// other filters).
pub(crate) fn list_counting_to(
    conn: &Connection,
    q: &ListQuery,
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    tz: Tz,
    now: DateTime<Utc>,
    cap: i64,
) -> Result<ComplaintPage> {
    let ([count, page, walk], args) = list_statements(q, range, now);
    let searched = fts_text(q).map(|text| Search::new(q, text, range, now));
    // A search with other filters collects its matches' ids as it counts them: when they
    // are few, the page is picked from them instead of walking the hits again.
    let (total, more, numbered, known) = if let Some(search) = &searched {
        let cap = if search.filtered {
            cap.min(FILTERED_COUNT_CAP)
        } else {
            cap
        };
        let mut values = search.hits_args.clone();
        values.push((cap + 1).into());
        let mut stmt = conn.prepare_cached(&search.hits)?;
        let (hits, known) = if search.filtered {
            let ids: Vec<i64> = stmt
                .query_map(params_from_iter(values), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            (ids.len() as i64, Some(ids))
        } else {
            (
                stmt.query_row(params_from_iter(values), |r| r.get(0))?,
                None,
            )
        };
        let mut stmt = conn.prepare_cached(&search.numbered)?;
        let numbered: Option<(i64, i64)> = stmt
            .query_row(params_from_iter(search.numbered_args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let counted = hits + i64::from(numbered.is_some());
        let known = known.filter(|ids| ids.len() as i64 <= cap);
        (counted.min(cap), counted > cap, numbered, known)
    } else if args.is_empty() {
        // Nothing filtered: complaints are never deleted (a trigger refuses it) and SQLite
        // gives each new row the highest id + 1, so the highest id is the count, read in
        // one step instead of counting a million index entries.
        let total = conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM complaints")?
            .query_row([], |r| r.get(0))?;
        (total, false, None, None)
    } else {
        let total = conn
            .prepare_cached(&count)?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        (total, false, None, None)
    };
    let rows = match &searched {
        Some(search) if q.sort == SortKey::ReceivedAt && q.desc => {
            let size = q.page_size.clamp(1, PAGE_SIZE_MAX) as usize;
            let offset = (q.page.max(1) - 1) as usize * size;
            if offset >= total.max(0) as usize {
                // Past the last counted hit: an empty page with the total, and no walk
                // that keeps `offset` hits in memory.
                return Ok(ComplaintPage {
                    rows: Vec::new(),
                    total,
                    more,
                });
            }
            let mut best = match known {
                Some(ids) => received(conn, &ids)?,
                None => newest_hits(conn, search, offset + size)?,
            };
            best.extend(numbered);
            best.sort_by_key(|&(id, received)| std::cmp::Reverse((received, id)));
            let ids: Vec<String> = best
                .iter()
                .skip(offset)
                .take(size)
                .map(|(id, _)| id.to_string())
                .collect();
            let mut stmt = conn.prepare(&format!(
                "{ROW_SELECT} WHERE c.id IN ({}) ORDER BY {}",
                ids.join(", "),
                order(q)
            ))?;
            let rows = stmt
                .query_map([], |r| read_row(r, tz, now))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        }
        _ => {
            let many = more || total > WALK_DATES_ABOVE;
            let page = if searched.is_some() && q.sort == SortKey::ReceivedAt && many {
                walk
            } else {
                page
            };
            let mut stmt = conn.prepare_cached(&page)?;
            let rows = stmt
                .query_map(params_from_iter(args.iter()), |r| read_row(r, tz, now))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        }
    };
    Ok(ComplaintPage { rows, total, more })
}

/// A full-text search and the list's other filters, as statements driven by the hits.
///
/// Department, category, state, severity and channel are tokens of the index (`facets`,
/// migration 008): the index intersects them with the text's hits. Dates and "overdue"
/// are checked on each hit's complaint.
struct Search {
    /// Other filters than the text: the hits are collected, not only counted.
    filtered: bool,
    /// The hits' ids up to a limit (the last value), or their count for the text alone.
    hits: String,
    /// The hits' statement's values, without the limit.
    hits_args: Vec<Value>,
    /// The complaint whose case number was typed, when it matches the other filters and
    /// is not also a hit of the text.
    numbered: String,
    numbered_args: Vec<Value>,
    /// The matching hits from the last registered down, with their receipt and bound
    /// (the hits' values).
    walk: String,
}

impl Search {
    fn new(q: &ListQuery, text: &str, range: Range, now: DateTime<Utc>) -> Self {
        let others = ListQuery {
            text: None,
            ..q.clone()
        };
        // The filters the index cannot answer stay in `rest`.
        let mut rest = ListQuery {
            state: None,
            severity: None,
            department_id: None,
            category_id: None,
            channel: None,
            ..others.clone()
        };
        let mut tokens: Vec<String> = Vec::new();
        let mut token = |t: Option<String>| t.map(|t| tokens.push(t)).is_none();
        if q.department_id
            .is_some_and(|d| token(Facet::Department.token(d)))
        {
            rest.department_id = q.department_id;
        }
        if q.category_id
            .is_some_and(|k| token(Facet::Category.token(k)))
        {
            rest.category_id = q.category_id;
        }
        if q.state
            .is_some_and(|s| token(Facet::State.code_token(STATE_CODES, s.code())))
        {
            rest.state = q.state;
        }
        if q.severity
            .is_some_and(|s| token(Facet::Severity.code_token(SEVERITY_CODES, s.code())))
        {
            rest.severity = q.severity;
        }
        if q.channel
            .is_some_and(|c| token(Facet::Channel.code_token(CHANNEL_CODES, c.code())))
        {
            rest.channel = q.channel;
        }
        let phrase = fts_phrase(text);
        let mut matched = phrase.clone();
        for t in &tokens {
            matched.push_str(&format!(" AND facets : \"{t}\""));
        }
        let (rest, mut hits_args) = filter(&rest, range, now);
        let (all, mut numbered_args) = filter(&others, range, now);
        // A filter is " WHERE …" or empty: here it joins the hits' own condition.
        let mut rest = rest.replacen(" WHERE ", " AND ", 1);
        if q.masked_viewer {
            // The text never finds a confidential complaint for this viewer (its case
            // number, in `numbered`, still does).
            rest.push_str(" AND c.confidential = 0");
        }
        let all = all.replacen(" WHERE ", " AND ", 1);
        let (n, m) = (hits_args.len(), numbered_args.len());
        hits_args.push(matched.into());
        numbered_args.extend([Value::from(phrase), Value::from(text.to_uppercase())]);
        let complaint = if rest.is_empty() {
            ""
        } else {
            " JOIN complaints c ON c.id = f.rowid"
        };
        let filtered = !all.is_empty() || q.masked_viewer;
        Self {
            filtered,
            hits: if filtered {
                format!(
                    "SELECT f.rowid FROM complaints_fts f{complaint}
                     WHERE complaints_fts MATCH ?{}{rest} LIMIT ?{}",
                    n + 1,
                    n + 2
                )
            } else {
                // Only the text: counted in the index, without reading a complaint.
                "SELECT count(*) FROM (SELECT 1 FROM complaints_fts WHERE complaints_fts MATCH ?1
                 LIMIT ?2)"
                    .to_owned()
            },
            hits_args,
            numbered: format!(
                "SELECT c.id, c.received_at FROM complaints c WHERE c.case_no = ?{}
                   AND c.id NOT IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?{}){all}",
                m + 2,
                m + 1
            ),
            numbered_args,
            walk: format!(
                "SELECT o.complaint_id, o.received_at, o.received_upto
                 FROM complaints_fts f JOIN complaint_order o ON o.complaint_id = f.rowid{complaint}
                 WHERE complaints_fts MATCH ?{}{rest} ORDER BY f.rowid DESC",
                n + 1
            ),
        }
    }
}

/// The complaints' ids with their receipt.
fn received(conn: &Connection, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT complaint_id, received_at FROM complaint_order WHERE complaint_id IN ({})",
        ids.join(", ")
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The `k` hits received last (id and received_at, newest first by received_at then id).
///
/// Hits are walked from the last registered down (the full-text index gives them in id
/// order). A complaint may be received before it is registered, so a later id is not
/// always a later receipt; but no complaint registered before this one was received after
/// its `received_upto` (table `complaint_order`, migration 007). Once the `k` kept are all
/// received at or after it, no hit still to come can be among them: the walk stops after
/// about `k` hits, not 100,000.
fn newest_hits(conn: &Connection, search: &Search, k: usize) -> Result<Vec<(i64, i64)>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut stmt = conn.prepare_cached(&search.walk)?;
    let mut rows = stmt.query(params_from_iter(search.hits_args.iter()))?;
    // The k best so far, the worst of them on top.
    let mut kept: BinaryHeap<Reverse<(i64, i64)>> = BinaryHeap::with_capacity(k + 1);
    while let Some(r) = rows.next()? {
        let (id, received, upto): (i64, i64, Option<i64>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        kept.push(Reverse((received, id)));
        if kept.len() > k {
            kept.pop();
        }
        let bound = upto.unwrap_or(i64::MAX);
        if kept.len() == k
            && kept
                .peek()
                .is_some_and(|Reverse((worst, _))| *worst >= bound)
        {
            break;
        }
    }
    Ok(kept
        .into_iter()
        .map(|Reverse((received, id))| (id, received))
        .collect())
}

/// Segments the search index may hold after the daily upkeep. FTS5 writes each
/// transaction's changes as a segment and merges them by levels, so a desk in use keeps
/// from a few to a few dozen, and a search reads each term from every segment: at
/// 1,000,000 complaints, 水管接 within 秩序维护部 takes 4.3 ms on one segment and 7.3 ms
/// on 11. Merging them all takes a moment at a service center's size (6 s at 1,000,000
/// complaints), once a day.
pub const SEARCH_SEGMENTS_KEPT: i64 = 1;

/// How many segments the search index has (each has at least one entry in FTS5's
/// `_idx` table, keyed by segment).
pub fn search_segments(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(DISTINCT segid) FROM complaints_fts_idx",
        [],
        |r| r.get(0),
    )?)
}

/// Merges the search index into one segment when it holds more than
/// [`SEARCH_SEGMENTS_KEPT`], and gives the write-ahead log its space back (the merge
/// rewrites the whole index); whether it merged. One statement: a failure leaves the index
/// as it was.
pub fn tidy_search_index(conn: &Connection) -> Result<bool> {
    if search_segments(conn)? <= SEARCH_SEGMENTS_KEPT {
        return Ok(false);
    }
    conn.execute_batch("INSERT INTO complaints_fts (complaints_fts) VALUES ('optimize')")?;
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    Ok(true)
}

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
    conn: &Connection,
    q: &ListQuery,
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
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
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        Ok(ExportRow {
            complaint: read(r)?,
            receptionist: r.get(28)?,
            department: r.get(29)?,
            category: r.get(30)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The same room or phone: open complaints, and any registered since `since` (repeat
/// detection, evidence for major (a)). Most recent first.
pub fn repeats(
    conn: &Connection,
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
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![room, phone, ms(since)], |r| read_row(r, tz, now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

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
enum Due {
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
/// and, for a department, `?2` = the department. Every one is a walk of one index range
/// that stops at `limit`, never a sort of the whole queue.
pub fn queue_statements(q: Queue, scope: QueueScope, limit: u32) -> Vec<[Option<String>; 3]> {
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
                    format!("c.state = '{state}' AND ?1 = ?1{dept}"),
                    "c.next_due_at",
                    true,
                ),
                Part::Kind(kind) => (
                    format!("c.next_due_kind = '{kind}' AND ?1 = ?1{dept}"),
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
                        format!("c.awaiting = '{}' AND ?1 = ?1{dept}{approver}", a.code()),
                        "c.next_due_at",
                        true,
                    )
                }
                Part::Due(d) => (
                    format!("{} IS NOT NULL AND ?1 = ?1{dept}", d.column()),
                    d.column(),
                    false,
                ),
                Part::AfterHours => (
                    format!("c.after_hours = 1 AND c.state = 'registered' AND ?1 = ?1{dept}"),
                    "c.next_due_at",
                    true,
                ),
                Part::Overdue => (format!("c.next_due_at < ?1{dept}"), "c.next_due_at", false),
            };
            [
                Some(format!("SELECT count(*) FROM complaints c WHERE {filter}")),
                Some(format!(
                    "{ROW_SELECT} WHERE {filter} AND {due} IS NOT NULL
                     ORDER BY {due}, c.id LIMIT {limit}"
                )),
                undated.then(|| {
                    format!(
                        "{ROW_SELECT} WHERE {filter} AND {due} IS NULL
                         ORDER BY c.id LIMIT {limit}"
                    )
                }),
            ]
        })
        .collect()
}

/// What [`queue_statements`] bind.
pub fn queue_args(department: Option<i64>, now: DateTime<Utc>) -> Vec<Value> {
    let mut args = vec![Value::Integer(ms(now))];
    args.extend(department.map(Value::Integer));
    args
}

/// One queue: how many, and the most urgent `limit` of them (earliest due first, those
/// without a due time last), within the reader's scope. A row of 约定答复到期 counts down
/// to the promised day (its `next_due_*` say so).
pub fn queue(
    conn: &Connection,
    q: Queue,
    scope: QueueScope,
    limit: u32,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<ComplaintRow>)> {
    let args = queue_args(scope.department, now);
    let bind = || params_from_iter(args.iter());
    let (mut count, mut dated, mut undated) = (0, Vec::new(), Vec::new());
    let parts = q.parts().iter().zip(queue_statements(q, scope, limit));
    for (part, [total, due, none]) in parts {
        if let Some(sql) = total {
            count += conn
                .prepare_cached(&sql)?
                .query_row(bind(), |r| r.get::<_, i64>(0))?;
        }
        for (sql, into) in [(due, &mut dated), (none, &mut undated)] {
            if let Some(sql) = sql {
                let mut stmt = conn.prepare_cached(&sql)?;
                let rows = stmt.query_map(bind(), |r| read_row(r, tz, now))?;
                for row in rows {
                    let mut row = row?;
                    // A queue of one deadline counts down to that deadline.
                    if let Part::Due(d) = part {
                        if let Some(o) = row.open_deadlines.iter().find(|o| o.kind == d.kind()) {
                            row.next_due_at = Some(o.due_at);
                            row.next_due_kind = Some(o.kind);
                            row.overdue = o.overdue;
                            row.warning = o.warning;
                        }
                    }
                    into.push(row);
                }
            }
        }
    }
    dated.sort_by_key(|r: &ComplaintRow| (r.next_due_at, r.id));
    undated.sort_by_key(|r| r.id);
    dated.extend(undated);
    dated.truncate(limit as usize);
    Ok((count, dated))
}

/// Complaints whose next deadline turned amber (预警) or passed its due time in
/// `(since, now]`, with their department: what the desks' native notifications announce.
/// At most 200, the latest first; what crossed earlier is on the dashboard.
pub fn crossed(
    conn: &Connection,
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
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([ms(since), ms(now)], |r| {
        Ok((r.get::<_, i64>(18)?, read_row(r, tz, now)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The highest complaint id (0 for none).
pub fn max_id(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM complaints", [], |r| {
            r.get(0)
        })?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A desk in a temporary folder with `n` generated complaints, and its clock.
    fn seeded(n: u64) -> (tempfile::TempDir, crate::Desk, DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = crate::Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        crate::seed::seed_many(&mut desk, n, now).unwrap();
        (dir, desk, now)
    }

    /// How many complaints the search index matches to an FTS5 query (only `rowid`, if
    /// given).
    fn matching(conn: &Connection, query: &str, rowid: Option<i64>) -> i64 {
        conn.query_row(
            "SELECT count(*) FROM complaints_fts
             WHERE complaints_fts MATCH ?1 AND (?2 IS NULL OR rowid = ?2)",
            params![query, rowid],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A search with no other filter stops counting at the cap and says there are more;
    /// below the cap it counts exactly.
    #[test]
    fn a_search_counts_to_its_cap() {
        let (_dir, desk, now) = seeded(2_000);
        let conn = desk.connection();
        let tz = chrono_tz::Asia::Shanghai;
        let hits = |text: &str| matching(conn, &fts_phrase(text), None);
        let search = |text: &str, cap| {
            let q = ListQuery {
                text: Some(text.into()),
                ..ListQuery::default()
            };
            list_counting_to(conn, &q, (None, None), tz, now, cap).unwrap()
        };
        // Room numbers: every building's first unit.
        let common = hits("-1-");
        assert!(common > 200, "{common}");
        let page = search("-1-", 100);
        assert_eq!((page.total, page.more, page.rows.len()), (100, true, 50));
        let page = search("-1-", common);
        assert_eq!((page.total, page.more), (common, false));
        let page = search("-1-", common - 1);
        assert_eq!((page.total, page.more), (common - 1, true));
        // With a department, the matches are counted in the index too.
        let in_department: i64 = conn
            .query_row(
                "SELECT count(*) FROM complaints_fts f JOIN complaints c ON c.id = f.rowid
                 WHERE complaints_fts MATCH ?1 AND c.department_id = 1",
                [fts_phrase("-1-")],
                |r| r.get(0),
            )
            .unwrap();
        assert!(in_department > 60, "{in_department}");
        let q = ListQuery {
            text: Some("-1-".into()),
            department_id: Some(1),
            ..ListQuery::default()
        };
        let page = list_counting_to(conn, &q, (None, None), tz, now, 50).unwrap();
        assert_eq!((page.total, page.more), (50, true));
        assert!(page.rows.iter().all(|r| r.department_name == "工程维修部"));
        let page = list_counting_to(conn, &q, (None, None), tz, now, in_department).unwrap();
        assert_eq!((page.total, page.more), (in_department, false));
    }

    /// Every state, severity and channel, and any department and category, has a facet
    /// token; the generated column spells it as [`facets_of`] does, and the index follows
    /// each change: it finds the complaint by its new facets and no longer by the old.
    #[test]
    fn every_value_has_a_facet_and_the_index_follows_changes() {
        use crate::model::{Channel, ComplaintState, Severity};
        let (_dir, desk, _) = seeded(50);
        let conn = desk.connection();
        let found = |token: &str| matching(conn, &format!("facets : \"{token}\""), Some(7));
        let tokens = |facets: &str| -> Vec<String> {
            let chars: Vec<char> = facets.chars().collect();
            chars.chunks(3).map(|t| t.iter().collect()).collect()
        };
        let mut before: Vec<String> = Vec::new();
        for (i, &state) in ComplaintState::ALL.iter().enumerate() {
            let severity = Severity::ALL[i % Severity::ALL.len()];
            let channel = Channel::ALL[i % Channel::ALL.len()];
            conn.execute(
                "UPDATE complaints SET state = ?2, severity = ?3, channel = ?4,
                    department_id = ?5, category_id = ?6 WHERE id = ?1",
                params![
                    7,
                    state.code(),
                    severity.code(),
                    channel.code(),
                    1 + i as i64 % 5,
                    1 + i as i64 % 9
                ],
            )
            .unwrap();
            let c = get(conn, 7).unwrap().unwrap();
            let stored: String = conn
                .query_row("SELECT facets FROM complaints WHERE id = 7", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(stored, facets_of(&c), "{state:?} {severity:?} {channel:?}");
            let now_tokens = tokens(&stored);
            assert_eq!(now_tokens.len(), 5);
            for t in &now_tokens {
                assert_eq!(found(t), 1, "{state:?}: {t:?}");
            }
            for t in before.iter().filter(|t| !now_tokens.contains(t)) {
                assert_eq!(found(t), 0, "{state:?}: {t:?} still found");
            }
            before = now_tokens;
        }
        // Text typed with the facets' characters is held to the text columns.
        let facets: String = conn
            .query_row("SELECT facets FROM complaints WHERE id = 7", [], |r| {
                r.get(0)
            })
            .unwrap();
        let count = |query: &str| matching(conn, query, None);
        assert_eq!(count(&format!("\"{facets}\"")), 1);
        assert_eq!(count(&fts_phrase(&facets)), 0);
        assert_eq!(count(&fts_phrase("楼下住户")), count("\"楼下住户\""));
        // The index holds exactly what the complaints' columns give.
        conn.execute(
            "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        // Codes are told apart, and a value beyond two characters has no token.
        let states: std::collections::HashSet<_> = ComplaintState::ALL
            .iter()
            .map(|s| Facet::State.code_token(STATE_CODES, s.code()).unwrap())
            .collect();
        assert_eq!(states.len(), ComplaintState::ALL.len());
        assert!(Facet::Department.token(0x1_0000).is_none());
        assert!(Facet::Department.token(-1).is_none());
    }
}
