//! The one role × action table that decides who may do what. Every step and every
//! command asks [`permits`]; the UI only mirrors it.

use crate::model::Role;
use serde::Serialize;
use ts_rs::TS;

/// Everything a user can do that the backend guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Action {
    /// 登记 a complaint.
    Register,
    /// 派发 the form to the department (1.3).
    Dispatch,
    /// 回退 a misdirected dispatch.
    ReturnMisdirected,
    /// 转呈 to the general manager / managing manager.
    Forward,
    /// Add a handling note.
    AddHandlingNote,
    /// Start or end waiting on the resident.
    WaitOnResident,
    /// Mark the complaint handled.
    MarkHandled,
    /// Log the returned form at the desk.
    LogFormReturn,
    /// 签批 (approve or reject); the severity further decides which manager.
    SignOff,
    /// Notify the resident of the result.
    NotifyResident,
    /// Record a callback.
    Callback,
    /// Reopen after an unsatisfied callback.
    Reopen,
    /// Ask for more time.
    RequestExtension,
    /// Approve or reject more time; the severity further decides which manager.
    DecideExtension,
    /// Record the next reply date promised to the resident.
    PromiseNextReply,
    /// Record the corrective/preventive action.
    RecordCorrective,
    /// 作废.
    Void,
    /// Re-grade the severity, up or down, with a reason (4.3 on review).
    ReviewSeverity,
    /// 归档.
    Archive,
    /// 更正 the registered form, with a reason.
    Correct,
    /// Read complaints, lists and the dashboard.
    View,
    /// Users, departments, categories, deadline policy, settings.
    Administer,
    /// Browse the audit log and check its chain.
    ViewAudit,
    /// See the monthly statistics, print the report and export them.
    Statistics,
    /// Write the monthly report's analysis and mark the report submitted (1.6).
    WriteReport,
    /// Take residents' data out of the desk as a file: the list and the statistics as
    /// Excel (each export is audited with its filter and row count).
    Export,
}

use Action as A;
use Role as R;

/// Whether any role `user` holds may do `action`.
pub fn permits_user(user: &crate::model::User, action: Action) -> bool {
    user.personas().any(|p| permits(p.role, action))
}

/// Who may do what. Severity-dependent rules (which manager signs off or approves an
/// extension) and department rules (a head acts on their own department) are checked by
/// the workflow on top of this table.
pub fn permits(role: Role, action: Action) -> bool {
    let allowed: &[Role] = match action {
        A::Register | A::Dispatch | A::LogFormReturn => &[R::Receptionist, R::Supervisor],
        // The receptionist before dispatch, the supervisor until archive (the workflow).
        A::Correct => &[R::Receptionist, R::Supervisor],
        A::ReturnMisdirected => &[R::DepartmentHead, R::Manager, R::GeneralManager],
        // The supervisor handles minor complaints (SPEC's role table); the workflow
        // keeps the others to the department.
        A::MarkHandled => &[
            R::DepartmentHead,
            R::Manager,
            R::GeneralManager,
            R::Supervisor,
        ],
        A::Forward | A::Reopen => &[R::Supervisor],
        A::AddHandlingNote => &[
            R::DepartmentHead,
            R::Manager,
            R::GeneralManager,
            R::Supervisor,
        ],
        A::WaitOnResident => &[R::DepartmentHead, R::Receptionist, R::Supervisor],
        A::SignOff | A::DecideExtension => &[R::Manager, R::GeneralManager],
        A::NotifyResident => &[R::Receptionist, R::Patrol, R::Supervisor],
        // Callbacks made by the patrol are entered by whoever is at the desk (SPEC).
        A::Callback => &[R::Patrol, R::Supervisor, R::Receptionist],
        A::RequestExtension => &[R::DepartmentHead, R::Supervisor],
        A::PromiseNextReply => &[R::Receptionist, R::Supervisor, R::DepartmentHead],
        A::RecordCorrective => &[
            R::DepartmentHead,
            R::Manager,
            R::GeneralManager,
            R::Supervisor,
        ],
        A::Void | A::ReviewSeverity => &[R::Supervisor, R::Manager, R::GeneralManager],
        A::Archive => &[R::Supervisor, R::Quality],
        A::View => &[
            R::Receptionist,
            R::Supervisor,
            R::DepartmentHead,
            R::Manager,
            R::GeneralManager,
            R::Quality,
            R::Patrol,
            R::Admin,
        ],
        A::Administer => &[R::Admin],
        A::ViewAudit => &[R::Admin, R::Quality],
        A::Statistics => &[
            R::Supervisor,
            R::Manager,
            R::GeneralManager,
            R::Quality,
            R::Admin,
        ],
        A::WriteReport => &[R::Supervisor],
        A::Export => &[
            R::Supervisor,
            R::Manager,
            R::GeneralManager,
            R::Quality,
            R::Admin,
        ],
    };
    allowed.contains(&role)
}

/// The roles the procedure expects to meet a deadline of `kind` on a complaint of
/// `severity`: whose desks are warned before it passes (the window's `whoActs` names the
/// same).
pub fn who_acts(
    kind: crate::deadline::DeadlineKind,
    severity: crate::model::Severity,
) -> &'static [Role] {
    use crate::deadline::DeadlineKind as K;
    match kind {
        K::Dispatch | K::FirstReply => &[Role::Receptionist, Role::Supervisor],
        K::Forward => &[Role::Supervisor],
        K::Handling | K::Return => &[Role::DepartmentHead],
        // A minor complaint is never signed off; the managing manager is the lesser approver.
        K::SignOff => match severity.forward_to() {
            Some(Role::GeneralManager) => &[Role::GeneralManager],
            _ => &[Role::Manager],
        },
        K::Notify | K::PromisedReply => &[Role::Receptionist],
        K::Callback => &[Role::Supervisor, Role::Patrol],
    }
}
