//! The role × action table, every pair, checked both in the table and through the steps.

use super::deadlines::case_in;
use complaint_core::args;
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
    (Action::MarkHandled, ".YYYY..."),
    (Action::LogFormReturn, "YY......"),
    (Action::SignOff, "...YY..."),
    (Action::NotifyResident, "YY....Y."),
    (Action::Callback, "YY....Y."),
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
    (Action::Export, ".Y.YYY.Y"),
    (Action::ReviewSeverity, ".Y.YY..."),
    (Action::Correct, "YY......"),
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
        roles: vec![role],
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
                said: "已联系配件厂家，下周到货后上门更换".into(),
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

/// Need to know: every role × every read command, on a complaint against the head's own
/// department, one against another, and one misdirected to the head's department first.
#[test]
fn department_heads_read_only_their_departments_complaints() {
    use super::fixture::{form, t0, Fixture};
    use complaint_core::storage::complaints::ListQuery;
    use complaint_core::DeskError;
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let head = f.user(Role::DepartmentHead);
    let own_department = head.department_id.unwrap();
    let dispatch = |department_id| {
        Step::Dispatch(DispatchInput {
            department_id: Some(department_id),
            recipient: "领表人".into(),
        })
    };
    let own = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    f.desk
        .step(&clerk, own.id, dispatch(own_department), t0())
        .unwrap();
    let mut elsewhere = form(Severity::Minor);
    elsewhere.department_id = Some(2);
    let other = f.desk.register(&clerk, &elsewhere, t0()).unwrap();
    f.desk.step(&clerk, other.id, dispatch(2), t0()).unwrap();
    // Sent to the head's department first, returned as misdirected, then sent on.
    let passed = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    f.desk
        .step(&clerk, passed.id, dispatch(own_department), t0())
        .unwrap();
    f.desk
        .step(
            &head,
            passed.id,
            Step::ReturnMisdirected(ReasonInput {
                reason: "属秩序维护部".into(),
            }),
            t0(),
        )
        .unwrap();
    f.desk.step(&clerk, passed.id, dispatch(2), t0()).unwrap();
    let day = t0().date_naive();
    let query = ListQuery {
        page: 1,
        page_size: 50,
        ..ListQuery::default()
    };
    let exports_before = f.count("audit_log");
    let mut exports = 0;
    for &role in Role::ALL {
        let user = f.user(role);
        let is_head = role == Role::DepartmentHead;
        let listed = f.desk.list(&user, &query, t0()).unwrap();
        assert_eq!(listed.total, if is_head { 1 } else { 3 }, "{role:?} list");
        // Asking for another department by filter gives nothing more.
        let asked = ListQuery {
            department_id: Some(2),
            ..query.clone()
        };
        let asked = f.desk.list(&user, &asked, t0()).unwrap();
        assert_eq!(
            asked.total,
            if is_head { 0 } else { 2 },
            "{role:?} list of department 2"
        );
        for (id, visible) in [(own.id, true), (passed.id, true), (other.id, !is_head)] {
            let detail = f.desk.detail(&user, id, t0());
            let form_job = f.desk.form_job(&user, id, t0());
            if visible {
                assert!(detail.is_ok() && form_job.is_ok(), "{role:?} opens {id}");
            } else {
                assert!(
                    matches!(detail, Err(DeskError::OtherDepartment)),
                    "{role:?} {id}"
                );
                assert!(
                    matches!(form_job, Err(DeskError::OtherDepartment)),
                    "{role:?} {id}"
                );
            }
        }
        let register = f.desk.register_job(&user, (day, day), t0()).unwrap();
        let rows = register.entries();
        // Dispatches: own, other, passed (to the head's department, then to 2).
        assert_eq!(rows, if is_head { 2 } else { 4 }, "{role:?} register");
        let may_export = permits(role, Action::Export);
        let exported = f.desk.export_rows(&user, &query, t0());
        let statistics = f.desk.statistics_for_export(
            &user,
            complaint_core::stats::Period::parse_month("2026-11").unwrap(),
            t0(),
        );
        assert_eq!(exported.is_ok(), may_export, "{role:?} export");
        assert_eq!(statistics.is_ok(), may_export, "{role:?} statistics export");
        if may_export {
            assert_eq!(exported.unwrap().0.len(), 3);
            exports += 2;
        }
        let repeats = f.desk.repeats(&user, "3-1-201", "13800000000", t0());
        assert_eq!(
            repeats.is_ok(),
            permits(role, Action::Register),
            "{role:?} repeats"
        );
    }
    // Every export is in the audit log, with its filter and row count.
    let logged: Vec<(String, String)> = f
        .sql()
        .all(
            "SELECT action, after FROM audit_log WHERE entity = 'export' ORDER BY id",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(logged.len(), exports);
    assert_eq!(f.count("audit_log") - exports_before, exports as i64);
    assert!(logged
        .iter()
        .any(|(a, after)| a == "complaint.export" && after.contains("\"rows\":3")));
    assert!(logged
        .iter()
        .any(|(a, after)| a == "statistics.export" && after.contains("2026-11-01")));
}

/// A small center's receptionist who is also its supervisor: what they may do is the
/// union, each step is taken (and audited) in the first role that allows it, and the
/// administrator changes roles and departments, audited.
#[test]
fn one_person_with_two_roles_acts_in_each_and_the_audit_says_which() {
    use super::fixture::{form, t0, Fixture};
    use complaint_core::desk::{NewUser, UserUpdate};
    use complaint_core::DeskError;
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let both = f
        .desk
        .create_user(
            &admin,
            &NewUser {
                username: "xiaoli".into(),
                display_name: "李静".into(),
                role: Role::Receptionist,
                department_id: None,
                password: "Xiaoli@2026".into(),
                extra_roles: vec![Role::Supervisor, Role::Receptionist],
            },
            t0(),
        )
        .unwrap();
    assert_eq!(both.roles, [Role::Receptionist, Role::Supervisor]);
    let id = f
        .desk
        .register(&both, &form(Severity::Important), t0())
        .unwrap()
        .id;
    let actions = f.desk.actions(&both, id).unwrap();
    for a in [
        Action::Dispatch,
        Action::Forward,
        Action::Correct,
        Action::Void,
    ] {
        assert!(actions.contains(&a), "{a:?} missing from {actions:?}");
    }
    f.desk
        .step(
            &both,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            t0(),
        )
        .unwrap();
    f.desk
        .step(
            &both,
            id,
            Step::Forward(ForwardInput {
                to_name: Some("王经理".into()),
            }),
            t0(),
        )
        .unwrap();
    // After dispatch the receptionist may not correct; the supervisor may.
    let mut fixed = form(Severity::Important);
    fixed.location = "3号楼2单元 1201 厨房".into();
    f.desk
        .correct(
            &both,
            id,
            &CorrectionInput {
                form: fixed,
                reason: "地点补充到户".into(),
                last_event_id: None,
            },
            t0(),
        )
        .unwrap();
    let roles: Vec<(String, String)> = f
        .sql()
        .all(
            "SELECT action, after FROM audit_log
             WHERE entity = 'complaint' AND entity_id = ?1 AND action <> 'complaint.register'
             ORDER BY id",
            args![id],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
        )
        .unwrap()
        .into_iter()
        .map(|(action, after)| {
            let after: serde_json::Value = serde_json::from_str(&after).unwrap();
            (action, after["role"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("complaint.dispatch".to_owned(), "receptionist".to_owned()),
            ("complaint.forward".to_owned(), "supervisor".to_owned()),
            ("complaint.correct".to_owned(), "supervisor".to_owned()),
        ]
    );
    // The timeline names the role each step was taken in.
    let timeline = f.desk.detail(&both, id, t0()).unwrap().timeline;
    let taken: Vec<Option<Role>> = timeline.iter().map(|e| e.actor_role).collect();
    assert_eq!(
        taken,
        [
            Some(Role::Receptionist),
            Some(Role::Receptionist),
            Some(Role::Supervisor),
            Some(Role::Supervisor)
        ]
    );
    // The dashboard lists the queues of both roles as theirs.
    let mine = f.desk.dashboard(&both, 5, t0()).unwrap().mine;
    use complaint_core::storage::complaints::Queue;
    assert!(mine.contains(&Queue::ToDispatch) && mine.contains(&Queue::ToForward));

    // The administrator makes the receptionist a department head as well: reading stays
    // the desk's (all complaints), handling is their department's.
    let clerk = f.user(Role::Receptionist);
    let updated = f
        .desk
        .update_user(
            &admin,
            clerk.id,
            &UserUpdate {
                display_name: "林晓".into(),
                role: Role::Receptionist,
                extra_roles: vec![Role::DepartmentHead],
                department_id: Some(2),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(
        updated.user.roles,
        [Role::Receptionist, Role::DepartmentHead]
    );
    assert_eq!(updated.user.department_id, Some(2));
    let head_of = |f: &Fixture, dept: i64| {
        f.desk
            .departments()
            .unwrap()
            .into_iter()
            .find(|d| d.id == dept)
            .unwrap()
            .head_user_id
    };
    assert_eq!(
        head_of(&f, 2),
        Some(clerk.id),
        "heads the department it had no head"
    );
    // Moved back to the desk only, the department is left without a head.
    f.desk
        .update_user(
            &admin,
            clerk.id,
            &UserUpdate {
                display_name: "林晓".into(),
                role: Role::Receptionist,
                extra_roles: vec![],
                department_id: None,
            },
            t0(),
        )
        .unwrap();
    assert_eq!(head_of(&f, 2), None);
    f.desk
        .update_user(
            &admin,
            clerk.id,
            &UserUpdate {
                display_name: "林晓".into(),
                role: Role::Receptionist,
                extra_roles: vec![Role::DepartmentHead],
                department_id: Some(2),
            },
            t0(),
        )
        .unwrap();
    let audited: String = f
        .sql()
        .scalar(
            "SELECT after FROM audit_log WHERE action = 'user.update'",
            args![],
        )
        .unwrap();
    assert!(audited.contains("departmentHead"), "{audited}");
    let reader = f.desk.user(clerk.id).unwrap();
    assert!(
        f.desk.detail(&reader, id, t0()).is_ok(),
        "reads as the desk"
    );
    // What is refused: a head without a department, the administrator's role beside
    // another, the only administrator losing it, and anyone but the administrator.
    let bad = |role, extra: Vec<Role>, department_id| UserUpdate {
        display_name: "林晓".into(),
        role,
        extra_roles: extra,
        department_id,
    };
    let fields = |e: DeskError| match e {
        DeskError::Invalid(fields) => fields.into_iter().map(|e| e.field).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    let refused = f
        .desk
        .update_user(
            &admin,
            clerk.id,
            &bad(Role::DepartmentHead, vec![], None),
            t0(),
        )
        .unwrap_err();
    assert_eq!(fields(refused), ["departmentId"]);
    let refused = f
        .desk
        .update_user(
            &admin,
            clerk.id,
            &bad(Role::Receptionist, vec![Role::Admin], None),
            t0(),
        )
        .unwrap_err();
    assert_eq!(fields(refused), ["extraRoles"]);
    let refused = f
        .desk
        .update_user(&admin, admin.id, &bad(Role::Supervisor, vec![], None), t0())
        .unwrap_err();
    assert_eq!(fields(refused), ["role"]);
    let refused = f
        .desk
        .update_user(&both, clerk.id, &bad(Role::Supervisor, vec![], None), t0())
        .unwrap_err();
    assert!(
        matches!(refused, DeskError::NotPermitted { .. }),
        "{refused:?}"
    );
}
