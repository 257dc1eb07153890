//! The timeline: every step appends one event. Events are never changed or removed;
//! the complaint's state and its deadlines are derived from them.

use crate::model::{CallbackMethod, Exclusion, NotifyMethod, Role, Satisfaction, Severity};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What happened, with what was recorded at that step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum EventData {
    /// The form was registered at the desk. A paper form filled in while the desk was
    /// down and typed in later (补录) keeps its paper received time as the event's time
    /// and says when it was typed in.
    Registered {
        /// When a paper form was typed in; `None` for a form registered as it came.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional, type = "string")]
        backfilled_at: Option<DateTime<Utc>>,
    },
    /// The form went to the department; the recipient signed the register.
    Dispatched {
        /// The department it went to.
        #[ts(type = "number")]
        department_id: i64,
        /// 领表人.
        recipient: String,
    },
    /// 回退: the department says it is not theirs; back to the desk for re-dispatch.
    DispatchReturned {
        /// Why it was misdirected.
        reason: String,
    },
    /// 转呈 to the general manager (major) or managing manager (important).
    Forwarded {
        /// The role it went to.
        to_role: Role,
        /// The person, when named.
        to_name: Option<String>,
    },
    /// A dated note of the handling process (1.4).
    HandlingNote {
        /// The note.
        note: String,
    },
    /// The handling clock stops: waiting on the resident.
    WaitStarted {
        /// Why (e.g. no access to the flat).
        reason: String,
    },
    /// The handling clock runs again.
    WaitEnded,
    /// The department finished handling.
    Handled {
        /// 处理结果.
        result: String,
    },
    /// The receptionist logged the form's return to the desk.
    FormReturned,
    /// 签批: an electronic signature (the actor's name, role and the time are the event's).
    SignedOff {
        /// Approved, or rejected back to handling.
        approved: bool,
        /// Comment, or the reason for rejecting.
        comment: String,
    },
    /// The resident was told the result (1.5).
    ResidentNotified {
        /// Phone or in person.
        method: NotifyMethod,
        /// What the resident said.
        response: String,
        /// Who did it, when someone at the desk entered it for them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        done_by: Option<Doer>,
        /// When it was done, when earlier than it was entered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        done_at: Option<DateTime<Utc>>,
    },
    /// A callback (1.6); `reached == false` means the resident could not be reached.
    CalledBack {
        /// Whether the resident was reached.
        reached: bool,
        /// Phone or visit.
        method: CallbackMethod,
        /// 服务态度.
        attitude: Option<Satisfaction>,
        /// 工作作风.
        conduct: Option<Satisfaction>,
        /// 处理结果.
        result: Option<Satisfaction>,
        /// Remarks.
        remarks: String,
        /// Left out of the satisfaction rate, and why.
        exclusion: Option<Exclusion>,
        /// The reason for the exclusion.
        exclusion_reason: Option<String>,
        /// Who did it, when someone at the desk entered it for them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        done_by: Option<Doer>,
        /// When it was done, when earlier than it was entered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        done_at: Option<DateTime<Utc>>,
    },
    /// Back to handling after an unsatisfied callback.
    Reopened {
        /// Why.
        reason: String,
    },
    /// More time was asked for.
    ExtensionRequested {
        /// The deadline asked for.
        new_deadline: DateTime<Utc>,
        /// Why.
        reason: String,
    },
    /// More time was approved or refused.
    ExtensionDecided {
        /// Approved or refused.
        approved: bool,
        /// The new handling deadline when approved.
        new_deadline: DateTime<Utc>,
        /// The approver's reason.
        reason: String,
    },
    /// 跟清楚: the next reply date promised to the resident.
    NextReplyPromised {
        /// The promised date (center local).
        promised_on: NaiveDate,
        /// What the resident was told (empty in events from before it was asked for).
        #[serde(default)]
        said: String,
    },
    /// 不合格纠正与预防 record (major and important).
    CorrectiveRecorded {
        /// 原因分析.
        cause: String,
        /// 纠正措施.
        corrective_action: String,
        /// 预防措施.
        preventive_action: String,
        /// 验证人.
        verified_by: String,
        /// 验证日期.
        verified_on: Option<NaiveDate>,
    },
    /// 作废.
    Voided {
        /// Why.
        reason: String,
    },
    /// 归档.
    Archived,
    /// Re-graded on review (supervisor or manager), up or down, with the reason.
    SeverityReviewed {
        /// Before.
        from: Severity,
        /// After.
        to: Severity,
        /// Why, against the 4.3 criteria.
        reason: String,
    },
    /// 更正: fields of the registered form corrected after registration, each before →
    /// after, with the reason. The case number never changes.
    Corrected {
        /// What changed, in the form's order.
        changes: Vec<FieldChange>,
        /// Why.
        reason: String,
    },
    /// 附件: a photo, scan or PDF kept with the complaint (or one of its steps). The hash
    /// names the file in the store; the audit chain holds it with this event.
    Attached {
        /// The attachment's row.
        #[ts(type = "number")]
        attachment_id: i64,
        /// SHA-256 of the file.
        sha256: String,
        /// The file's name.
        name: String,
        /// What it is.
        file_kind: crate::attachments::Kind,
        /// Bytes.
        #[ts(type = "number")]
        size: i64,
        /// The step it documents, if not the complaint itself.
        #[ts(type = "number | null")]
        step_event_id: Option<i64>,
    },
    /// 催办: a 《催办通知单》 printed for the department, its handling overdue.
    Urged {
        /// The handling deadline that passed.
        due_at: DateTime<Utc>,
        /// Whole days overdue when printed.
        #[ts(type = "number")]
        days_late: i64,
    },
    /// An attachment taken off the complaint's list (the file is kept), with the reason.
    AttachmentRemoved {
        /// The attachment's row.
        #[ts(type = "number")]
        attachment_id: i64,
        /// SHA-256 of the file.
        sha256: String,
        /// The file's name.
        name: String,
        /// Why.
        reason: String,
    },
    /// Raised in severity, by the system (one month unhandled) or on review.
    SeverityRaised {
        /// Before.
        from: Severity,
        /// After.
        to: Severity,
        /// Why.
        reason: String,
    },
}

impl EventData {
    /// A form registered as it came (not typed in from paper later).
    pub const REGISTERED: EventData = EventData::Registered {
        backfilled_at: None,
    };

    /// The stored kind name (the serde tag).
    pub fn kind(&self) -> &'static str {
        match self {
            EventData::Registered { .. } => "registered",
            EventData::Dispatched { .. } => "dispatched",
            EventData::DispatchReturned { .. } => "dispatchReturned",
            EventData::Forwarded { .. } => "forwarded",
            EventData::HandlingNote { .. } => "handlingNote",
            EventData::WaitStarted { .. } => "waitStarted",
            EventData::WaitEnded => "waitEnded",
            EventData::Handled { .. } => "handled",
            EventData::FormReturned => "formReturned",
            EventData::SignedOff { .. } => "signedOff",
            EventData::ResidentNotified { .. } => "residentNotified",
            EventData::CalledBack { .. } => "calledBack",
            EventData::Reopened { .. } => "reopened",
            EventData::ExtensionRequested { .. } => "extensionRequested",
            EventData::ExtensionDecided { .. } => "extensionDecided",
            EventData::NextReplyPromised { .. } => "nextReplyPromised",
            EventData::CorrectiveRecorded { .. } => "correctiveRecorded",
            EventData::Voided { .. } => "voided",
            EventData::Archived => "archived",
            EventData::SeverityRaised { .. } => "severityRaised",
            EventData::SeverityReviewed { .. } => "severityReviewed",
            EventData::Corrected { .. } => "corrected",
            EventData::Attached { .. } => "attached",
            EventData::Urged { .. } => "urged",
            EventData::AttachmentRemoved { .. } => "attachmentRemoved",
        }
    }

    /// True for a callback in which any aspect is 不满意 and that is not excluded.
    pub fn is_unsatisfied_callback(&self) -> bool {
        match self {
            EventData::CalledBack {
                reached: true,
                attitude,
                conduct,
                result,
                exclusion: None,
                ..
            } => [attitude, conduct, result]
                .iter()
                .any(|s| **s == Some(Satisfaction::Dissatisfied)),
            _ => false,
        }
    }
}

/// One corrected field of the form. Values are as the form holds them: text as typed,
/// times `YYYY-MM-DD HH:mm` in the center's zone, choices by their code, departments and
/// categories by id, yes/no as `true`/`false`; `None` is an empty field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldChange {
    /// The form field (`NewComplaint`'s name, e.g. `phone`).
    pub field: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

/// Who did what someone else entered: a user of the center, or a name typed for someone
/// without an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Doer {
    /// The user, when they have an account.
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
    /// The name, as shown and printed.
    pub name: String,
}

/// One entry of a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Row id (orders events recorded at the same instant).
    pub id: i64,
    /// The complaint.
    pub complaint_id: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it ([`crate::model::SYSTEM_USER_ID`] for the system).
    pub actor_id: i64,
    /// What happened.
    pub data: EventData,
}

impl Event {
    /// When it was done: the time given for a notification or callback entered for
    /// someone else, otherwise when it was recorded.
    pub fn done_at(&self) -> DateTime<Utc> {
        match &self.data {
            EventData::ResidentNotified {
                done_at: Some(t), ..
            }
            | EventData::CalledBack {
                done_at: Some(t), ..
            } => *t,
            _ => self.at,
        }
    }

    /// Who did it, when someone else entered it.
    pub fn done_by(&self) -> Option<&Doer> {
        match &self.data {
            EventData::ResidentNotified { done_by, .. } | EventData::CalledBack { done_by, .. } => {
                done_by.as_ref()
            }
            _ => None,
        }
    }
}
