//! What the 投诉详情 page shows: the form, the timeline, every deadline and the actions
//! the viewer may take. Times are in the center's zone.

use crate::deadline::{Deadline, DeadlineKind, DeadlineStatus};
use crate::event::{Event, EventData};
use crate::model::{Channel, Complaint, ContactMethod, Role, Severity, User};
use crate::roles::Action;
use crate::storage::complaints::ComplaintRow;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

/// The registered form, as printed and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintForm {
    /// 受理时间.
    pub received_at: DateTime<FixedOffset>,
    /// 受理方式.
    pub channel: Channel,
    /// 接待员.
    pub receptionist_name: String,
    /// 住户姓名.
    pub resident_name: String,
    /// 房号.
    pub room: String,
    /// 联系电话.
    pub phone: String,
    /// 联系方式偏好.
    pub contact_method: ContactMethod,
    /// 事件发生时间.
    pub occurred_at: Option<DateTime<FixedOffset>>,
    /// 事件发生地点.
    pub location: String,
    /// 被投诉部门.
    #[ts(type = "number")]
    pub department_id: i64,
    /// 被投诉人.
    pub accused_person: Option<String>,
    /// 被投诉人 as a user of the center.
    #[ts(type = "number | null")]
    pub accused_user_id: Option<i64>,
    /// 投诉事件经过.
    pub description: String,
    /// 住户要求.
    pub resident_request: String,
    /// 住户要求期限.
    pub resident_deadline: Option<DateTime<FixedOffset>>,
    /// 投诉类别.
    #[ts(type = "number")]
    pub category_id: i64,
    /// 投诉等级.
    pub severity: Severity,
    /// 有效投诉.
    pub valid: bool,
    /// 无效原因.
    pub invalid_reason: Option<String>,
    /// 正在造成损害.
    pub ongoing_harm: bool,
    /// 已采取的紧急措施.
    pub immediate_measure: Option<String>,
    /// The deadline policy version it runs under.
    #[ts(type = "number")]
    pub policy_version: i64,
    /// 保密.
    pub confidential: bool,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineEntry {
    /// Event id.
    #[ts(type = "number")]
    pub id: i64,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who (系统 for automatic steps).
    pub actor_name: String,
    /// Their role, none for the system.
    pub actor_role: Option<Role>,
    /// What happened.
    pub event: EventData,
}

/// A deadline in the center's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineView {
    /// Which.
    pub kind: DeadlineKind,
    /// Clock start.
    pub started_at: DateTime<FixedOffset>,
    /// Due.
    pub due_at: DateTime<FixedOffset>,
    /// Met.
    pub met_at: Option<DateTime<FixedOffset>>,
    /// Status at the time asked.
    pub status: DeadlineStatus,
    /// Paused while waiting on the resident.
    pub paused: bool,
    /// When it turns amber (预警).
    pub warn_at: DateTime<FixedOffset>,
    /// Counted in working time (office hours, working days).
    pub working: bool,
    /// The rule it follows, in words: 「登记后 10 个办公分钟内（非办公时间不计时）」.
    pub rule: String,
    /// The same in English.
    pub rule_en: String,
}

impl DeadlineView {
    /// In the center's zone, with the rule `policy` gives it for a complaint of `severity`.
    pub fn new(
        d: &Deadline,
        policy: &crate::deadline::DeadlinePolicy,
        severity: crate::model::Severity,
    ) -> Self {
        let tz = policy.tz();
        let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
        let (rule, rule_en) = policy.rule(d.kind, severity, d.basis);
        Self {
            kind: d.kind,
            started_at: local(d.started_at),
            due_at: local(d.due_at),
            met_at: d.met_at.map(local),
            status: d.status,
            paused: d.paused,
            warn_at: local(d.warn_at),
            working: d.working,
            rule,
            rule_en,
        }
    }
}

/// An extension waiting for its approver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PendingExtension {
    /// The deadline asked for.
    pub new_deadline: DateTime<FixedOffset>,
    /// Why.
    pub reason: String,
    /// Who must approve.
    pub approver: Role,
}

/// Everything the detail page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintDetail {
    /// The list line (case number, names, state, next deadline).
    pub row: ComplaintRow,
    /// The form.
    pub form: ComplaintForm,
    /// Every event, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Every deadline that applies.
    pub deadlines: Vec<DeadlineView>,
    /// What the viewer may do now.
    pub actions: Vec<Action>,
    /// An extension waiting for approval.
    pub pending_extension: Option<PendingExtension>,
    /// The next reply date promised to the resident.
    pub next_reply_on: Option<NaiveDate>,
    /// Photos, scans and PDFs kept with it, oldest first (removed ones marked).
    pub attachments: Vec<crate::storage::attachments::Attachment>,
}

/// The form of a stored complaint, in the center's zone.
pub fn form(c: &Complaint, receptionist_name: String, tz: Tz) -> ComplaintForm {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
    ComplaintForm {
        received_at: local(c.received_at),
        channel: c.channel,
        receptionist_name,
        resident_name: c.resident_name.clone(),
        room: c.room.clone(),
        phone: c.phone.clone(),
        contact_method: c.contact_method,
        occurred_at: c.occurred_at.map(local),
        location: c.location.clone(),
        department_id: c.department_id,
        accused_person: c.accused_person.clone(),
        accused_user_id: c.accused_user_id,
        description: c.description.clone(),
        resident_request: c.resident_request.clone(),
        resident_deadline: c.resident_deadline.map(local),
        category_id: c.category_id,
        severity: c.severity,
        valid: c.valid,
        invalid_reason: c.invalid_reason.clone(),
        ongoing_harm: c.ongoing_harm,
        immediate_measure: c.immediate_measure.clone(),
        policy_version: c.policy_version,
        confidential: c.confidential,
    }
}

/// The timeline, naming each actor.
pub fn timeline(
    events: &[Event],
    actor: impl Fn(i64) -> Option<User>,
    roles: &std::collections::HashMap<i64, Role>,
    tz: Tz,
) -> Vec<TimelineEntry> {
    events
        .iter()
        .map(|e| {
            let who = actor(e.actor_id).filter(|_| e.actor_id != crate::model::SYSTEM_USER_ID);
            TimelineEntry {
                id: e.id,
                at: e.at.with_timezone(&tz).fixed_offset(),
                actor_name: who
                    .as_ref()
                    .map_or_else(|| "系统".to_owned(), |u| u.display_name.clone()),
                // The role the step was taken in; the actor's main role for older events.
                actor_role: who.map(|u| roles.get(&e.id).copied().unwrap_or(u.role)),
                event: e.data.clone(),
            }
        })
        .collect()
}

/// The last promised reply date, if any.
pub fn next_reply_on(events: &[Event]) -> Option<NaiveDate> {
    events.iter().rev().find_map(|e| match e.data {
        EventData::NextReplyPromised { promised_on, .. } => Some(promised_on),
        _ => None,
    })
}
