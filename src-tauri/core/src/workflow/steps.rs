//! One function per step of SPEC's workflow table, with its input.

use super::{guard, Case, Transition, WorkflowError};
use crate::event::EventData;
use crate::model::{
    CallbackMethod, ComplaintState as S, Exclusion, NotifyMethod, Role, Satisfaction, Severity,
    User,
};
use crate::roles::Action;
use crate::validation::{Bound, Checker};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use ts_rs::TS;

pub(super) const OPEN_STATES: &[S] = &[
    S::Registered,
    S::Dispatched,
    S::InHandling,
    S::WaitingOnResident,
    S::Handled,
    S::AwaitingSignOff,
    S::SignedOff,
    S::Notified,
    S::CalledBack,
];
pub(super) const FORWARD_STATES: &[S] = &[
    S::Registered,
    S::Dispatched,
    S::InHandling,
    S::WaitingOnResident,
    S::Handled,
    S::AwaitingSignOff,
];
/// While the department is still on it: a re-grade then changes what comes next
/// (forwarding, sign-off) before any of it has happened.
pub(super) const REVIEW_STATES: &[S] = &[
    S::Registered,
    S::Dispatched,
    S::InHandling,
    S::WaitingOnResident,
];
pub(super) const NOTE_STATES: &[S] = &[
    S::Dispatched,
    S::InHandling,
    S::WaitingOnResident,
    S::Handled,
    S::AwaitingSignOff,
];
pub(super) const EXTENSION_STATES: &[S] = &[S::Dispatched, S::InHandling, S::WaitingOnResident];

/// Longest free text of a step.
const TEXT_MAX: usize = 2000;
/// Longest short text (names, recipients).
const NAME_MAX: usize = 50;

fn checked<T>(c: Checker, value: T) -> Result<T, WorkflowError> {
    c.finish().map(|()| value).map_err(WorkflowError::Invalid)
}

/// 派发 (1.3).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DispatchInput {
    /// Another department than registered, when the desk corrects it.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// 领表人, who signs the register.
    pub recipient: String,
}

/// Dispatch the form to the department.
pub fn dispatch(
    actor: &User,
    case: &Case,
    input: DispatchInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Dispatch, &[S::Registered])?;
    let mut c = Checker::new();
    let recipient = c.required("recipient", &input.recipient, NAME_MAX, false);
    let department_id = input.department_id.unwrap_or(case.complaint.department_id);
    checked(c, ())?;
    Ok(Transition {
        department_id: Some(department_id),
        ..Transition::to(
            S::Dispatched,
            EventData::Dispatched {
                department_id,
                recipient,
            },
        )
    })
}

/// A reason, for 回退, waiting, reopening and voiding.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReasonInput {
    /// Why.
    pub reason: String,
}

fn reason(input: &ReasonInput) -> Result<String, WorkflowError> {
    let mut c = Checker::new();
    let r = c.required("reason", &input.reason, TEXT_MAX, true);
    checked(c, r)
}

/// 回退: the department returns a misdirected form; the dispatch clock restarts.
pub fn return_misdirected(
    actor: &User,
    case: &Case,
    input: ReasonInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(
        actor,
        case,
        Action::ReturnMisdirected,
        &[S::Dispatched, S::InHandling],
    )?;
    let reason = reason(&input)?;
    Ok(Transition::to(
        S::Registered,
        EventData::DispatchReturned { reason },
    ))
}

/// 转呈: whom, by name; the role follows from the severity.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ForwardInput {
    /// The manager's name, when known.
    pub to_name: Option<String>,
}

/// Forward a major complaint to the general manager, an important one to the managing manager.
pub fn forward(
    actor: &User,
    case: &Case,
    input: ForwardInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Forward, FORWARD_STATES)?;
    let to_role = case
        .complaint
        .severity
        .forward_to()
        .ok_or(WorkflowError::NotForMinor {
            action: Action::Forward,
        })?;
    let mut c = Checker::new();
    let to_name = c.optional("toName", input.to_name.as_deref(), NAME_MAX, false);
    checked(c, ())?;
    Ok(Transition::to(
        case.complaint.state,
        EventData::Forwarded { to_role, to_name },
    ))
}

/// A handling note.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoteInput {
    /// The note.
    pub note: String,
}

/// Add a dated note of the handling process; the first one starts handling.
pub fn add_handling_note(
    actor: &User,
    case: &Case,
    input: NoteInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::AddHandlingNote, NOTE_STATES)?;
    let mut c = Checker::new();
    let note = c.required("note", &input.note, TEXT_MAX, true);
    checked(c, ())?;
    let state = match case.complaint.state {
        S::Dispatched => S::InHandling,
        s => s,
    };
    Ok(Transition::to(state, EventData::HandlingNote { note }))
}

/// Stop the handling clock: waiting on the resident.
pub fn start_wait(
    actor: &User,
    case: &Case,
    input: ReasonInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(
        actor,
        case,
        Action::WaitOnResident,
        &[S::Dispatched, S::InHandling],
    )?;
    let reason = reason(&input)?;
    Ok(Transition::to(
        S::WaitingOnResident,
        EventData::WaitStarted { reason },
    ))
}

/// Run the handling clock again.
pub fn end_wait(
    actor: &User,
    case: &Case,
    _input: (),
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::WaitOnResident, &[S::WaitingOnResident])?;
    Ok(Transition::to(S::InHandling, EventData::WaitEnded))
}

/// 处理完毕.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandledInput {
    /// 处理结果.
    pub result: String,
}

/// The department has finished; the form goes back to the desk today.
pub fn mark_handled(
    actor: &User,
    case: &Case,
    input: HandledInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(
        actor,
        case,
        Action::MarkHandled,
        &[S::Dispatched, S::InHandling],
    )?;
    if actor.role == Role::Supervisor && case.complaint.severity != Severity::Minor {
        return Err(WorkflowError::WrongApprover {
            action: Action::MarkHandled,
            severity: case.complaint.severity,
            needed: Role::DepartmentHead,
        });
    }
    let mut c = Checker::new();
    let result = c.required("result", &input.result, TEXT_MAX, true);
    checked(c, ())?;
    Ok(Transition::to(S::Handled, EventData::Handled { result }))
}

fn form_returned(case: &Case) -> bool {
    let events = case.events;
    let handled = events
        .iter()
        .rposition(|e| matches!(e.data, EventData::Handled { .. }));
    handled.is_some_and(|h| {
        events[h..]
            .iter()
            .any(|e| e.data == EventData::FormReturned)
    })
}

/// The receptionist logs the returned form; major and important go to sign-off.
pub fn log_form_return(
    actor: &User,
    case: &Case,
    _input: (),
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::LogFormReturn, &[S::Handled])?;
    if form_returned(case) {
        return Err(WorkflowError::WrongState {
            action: Action::LogFormReturn,
            state: S::Handled,
        });
    }
    let state = match case.complaint.severity {
        Severity::Minor => S::Handled,
        _ => S::AwaitingSignOff,
    };
    Ok(Transition::to(state, EventData::FormReturned))
}

/// 签批 of the handling record.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignOffInput {
    /// Approve, or reject back to handling.
    pub approved: bool,
    /// The comment (required when rejecting).
    pub comment: String,
}

fn approver_fits(actor: &User, needed: Role) -> bool {
    // The general manager outranks the managing manager and may act in their place.
    actor.role == needed || actor.role == Role::GeneralManager
}

fn has_corrective(case: &Case) -> bool {
    case.events
        .iter()
        .any(|e| matches!(e.data, EventData::CorrectiveRecorded { .. }))
}

/// 主管经理 signs off important complaints, 总经理 major ones (1.4.2).
pub fn sign_off(
    actor: &User,
    case: &Case,
    input: SignOffInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::SignOff, &[S::AwaitingSignOff])?;
    let severity = case.complaint.severity;
    let needed = severity.forward_to().ok_or(WorkflowError::NotForMinor {
        action: Action::SignOff,
    })?;
    if !approver_fits(actor, needed) {
        return Err(WorkflowError::WrongApprover {
            action: Action::SignOff,
            severity,
            needed,
        });
    }
    let mut c = Checker::new();
    let comment = if input.approved {
        c.optional("comment", Some(&input.comment), TEXT_MAX, true)
            .unwrap_or_else(|| "同意".into())
    } else {
        c.required("comment", &input.comment, TEXT_MAX, true)
    };
    checked(c, ())?;
    if input.approved && !has_corrective(case) {
        return Err(WorkflowError::CorrectiveRecordMissing);
    }
    let state = if input.approved {
        S::SignedOff
    } else {
        S::InHandling
    };
    Ok(Transition::to(
        state,
        EventData::SignedOff {
            approved: input.approved,
            comment,
        },
    ))
}

/// 回复住户 (1.5).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NotifyInput {
    /// Phone or in person.
    pub method: NotifyMethod,
    /// What the resident said.
    pub response: String,
    /// Entered for someone else: who did it and when.
    #[serde(default)]
    pub done: DoneFor,
}

/// A notification or callback entered by whoever is at the desk for the person who made
/// it (SPEC: the patrol's callbacks and in-person notices): who — a user of the center,
/// or a name typed for someone without an account — and when. All empty: the person
/// typing did it, now.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct DoneFor {
    /// The user who did it.
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
    /// Or their name, typed (filled in from the user by the desk).
    pub name: Option<String>,
    /// When it was done (`YYYY-MM-DD HH:mm`, center local): not before the complaint's
    /// last step, not after now.
    pub at: Option<String>,
}

/// Checks who did it and when; `None`s for the person typing, now.
fn done_for(
    c: &mut Checker,
    case: &Case,
    done: &DoneFor,
    now: DateTime<Utc>,
) -> (Option<crate::event::Doer>, Option<DateTime<Utc>>) {
    let name = c.optional("doneBy", done.name.as_deref(), NAME_MAX, false);
    let doer = name.map(|name| crate::event::Doer {
        user_id: done.user_id,
        name,
    });
    let tz = case.policy.tz();
    let last = case
        .events
        .last()
        .map_or(case.complaint.received_at, |e| e.at);
    let at = c.time(
        "doneAt",
        done.at.as_deref(),
        tz,
        &Bound {
            at: last,
            zh: "上一步的时间".into(),
            en: "the last step".into(),
        },
        &Bound::now(now),
    );
    (doer, at)
}

/// Tell the resident the result: after the returned form (minor) or the sign-off.
pub fn notify_resident(
    actor: &User,
    case: &Case,
    input: NotifyInput,
    now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(
        actor,
        case,
        Action::NotifyResident,
        &[S::Handled, S::SignedOff],
    )?;
    if case.complaint.state == S::Handled && !form_returned(case) {
        return Err(WorkflowError::WrongState {
            action: Action::NotifyResident,
            state: S::Handled,
        });
    }
    let mut c = Checker::new();
    let response = c
        .optional("response", Some(&input.response), TEXT_MAX, true)
        .unwrap_or_default();
    let (done_by, done_at) = done_for(&mut c, case, &input.done, now);
    checked(c, ())?;
    Ok(Transition::to(
        S::Notified,
        EventData::ResidentNotified {
            method: input.method,
            response,
            done_by,
            done_at,
        },
    ))
}

/// 回访 (1.6).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CallbackInput {
    /// The resident was reached; otherwise recorded as unreachable.
    pub reached: bool,
    /// Phone or visit.
    pub method: CallbackMethod,
    /// 服务态度.
    pub attitude: Option<Satisfaction>,
    /// 工作作风.
    pub conduct: Option<Satisfaction>,
    /// 处理结果.
    pub result: Option<Satisfaction>,
    /// Remarks.
    pub remarks: String,
    /// Dissatisfaction due to force majeure or an unreasonable demand.
    pub exclusion: Option<Exclusion>,
    /// Why it is excluded.
    pub exclusion_reason: Option<String>,
    /// Entered for someone else: who did it and when.
    #[serde(default)]
    pub done: DoneFor,
}

fn last_callback_unreachable(case: &Case) -> bool {
    matches!(
        case.events.iter().rev().find(|e| matches!(e.data, EventData::CalledBack { .. })),
        Some(e) if matches!(e.data, EventData::CalledBack { reached: false, .. })
    )
}

/// Record a callback; a resident not reached may be called again.
pub fn callback(
    actor: &User,
    case: &Case,
    input: CallbackInput,
    now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Callback, &[S::Notified, S::CalledBack])?;
    if case.complaint.state == S::CalledBack && !last_callback_unreachable(case) {
        return Err(WorkflowError::WrongState {
            action: Action::Callback,
            state: S::CalledBack,
        });
    }
    let mut c = Checker::new();
    let remarks = c
        .optional("remarks", Some(&input.remarks), TEXT_MAX, true)
        .unwrap_or_default();
    let (mut attitude, mut conduct, mut result) = (input.attitude, input.conduct, input.result);
    let (mut exclusion, mut exclusion_reason) = (input.exclusion, None);
    if input.reached {
        for (field, value) in [
            ("attitude", attitude),
            ("conduct", conduct),
            ("result", result),
        ] {
            if value.is_none() {
                c.fail(field, "须选择满意程度", "needs a satisfaction answer");
            }
        }
        let dissatisfied = [attitude, conduct, result].contains(&Some(Satisfaction::Dissatisfied));
        if exclusion.is_some() {
            if !dissatisfied {
                c.fail(
                    "exclusionReason",
                    "仅在住户不满意时可剔除",
                    "applies only to a dissatisfied answer",
                );
            }
            exclusion_reason = c.optional(
                "exclusionReason",
                input.exclusion_reason.as_deref(),
                TEXT_MAX,
                true,
            );
            if exclusion_reason.is_none() {
                c.fail("exclusionReason", "不能为空", "is required");
            }
        }
    } else {
        (attitude, conduct, result, exclusion) = (None, None, None, None);
    }
    let (done_by, done_at) = done_for(&mut c, case, &input.done, now);
    checked(c, ())?;
    Ok(Transition::to(
        S::CalledBack,
        EventData::CalledBack {
            reached: input.reached,
            method: input.method,
            attitude,
            conduct,
            result,
            remarks,
            exclusion,
            exclusion_reason,
            done_by,
            done_at,
        },
    ))
}

fn last_callback_unsatisfied(case: &Case) -> bool {
    case.events
        .iter()
        .rev()
        .find(|e| matches!(e.data, EventData::CalledBack { .. }))
        .is_some_and(|e| e.data.is_unsatisfied_callback())
}

/// Back to handling after an unsatisfied callback; same department, new deadline.
pub fn reopen(
    actor: &User,
    case: &Case,
    input: ReasonInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Reopen, &[S::CalledBack])?;
    if !last_callback_unsatisfied(case) {
        return Err(WorkflowError::NotUnsatisfied);
    }
    let reason = reason(&input)?;
    Ok(Transition::to(
        S::InHandling,
        EventData::Reopened { reason },
    ))
}

/// 申请延期.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtensionRequestInput {
    /// The new handling deadline asked for (`YYYY-MM-DD HH:mm`, center local).
    pub new_deadline: String,
    /// Why.
    pub reason: String,
}

/// The open request, if any: the last request with no decision after it.
pub fn pending_extension(case: &Case) -> Option<(DateTime<Utc>, String)> {
    case.events.iter().rev().find_map(|e| match &e.data {
        EventData::ExtensionDecided { .. } => Some(None),
        EventData::ExtensionRequested {
            new_deadline,
            reason,
        } => Some(Some((*new_deadline, reason.clone()))),
        _ => None,
    })?
}

/// Ask for more time to handle.
pub fn request_extension(
    actor: &User,
    case: &Case,
    input: ExtensionRequestInput,
    now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::RequestExtension, EXTENSION_STATES)?;
    if pending_extension(case).is_some() {
        return Err(WorkflowError::ExtensionPending);
    }
    let mut c = Checker::new();
    let reason = c.required("reason", &input.reason, TEXT_MAX, true);
    let tz = case.policy.tz();
    let received_at = case.complaint.received_at;
    if input.new_deadline.trim().is_empty() {
        c.fail("newDeadline", "不能为空", "is required");
    }
    let new_deadline = c.time(
        "newDeadline",
        Some(&input.new_deadline),
        tz,
        &Bound {
            at: now,
            zh: "当前时间".into(),
            en: "the current time".into(),
        },
        &Bound::years_after_receipt(received_at, tz),
    );
    if new_deadline.is_some_and(|d| d <= now) {
        c.fail("newDeadline", "不能早于当前时间", "cannot be in the past");
    }
    checked(c, ())?;
    Ok(Transition::to(
        case.complaint.state,
        EventData::ExtensionRequested {
            new_deadline: new_deadline.unwrap_or(now),
            reason,
        },
    ))
}

/// 审批延期.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtensionDecisionInput {
    /// Approve or refuse.
    pub approved: bool,
    /// The approver's reason.
    pub reason: String,
}

/// Minor: the managing manager approves; important and major: the general manager (1.10).
pub fn decide_extension(
    actor: &User,
    case: &Case,
    input: ExtensionDecisionInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::DecideExtension, EXTENSION_STATES)?;
    let severity = case.complaint.severity;
    let needed = severity.extension_approver();
    if !approver_fits(actor, needed) {
        return Err(WorkflowError::WrongApprover {
            action: Action::DecideExtension,
            severity,
            needed,
        });
    }
    let (new_deadline, _) = pending_extension(case).ok_or(WorkflowError::NoPendingExtension)?;
    let reason = reason(&ReasonInput {
        reason: input.reason,
    })?;
    Ok(Transition::to(
        case.complaint.state,
        EventData::ExtensionDecided {
            approved: input.approved,
            new_deadline,
            reason,
        },
    ))
}

/// 约定下次答复 (跟清楚).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NextReplyInput {
    /// `YYYY-MM-DD`, center local.
    pub promised_on: String,
    /// What the resident was told now (a major complaint's first reply counts only with it).
    pub said: String,
}

/// Record the date of the next reply promised to the resident.
pub fn promise_next_reply(
    actor: &User,
    case: &Case,
    input: NextReplyInput,
    now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::PromiseNextReply, OPEN_STATES)?;
    let mut c = Checker::new();
    let tz = case.policy.tz();
    let today = now.with_timezone(&tz).date_naive();
    if input.promised_on.trim().is_empty() {
        c.fail("promisedOn", "不能为空", "is required");
    }
    let promised_on = c
        .date(
            "promisedOn",
            Some(&input.promised_on),
            &Bound {
                at: today,
                zh: "今天".into(),
                en: "today".into(),
            },
            &Bound::day_of(
                Bound::years_after_receipt(case.complaint.received_at, tz),
                tz,
            ),
        )
        .unwrap_or(today);
    let said = c.required("said", &input.said, TEXT_MAX, true);
    checked(c, ())?;
    Ok(Transition::to(
        case.complaint.state,
        EventData::NextReplyPromised { promised_on, said },
    ))
}

/// 不合格纠正与预防 record.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CorrectiveInput {
    /// 原因分析.
    pub cause: String,
    /// 纠正措施.
    pub corrective_action: String,
    /// 预防措施.
    pub preventive_action: String,
    /// 验证人.
    pub verified_by: String,
    /// 验证日期 `YYYY-MM-DD`.
    pub verified_on: Option<String>,
}

/// Record the corrective/preventive action of a major or important complaint.
pub fn record_corrective(
    actor: &User,
    case: &Case,
    input: CorrectiveInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::RecordCorrective, OPEN_STATES)?;
    if case.complaint.severity == Severity::Minor {
        return Err(WorkflowError::NotForMinor {
            action: Action::RecordCorrective,
        });
    }
    let mut c = Checker::new();
    let cause = c.required("cause", &input.cause, TEXT_MAX, true);
    let corrective_action =
        c.required("correctiveAction", &input.corrective_action, TEXT_MAX, true);
    let preventive_action =
        c.required("preventiveAction", &input.preventive_action, TEXT_MAX, true);
    let verified_by = c
        .optional("verifiedBy", Some(&input.verified_by), NAME_MAX, false)
        .unwrap_or_default();
    let tz = case.policy.tz();
    let received_at = case.complaint.received_at;
    let verified_on = c.date(
        "verifiedOn",
        input.verified_on.as_deref(),
        &Bound::day_of(Bound::received(received_at), tz),
        &Bound::day_of(Bound::years_after_receipt(received_at, tz), tz),
    );
    checked(c, ())?;
    Ok(Transition::to(
        case.complaint.state,
        EventData::CorrectiveRecorded {
            cause,
            corrective_action,
            preventive_action,
            verified_by,
            verified_on,
        },
    ))
}

/// 作废, never deleted.
pub fn void(
    actor: &User,
    case: &Case,
    input: ReasonInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Void, OPEN_STATES)?;
    let reason = reason(&input)?;
    Ok(Transition::to(S::Voided, EventData::Voided { reason }))
}

/// 归档 after the callback.
pub fn archive(
    actor: &User,
    case: &Case,
    _input: (),
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Archive, &[S::CalledBack])?;
    // A dissatisfied resident is not a closed complaint (4.2): it goes back to handling,
    // or the dissatisfaction is excluded, with its reason, at the callback.
    if last_callback_unsatisfied(case) {
        return Err(WorkflowError::DissatisfactionOpen);
    }
    Ok(Transition::to(S::Archived, EventData::Archived))
}

/// Checks beyond role and state, so that the UI offers only what would succeed.
pub(super) fn fits(actor: &User, case: &Case, action: Action) -> bool {
    let c = case.complaint;
    match action {
        Action::Forward => c.severity.forward_to().is_some(),
        Action::RecordCorrective => c.severity != Severity::Minor,
        Action::SignOff => c
            .severity
            .forward_to()
            .is_some_and(|needed| approver_fits(actor, needed)),
        Action::LogFormReturn => !form_returned(case),
        Action::NotifyResident => c.state == S::SignedOff || form_returned(case),
        Action::Callback => c.state == S::Notified || last_callback_unreachable(case),
        Action::Reopen => last_callback_unsatisfied(case),
        Action::Archive => !last_callback_unsatisfied(case),
        Action::Correct => actor.role != Role::Receptionist || c.state == S::Registered,
        Action::MarkHandled => actor.role != Role::Supervisor || c.severity == Severity::Minor,
        Action::RequestExtension => pending_extension(case).is_none(),
        Action::DecideExtension => {
            pending_extension(case).is_some()
                && approver_fits(actor, c.severity.extension_approver())
        }
        _ => true,
    }
}

/// 复核投诉等级.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SeverityReviewInput {
    /// The new grade.
    pub severity: Severity,
    /// Why, against the 4.3 criteria.
    pub reason: String,
}

/// The supervisor or a manager re-grades a complaint still being handled, up or down. From
/// then on its deadlines follow the new grade: the handling time of the new grade counted
/// from receipt (the time already passed counts), and forwarding (and so sign-off) as the
/// new grade asks, its clock starting at the review.
pub fn review_severity(
    actor: &User,
    case: &Case,
    input: SeverityReviewInput,
    _now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::ReviewSeverity, REVIEW_STATES)?;
    let mut c = Checker::new();
    let from = case.complaint.severity;
    if input.severity == from {
        c.fail(
            "severity",
            "与当前等级相同",
            "is the same as the current one",
        );
    }
    let reason = c.required("reason", &input.reason, TEXT_MAX, true);
    checked(c, ())?;
    Ok(Transition {
        severity: Some(input.severity),
        ..Transition::to(
            case.complaint.state,
            EventData::SeverityReviewed {
                from,
                to: input.severity,
                reason,
            },
        )
    })
}

/// 更正: the form as it should have read, and why.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CorrectionInput {
    /// The whole form, corrected; `receivedAt` empty keeps the stored time.
    pub form: crate::complaint::NewComplaint,
    /// Why (e.g. the phone number was mistyped).
    pub reason: String,
    /// The last event of the timeline the form was corrected from: when the complaint
    /// moved meanwhile (another desk), the correction is refused rather than undo it.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub last_event_id: Option<i64>,
}

/// Corrects the registered form: the receptionist before dispatch, the supervisor at any
/// time before archive. `corrected` is the form as checked at registration (its field
/// errors are reported with the correction's own, all at once); this
/// adds what a correction may not do once the form has gone to the department: move it to
/// another department (回退 and re-dispatch do that) or change its grade (复核等级 does
/// that, from the moment of the review). A received time may move back, never past the
/// first step taken after registration. The deadlines follow the corrected form as if it
/// had been registered so.
pub fn correct(
    actor: &User,
    case: &Case,
    corrected: Result<crate::complaint::Registration, Vec<crate::validation::FieldError>>,
    reason: &str,
    tz: chrono_tz::Tz,
) -> Result<Transition, WorkflowError> {
    guard(actor, case, Action::Correct, OPEN_STATES)?;
    let c = case.complaint;
    if actor.role == Role::Receptionist && c.state != S::Registered {
        return Err(WorkflowError::CorrectionAfterDispatch);
    }
    let before = crate::complaint::Registration::of(c);
    let mut check = Checker::new();
    let reason = check.required("reason", reason, TEXT_MAX, true);
    let mut corrected = match corrected {
        Ok(form) => form,
        Err(fields) => {
            check.absorb(fields);
            return Err(WorkflowError::Invalid(check.finish().unwrap_err()));
        }
    };
    corrected.keep_seconds_of(&before, tz);
    if c.state != S::Registered {
        if corrected.department_id != before.department_id {
            check.fail(
                "departmentId",
                "已派发：由该部门回退后重新派发",
                "already dispatched: the department returns it and the desk dispatches it again",
            );
        }
        if corrected.severity != before.severity {
            check.fail(
                "severity",
                "已派发：请用“复核等级”",
                "already dispatched: use \"Review severity\"",
            );
        }
    }
    let first_step = case
        .events
        .iter()
        .filter(|e| {
            !matches!(
                e.data,
                EventData::Registered { .. } | EventData::Corrected { .. }
            )
        })
        .map(|e| e.at)
        .min();
    if let Some(first) = first_step.filter(|first| corrected.received_at > *first) {
        let at = crate::complaint::form_time(first, tz);
        check.fail(
            "receivedAt",
            &format!("不能晚于登记后的第一步（{at}）"),
            &format!("cannot be after the first step after registration ({at})"),
        );
    }
    checked(check, ())?;
    let changes = crate::complaint::changes(&before, &corrected, tz);
    if changes.is_empty() {
        return Err(WorkflowError::NothingCorrected);
    }
    Ok(Transition {
        form: Some(Box::new(corrected)),
        ..Transition::to(c.state, EventData::Corrected { changes, reason })
    })
}

/// What a complaint waits for beyond its deadlines: kept on its row (`awaiting`) so that
/// the dashboard's queues are index ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// An extension request waits for its approver (待审批延期).
    ExtensionDecision,
    /// The resident was not reached and tries are left: call again (待回访).
    CallbackAgain,
    /// The last callback was unsatisfied: reopen, or exclude it with a reason (待回访).
    Reopen,
    /// Called back satisfied, or excluded, or unreachable after the tries allowed (待归档).
    Archive,
}

impl Awaiting {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Awaiting::ExtensionDecision => "extensionDecision",
            Awaiting::CallbackAgain => "callbackAgain",
            Awaiting::Reopen => "reopen",
            Awaiting::Archive => "archive",
        }
    }
}

/// What the complaint waits for now, if anything beyond its deadlines.
pub fn awaiting(case: &Case) -> Option<Awaiting> {
    let c = case.complaint;
    if EXTENSION_STATES.contains(&c.state) && pending_extension(case).is_some() {
        return Some(Awaiting::ExtensionDecision);
    }
    if c.state != S::CalledBack {
        return None;
    }
    if last_callback_unsatisfied(case) {
        return Some(Awaiting::Reopen);
    }
    if !last_callback_unreachable(case) {
        return Some(Awaiting::Archive);
    }
    // Tries since the resident was last told the result (a reopen starts again).
    let since = case
        .events
        .iter()
        .rposition(|e| matches!(e.data, EventData::ResidentNotified { .. }))
        .map_or(0, |i| i + 1);
    let tries = case.events[since..]
        .iter()
        .filter(|e| matches!(e.data, EventData::CalledBack { reached: false, .. }))
        .count();
    Some(if tries >= case.policy.callback_tries as usize {
        Awaiting::Archive
    } else {
        Awaiting::CallbackAgain
    })
}
