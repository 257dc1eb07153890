//! The procedure as a type: each step is a pure function of (actor, case, input, now)
//! that checks who acts and in what state, and returns the event to append and the
//! complaint's new standing — or a precise error, in which case nothing is written.

mod steps;

pub use steps::*;

use crate::deadline::DeadlinePolicy;
use crate::event::{Event, EventData};
use crate::model::{Complaint, ComplaintState, Role, Severity, User};
use crate::roles::{permits, Action};
use crate::validation::FieldError;
use chrono::{DateTime, Utc};
use thiserror::Error;

/// Why a step was refused. Messages are what the desk reads.
#[derive(Debug, Error, PartialEq)]
pub enum WorkflowError {
    /// The role table does not allow it.
    #[error("“{}”无权执行“{}”", role.label_zh(), action_label(*action))]
    NotPermitted {
        /// What was attempted.
        action: Action,
        /// Who attempted it.
        role: Role,
    },
    /// Not in this state.
    #[error("投诉当前状态为“{}”，不能执行“{}”", state.label_zh(), action_label(*action))]
    WrongState {
        /// What was attempted.
        action: Action,
        /// Where the complaint stands.
        state: ComplaintState,
    },
    /// A department head acts only on complaints against their own department.
    #[error("只能处理本部门的被投诉事件")]
    NotOwnDepartment,
    /// This severity needs another approver.
    #[error("{}投诉须由“{}”{}", severity.label_zh(), needed.label_zh(), action_label(*action))]
    WrongApprover {
        /// What was attempted.
        action: Action,
        /// The complaint's severity.
        severity: Severity,
        /// The role that must act.
        needed: Role,
    },
    /// Not for this severity (forward and sign-off are for major and important only).
    #[error("轻微投诉无需“{}”", action_label(*action))]
    NotForMinor {
        /// What was attempted.
        action: Action,
    },
    /// The input has bad fields.
    #[error("{}", .0.first().map(|e| e.message.as_str()).unwrap_or("输入有误"))]
    Invalid(Vec<FieldError>),
    /// There is no extension request to decide.
    #[error("没有待审批的延期申请")]
    NoPendingExtension,
    /// An extension request is already waiting.
    #[error("已有待审批的延期申请")]
    ExtensionPending,
    /// Sign-off reviews the corrective/preventive record, so it must exist.
    #[error("签批前须先填写不合格纠正与预防记录")]
    CorrectiveRecordMissing,
    /// Reopen follows an unsatisfied callback only.
    #[error("只有回访不满意的投诉才能重新处理")]
    NotUnsatisfied,
    /// After dispatch only the supervisor corrects the form.
    #[error("已派发的投诉须由公共事务部主管更正")]
    CorrectionAfterDispatch,
    /// A correction that changes nothing.
    #[error("没有更正任何内容")]
    NothingCorrected,
    /// The last callback was unsatisfied and not excluded: the complaint is not closed.
    #[error("最近一次回访住户不满意：须重新处理并再次回访，或在回访时注明剔除理由，才能归档")]
    DissatisfactionOpen,
}

impl WorkflowError {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            WorkflowError::NotPermitted { action, role } => not_permitted_en(*role, *action),
            WorkflowError::WrongState { action, state } => format!(
                "The complaint is \"{}\": it cannot {}",
                state.label_en(),
                action_label_en(*action)
            ),
            WorkflowError::NotOwnDepartment => {
                "Only complaints against your own department can be handled".into()
            }
            WorkflowError::WrongApprover {
                action,
                severity,
                needed,
            } => format!(
                "For a {} complaint, only the {} may {}",
                severity.label_en().to_lowercase(),
                needed.label_en(),
                action_label_en(*action)
            ),
            WorkflowError::NotForMinor { action } => format!(
                "A minor complaint needs no \"{}\"",
                action_label_en(*action)
            ),
            WorkflowError::Invalid(fields) => fields
                .first()
                .map_or_else(|| "Invalid input".into(), |f| f.message_en.clone()),
            WorkflowError::NoPendingExtension => "There is no extension request to decide".into(),
            WorkflowError::ExtensionPending => "An extension request is already waiting".into(),
            WorkflowError::CorrectiveRecordMissing => {
                "Record the corrective and preventive action before the sign-off".into()
            }
            WorkflowError::NotUnsatisfied => {
                "Only a complaint whose callback was unsatisfied can be reopened".into()
            }
            WorkflowError::CorrectionAfterDispatch => {
                "Once dispatched, only the public-affairs supervisor corrects the form".into()
            }
            WorkflowError::NothingCorrected => "Nothing was changed".into(),
            WorkflowError::DissatisfactionOpen => "The last callback was unsatisfied: reopen and handle it again and call back, or record the exclusion with a reason at the callback, before archiving".into(),
        }
    }
}

/// "The role … may not …", in English.
pub fn not_permitted_en(role: Role, action: Action) -> String {
    format!(
        "The role \"{}\" may not {}",
        role.label_en(),
        action_label_en(action)
    )
}

/// The en-US name of an action, for messages.
pub fn action_label_en(action: Action) -> &'static str {
    match action {
        Action::Register => "register complaints",
        Action::Dispatch => "dispatch",
        Action::ReturnMisdirected => "return a misdirected complaint",
        Action::Forward => "forward",
        Action::AddHandlingNote => "add handling notes",
        Action::WaitOnResident => "wait on the resident",
        Action::MarkHandled => "mark handled",
        Action::LogFormReturn => "log the form's return",
        Action::SignOff => "sign off",
        Action::NotifyResident => "notify the resident",
        Action::Callback => "call back",
        Action::Reopen => "reopen",
        Action::RequestExtension => "request an extension",
        Action::DecideExtension => "decide an extension",
        Action::PromiseNextReply => "promise the next reply",
        Action::RecordCorrective => "record corrective action",
        Action::Void => "void",
        Action::Archive => "archive",
        Action::View => "view complaints",
        Action::Administer => "change the settings",
        Action::ViewAudit => "view the audit log",
        Action::Statistics => "view statistics",
        Action::WriteReport => "write the monthly report",
        Action::Export => "export data to Excel",
        Action::ReviewSeverity => "review the severity",
        Action::Correct => "correct the form",
    }
}

/// The zh-CN name of an action, for messages.
pub fn action_label(action: Action) -> &'static str {
    match action {
        Action::Register => "登记投诉",
        Action::Dispatch => "派发",
        Action::ReturnMisdirected => "回退",
        Action::Forward => "转呈",
        Action::AddHandlingNote => "填写处理记录",
        Action::WaitOnResident => "等待住户",
        Action::MarkHandled => "处理完毕",
        Action::LogFormReturn => "登记意见表返回",
        Action::SignOff => "签批",
        Action::NotifyResident => "回复住户",
        Action::Callback => "回访",
        Action::Reopen => "重新处理",
        Action::RequestExtension => "申请延期",
        Action::DecideExtension => "审批延期",
        Action::PromiseNextReply => "约定下次答复",
        Action::RecordCorrective => "纠正与预防记录",
        Action::Void => "作废",
        Action::Archive => "归档",
        Action::View => "查看",
        Action::Administer => "系统设置",
        Action::ViewAudit => "查看审计日志",
        Action::Statistics => "查看统计分析",
        Action::WriteReport => "编写月度报告",
        Action::Export => "导出数据",
        Action::ReviewSeverity => "复核投诉等级",
        Action::Correct => "更正",
    }
}

/// A complaint with its history, as a step sees it.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    /// The stored complaint.
    pub complaint: &'a Complaint,
    /// Its events, in recording order.
    pub events: &'a [Event],
    /// The policy it was registered under.
    pub policy: &'a DeadlinePolicy,
}

/// What a successful step changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// The event to append.
    pub event: EventData,
    /// The complaint's state afterwards.
    pub state: ComplaintState,
    /// A new complained department (re-dispatch elsewhere).
    pub department_id: Option<i64>,
    /// A new severity (the one-month raise, a review).
    pub severity: Option<Severity>,
    /// The corrected form (a correction).
    pub form: Option<Box<crate::complaint::Registration>>,
}

impl Transition {
    fn to(state: ComplaintState, event: EventData) -> Self {
        Self {
            event,
            state,
            department_id: None,
            severity: None,
            form: None,
        }
    }
}

/// The checks every step starts with: role, state, and for department heads their department.
fn guard(
    actor: &User,
    case: &Case,
    action: Action,
    states: &[ComplaintState],
) -> Result<(), WorkflowError> {
    if !permits(actor.role, action) {
        return Err(WorkflowError::NotPermitted {
            action,
            role: actor.role,
        });
    }
    let c = case.complaint;
    if !states.contains(&c.state) {
        return Err(WorkflowError::WrongState {
            action,
            state: c.state,
        });
    }
    if actor.role == Role::DepartmentHead && actor.department_id != Some(c.department_id) {
        return Err(WorkflowError::NotOwnDepartment);
    }
    Ok(())
}

/// A valid complaint not handled within the policy's months is raised to major (4.3 c).
/// Returns the system's transition when due; the caller records it with an alert.
pub fn raise_if_stale(case: &Case, now: DateTime<Utc>) -> Option<Transition> {
    let c = case.complaint;
    let due = c.valid
        && c.severity != Severity::Major
        && c.state.is_before_handled()
        && now >= raise_point(case, now);
    due.then(|| Transition {
        event: EventData::SeverityRaised {
            from: c.severity,
            to: Severity::Major,
            reason: format!(
                "登记后 {} 个月仍未处理完毕，按重大投诉定义 c) 自动升级",
                case.policy.raise_after_months
            ),
        },
        state: c.state,
        department_id: None,
        severity: Some(Severity::Major),
        form: None,
    })
}

/// When a complaint still unhandled becomes major (4.3 c): a month after receipt counted
/// as the handling clock counts it — the time spent waiting on the resident does not
/// count (an ongoing wait keeps moving the point) — and never before the end of an
/// approved extension.
pub fn raise_point(case: &Case, now: DateTime<Utc>) -> DateTime<Utc> {
    let month = case.policy.raise_at(case.complaint.received_at);
    let waited = crate::deadline::time_waiting(case.events, now);
    let point = crate::deadline::plus(month, waited);
    match crate::deadline::approved_extension(case.events) {
        Some(extended) => point.max(extended),
        None => point,
    }
}

/// Every step, as one value: what the UI sends and what [`apply`] runs.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "step", content = "input", rename_all = "camelCase")]
#[ts(export)]
pub enum Step {
    /// 派发.
    Dispatch(DispatchInput),
    /// 回退.
    ReturnMisdirected(ReasonInput),
    /// 转呈.
    Forward(ForwardInput),
    /// 处理记录.
    AddHandlingNote(NoteInput),
    /// 等待住户.
    StartWait(ReasonInput),
    /// 恢复处理.
    EndWait,
    /// 处理完毕.
    MarkHandled(HandledInput),
    /// 意见表返回.
    LogFormReturn,
    /// 签批.
    SignOff(SignOffInput),
    /// 回复住户.
    NotifyResident(NotifyInput),
    /// 回访.
    Callback(CallbackInput),
    /// 重新处理.
    Reopen(ReasonInput),
    /// 申请延期.
    RequestExtension(ExtensionRequestInput),
    /// 审批延期.
    DecideExtension(ExtensionDecisionInput),
    /// 约定下次答复.
    PromiseNextReply(NextReplyInput),
    /// 纠正与预防.
    RecordCorrective(CorrectiveInput),
    /// 作废.
    Void(ReasonInput),
    /// 归档.
    Archive,
    /// 复核等级.
    ReviewSeverity(SeverityReviewInput),
}

impl Step {
    /// The guarded action behind the step.
    pub fn action(&self) -> Action {
        match self {
            Step::Dispatch(_) => Action::Dispatch,
            Step::ReturnMisdirected(_) => Action::ReturnMisdirected,
            Step::Forward(_) => Action::Forward,
            Step::AddHandlingNote(_) => Action::AddHandlingNote,
            Step::StartWait(_) | Step::EndWait => Action::WaitOnResident,
            Step::MarkHandled(_) => Action::MarkHandled,
            Step::LogFormReturn => Action::LogFormReturn,
            Step::SignOff(_) => Action::SignOff,
            Step::NotifyResident(_) => Action::NotifyResident,
            Step::Callback(_) => Action::Callback,
            Step::Reopen(_) => Action::Reopen,
            Step::RequestExtension(_) => Action::RequestExtension,
            Step::DecideExtension(_) => Action::DecideExtension,
            Step::PromiseNextReply(_) => Action::PromiseNextReply,
            Step::RecordCorrective(_) => Action::RecordCorrective,
            Step::Void(_) => Action::Void,
            Step::Archive => Action::Archive,
            Step::ReviewSeverity(_) => Action::ReviewSeverity,
        }
    }
}

/// Runs one step.
pub fn apply(
    actor: &User,
    case: &Case,
    step: Step,
    now: DateTime<Utc>,
) -> Result<Transition, WorkflowError> {
    match step {
        Step::Dispatch(i) => dispatch(actor, case, i, now),
        Step::ReturnMisdirected(i) => return_misdirected(actor, case, i, now),
        Step::Forward(i) => forward(actor, case, i, now),
        Step::AddHandlingNote(i) => add_handling_note(actor, case, i, now),
        Step::StartWait(i) => start_wait(actor, case, i, now),
        Step::EndWait => end_wait(actor, case, (), now),
        Step::MarkHandled(i) => mark_handled(actor, case, i, now),
        Step::LogFormReturn => log_form_return(actor, case, (), now),
        Step::SignOff(i) => sign_off(actor, case, i, now),
        Step::NotifyResident(i) => notify_resident(actor, case, i, now),
        Step::Callback(i) => callback(actor, case, i, now),
        Step::Reopen(i) => reopen(actor, case, i, now),
        Step::RequestExtension(i) => request_extension(actor, case, i, now),
        Step::DecideExtension(i) => decide_extension(actor, case, i, now),
        Step::PromiseNextReply(i) => promise_next_reply(actor, case, i, now),
        Step::RecordCorrective(i) => record_corrective(actor, case, i, now),
        Step::Void(i) => void(actor, case, i, now),
        Step::Archive => archive(actor, case, (), now),
        Step::ReviewSeverity(i) => review_severity(actor, case, i, now),
    }
}

/// The actions the actor may take on the case now, in any role they hold: the UI shows
/// these and only these.
pub fn available_actions(actor: &User, case: &Case) -> Vec<Action> {
    use ComplaintState as S;
    let candidates: &[(Action, &[S])] = &[
        (Action::Dispatch, &[S::Registered]),
        (Action::ReturnMisdirected, &[S::Dispatched, S::InHandling]),
        (Action::Forward, steps::FORWARD_STATES),
        (Action::AddHandlingNote, steps::NOTE_STATES),
        (
            Action::WaitOnResident,
            &[S::Dispatched, S::InHandling, S::WaitingOnResident],
        ),
        (Action::MarkHandled, &[S::Dispatched, S::InHandling]),
        (Action::LogFormReturn, &[S::Handled]),
        (Action::SignOff, &[S::AwaitingSignOff]),
        (Action::NotifyResident, &[S::Handled, S::SignedOff]),
        (Action::Callback, &[S::Notified, S::CalledBack]),
        (Action::Reopen, &[S::CalledBack]),
        (Action::RequestExtension, steps::EXTENSION_STATES),
        (Action::DecideExtension, steps::EXTENSION_STATES),
        (Action::PromiseNextReply, steps::OPEN_STATES),
        (Action::RecordCorrective, steps::OPEN_STATES),
        (Action::Void, steps::OPEN_STATES),
        (Action::Archive, &[S::CalledBack]),
        (Action::ReviewSeverity, steps::REVIEW_STATES),
        (Action::Correct, steps::OPEN_STATES),
    ];
    candidates
        .iter()
        .filter(|(a, states)| {
            actor
                .personas()
                .any(|p| guard(&p, case, *a, states).is_ok() && steps::fits(&p, case, *a))
        })
        .map(|(a, _)| *a)
        .collect()
}
