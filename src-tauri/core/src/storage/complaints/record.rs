//! The complaint's row: case numbers, registration, reading, its standing (deadlines,
//! waits, flags) and the form's corrections.

use super::*;
use crate::storage::db::{args, Db, Row as DbRow};

/// Hands out the next case number of the local day `TS-YYYYMMDD-NNN`. Must run inside
/// the registering (immediate) transaction so that two writers never get the same one.
pub fn allocate_case_no(conn: &dyn Db, local_day: NaiveDate) -> Result<String> {
    let day = local_day.format("%Y%m%d").to_string();
    let last: i64 = conn.scalar(
        "INSERT INTO case_counters (day, last) VALUES (?1, 1)
         ON CONFLICT (day) DO UPDATE SET last = case_counters.last + 1 RETURNING last",
        args![day.as_str()],
    )?;
    Ok(format!("TS-{day}-{last:03}"))
}

/// Inserts a registered complaint and returns its id: the next after the highest, so that
/// ids stay gap-free on both stores (the server's writers take turns; see `Desk::write`).
pub fn insert(
    conn: &dyn Db,
    case_no: &str,
    reg: &Registration,
    receptionist_id: i64,
    policy_version: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.scalar(
        "INSERT INTO complaints (id, case_no, received_at, channel, receptionist_id, resident_name,
            room, phone, contact_method, occurred_at, location, department_id, accused_person,
            description, resident_request, resident_deadline, category_id, severity, valid,
            invalid_reason, ongoing_harm, immediate_measure, state, policy_version, updated_at,
            confidential, accused_user_id)
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM complaints), ?1, ?2, ?3, ?4, ?5, ?6, ?7,
            ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 'registered',
            ?22, ?23, ?24, ?25)
         RETURNING id",
        args![
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
        ],
    )
}

pub(super) const COLUMNS: &str = "id, case_no, received_at, channel, receptionist_id, resident_name, room, phone,
    contact_method, occurred_at, location, department_id, accused_person, description, resident_request,
    resident_deadline, category_id, severity, valid, invalid_reason, ongoing_harm, immediate_measure,
    state, policy_version, next_due_at, next_due_kind, confidential, accused_user_id";

pub(super) fn read(r: &DbRow) -> Result<Complaint> {
    Ok(Complaint {
        id: r.get(0)?,
        case_no: r.get(1)?,
        received_at: from_ms(r.get(2)?),
        channel: r.code(3, Channel::from_code)?,
        receptionist_id: r.get(4)?,
        resident_name: r.get(5)?,
        room: r.get(6)?,
        phone: r.get(7)?,
        contact_method: r.code(8, ContactMethod::from_code)?,
        occurred_at: r.get::<Option<i64>>(9)?.map(from_ms),
        location: r.get(10)?,
        department_id: r.get(11)?,
        accused_person: r.get(12)?,
        description: r.get(13)?,
        resident_request: r.get(14)?,
        resident_deadline: r.get::<Option<i64>>(15)?.map(from_ms),
        category_id: r.get(16)?,
        severity: r.code(17, Severity::from_code)?,
        valid: r.get(18)?,
        invalid_reason: r.get(19)?,
        ongoing_harm: r.get(20)?,
        immediate_measure: r.get(21)?,
        state: r.code(22, ComplaintState::from_code)?,
        policy_version: r.get(23)?,
        next_due_at: r.get::<Option<i64>>(24)?.map(from_ms),
        next_due_kind: match r.get::<Option<String>>(25)? {
            Some(k) => Some(code(&k, DeadlineKind::from_code)?),
            None => None,
        },
        confidential: r.get(26)?,
        accused_user_id: r.get(27)?,
    })
}

/// One complaint by id.
pub fn get(conn: &dyn Db, id: i64) -> Result<Option<Complaint>> {
    conn.opt(
        &format!("SELECT {COLUMNS} FROM complaints WHERE id = ?1"),
        args![id],
        read,
    )
}

/// One complaint by case number.
pub fn by_case_no(conn: &dyn Db, case_no: &str) -> Result<Option<Complaint>> {
    conn.opt(
        &format!("SELECT {COLUMNS} FROM complaints WHERE case_no = ?1"),
        args![case_no],
        read,
    )
}

/// Rewrites what a step changes: state, department, severity and the derived next deadline.
pub fn update_standing(
    conn: &dyn Db,
    c: &Complaint,
    waits: &Waits,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE complaints SET state = ?2, department_id = ?3, severity = ?4, next_due_at = ?5,
            next_due_kind = ?6, updated_at = ?7, awaiting = ?8, reply_due_at = ?9,
            forward_due_at = ?10, open_deadlines = ?11, next_warn_at = ?12, after_hours = ?13
         WHERE id = ?1",
        args![
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
        ],
    )?;
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
pub(super) fn open_json(open: &[OpenDue]) -> Option<String> {
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

/// Open complaints whose standing a version upgrade asks to restate, and clears the ask.
pub fn standing_pending(conn: &dyn Db) -> Result<Option<Vec<i64>>> {
    let pending: bool = conn.scalar("SELECT EXISTS (SELECT 1 FROM standing_pending)", args![])?;
    if !pending {
        return Ok(None);
    }
    let ids = conn.all(
        "SELECT id FROM complaints WHERE state NOT IN ('archived', 'voided') ORDER BY id",
        args![],
        |r| r.get(0),
    )?;
    Ok(Some(ids))
}

/// The upgrade's restatement is done.
pub fn standing_restated(conn: &dyn Db) -> Result<()> {
    conn.execute("DELETE FROM standing_pending", args![])?;
    Ok(())
}

/// Rewrites the registered form's columns (a correction). The case number, the
/// receptionist and the policy version never change.
pub fn update_form(conn: &dyn Db, c: &Complaint) -> Result<()> {
    conn.execute(
        "UPDATE complaints SET received_at = ?2, channel = ?3, resident_name = ?4, room = ?5,
            phone = ?6, contact_method = ?7, occurred_at = ?8, location = ?9,
            accused_person = ?10, description = ?11, resident_request = ?12,
            resident_deadline = ?13, category_id = ?14, valid = ?15, invalid_reason = ?16,
            ongoing_harm = ?17, immediate_measure = ?18, confidential = ?19,
            accused_user_id = ?20
         WHERE id = ?1",
        args![
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
        ],
    )?;
    Ok(())
}

/// Valid complaints not yet handled, below major, registered before `before`: the
/// candidates for the one-month raise.
pub fn raise_candidates(conn: &dyn Db, before: DateTime<Utc>) -> Result<Vec<i64>> {
    conn.all(
        "SELECT id FROM complaints
         WHERE state IN ('registered', 'dispatched', 'inHandling', 'waitingOnResident')
           AND received_at <= ?1 AND severity <> 'major' AND valid = 1",
        args![ms(before)],
        |r| r.get(0),
    )
}

/// The highest complaint id (0 for none).
pub fn max_id(conn: &dyn Db) -> Result<i64> {
    conn.scalar("SELECT coalesce(max(id), 0) FROM complaints", args![])
}

/// The complaint recorded under a registration's key, with who registered it.
pub fn keyed(conn: &dyn Db, key: &str) -> Result<Option<(i64, i64)>> {
    conn.opt(
        "SELECT complaint_id, receptionist_id FROM registration_keys WHERE key = ?1",
        args![key],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Records the key a complaint was registered under.
pub fn keep_key(conn: &dyn Db, key: &str, complaint_id: i64, receptionist_id: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO registration_keys (key, complaint_id, receptionist_id) VALUES (?1, ?2, ?3)",
        args![key, complaint_id, receptionist_id],
    )?;
    Ok(())
}
