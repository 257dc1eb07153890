//! The role × action table, every pair, checked both in the table and through the steps.

use super::deadlines::case_in;
use complaint_core::model::{ComplaintState as S, Role, Severity, User};
use complaint_core::roles::{permits, Action};
use complaint_core::workflow::*;

/// Rows: actions; columns: 接待 主管 部门 经理 总经 品质 巡楼 管理 (Role::ALL order).
const EXPECTED: &[(Action, &str)] = &[
    (Action::Register, "YY......"),
    (Action::Dispatch, "YY......"),
    (Action::ReturnMisdirected, "..YYY..."),
    (Action::Forward, ".Y......"),
    (Action::AddHandlingNote, ".YYYY..."),
    (Action::WaitOnResident, "YYY....."),
    (Action::MarkHandled, "..YYY..."),
    (Action::LogFormReturn, "YY......"),
    (Action::SignOff, "...YY..."),
    (Action::NotifyResident, "YY....Y."),
    (Action::Callback, ".Y....Y."),
    (Action::Reopen, ".Y......"),
    (Action::RequestExtension, ".YY....."),
    (Action::DecideExtension, "...YY..."),
    (Action::PromiseNextReply, "YYY....."),
    (Action::RecordCorrective, ".YYYY..."),
    (Action::Void, ".Y.YY..."),
    (Action::Archive, ".Y...Y.."),
    (Action::View, "YYYYYYYY"),
    (Action::Administer, ".......Y"),
    (Action::ViewAudit, ".....Y.Y"),
    (Action::Statistics, ".Y.YYY.Y"),
    (Action::WriteReport, ".Y......"),
];

#[test]
fn table_matches_every_pair() {
    assert_eq!(Role::ALL.len(), 8);
    for (action, row) in EXPECTED {
        for (role, want) in Role::ALL.iter().zip(row.chars()) {
            assert_eq!(
                permits(*role, *action),
                want == 'Y',
                "{role:?} × {action:?}"
            );
        }
    }
}

fn user(role: Role) -> User {
    User {
        id: 7,
        username: "u".into(),
        display_name: "u".into(),
        role,
        department_id: Some(1),
    }
}

/// Each step in a state that accepts it: a role outside the table is refused with
/// NotPermitted; a role inside it is not refused for its role.
#[test]
fn every_step_refuses_every_role_outside_the_table() {
    let steps: Vec<(Step, S, Severity)> = vec![
        (
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            S::Registered,
            Severity::Minor,
        ),
        (
            Step::ReturnMisdirected(ReasonInput {
                reason: "非本部门".into(),
            }),
            S::Dispatched,
            Severity::Minor,
        ),
        (
            Step::Forward(ForwardInput { to_name: None }),
            S::Dispatched,
            Severity::Important,
        ),
        (
            Step::AddHandlingNote(NoteInput { note: "n".into() }),
            S::Dispatched,
            Severity::Minor,
        ),
        (
            Step::StartWait(ReasonInput { reason: "r".into() }),
            S::InHandling,
            Severity::Minor,
        ),
        (Step::EndWait, S::WaitingOnResident, Severity::Minor),
        (
            Step::MarkHandled(HandledInput {
                result: "ok".into(),
            }),
            S::InHandling,
            Severity::Minor,
        ),
        (Step::LogFormReturn, S::Handled, Severity::Minor),
        (
            Step::SignOff(SignOffInput {
                approved: false,
                comment: "退回".into(),
            }),
            S::AwaitingSignOff,
            Severity::Important,
        ),
        (
            Step::Reopen(ReasonInput { reason: "r".into() }),
            S::CalledBack,
            Severity::Minor,
        ),
        (
            Step::PromiseNextReply(NextReplyInput {
                promised_on: "2030-01-01".into(),
            }),
            S::InHandling,
            Severity::Minor,
        ),
        (
            Step::Void(ReasonInput { reason: "r".into() }),
            S::Registered,
            Severity::Minor,
        ),
        (Step::Archive, S::CalledBack, Severity::Minor),
    ];
    for (step, state, severity) in steps {
        let action = step.action();
        for &role in Role::ALL {
            let (c, events, policy) = case_in(state, severity);
            let case = Case {
                complaint: &c,
                events: &events,
                policy: &policy,
            };
            let result = apply(&user(role), &case, step.clone(), super::fixture::t0());
            let refused = matches!(result, Err(WorkflowError::NotPermitted { .. }));
            assert_eq!(
                refused,
                !permits(role, action),
                "{role:?} × {action:?}: {result:?}"
            );
        }
    }
}

#[test]
fn severity_decides_the_approver() {
    let (c, ev, p) = case_in(S::AwaitingSignOff, Severity::Major);
    let case = Case {
        complaint: &c,
        events: &ev,
        policy: &p,
    };
    let reject = || {
        Step::SignOff(SignOffInput {
            approved: false,
            comment: "请补充".into(),
        })
    };
    assert!(matches!(
        apply(&user(Role::Manager), &case, reject(), super::fixture::t0()),
        Err(WorkflowError::WrongApprover {
            needed: Role::GeneralManager,
            ..
        })
    ));
    assert!(apply(
        &user(Role::GeneralManager),
        &case,
        reject(),
        super::fixture::t0()
    )
    .is_ok());
    // A department head acts only for their own department.
    let mut other = user(Role::DepartmentHead);
    other.department_id = Some(2);
    let (c, ev, p) = case_in(S::InHandling, Severity::Minor);
    let case = Case {
        complaint: &c,
        events: &ev,
        policy: &p,
    };
    assert_eq!(
        apply(
            &other,
            &case,
            Step::MarkHandled(HandledInput {
                result: "ok".into()
            }),
            super::fixture::t0()
        ),
        Err(WorkflowError::NotOwnDepartment)
    );
}
