//! The procedure through the desk, on a real file, with time injected.

use super::fixture::{form, t0, Fixture};
use chrono::{Duration, Months};
use complaint_core::args;
use complaint_core::deadline::{DeadlineKind as K, DeadlineStatus as St};
use complaint_core::event::EventData;
use complaint_core::model::{
    CallbackMethod, ComplaintState as S, NotifyMethod, Role, Satisfaction, Severity,
};
use complaint_core::roles::Action;
use complaint_core::workflow::*;
use complaint_core::DeskError;

fn callback(result: Satisfaction) -> Step {
    Step::Callback(CallbackInput {
        reached: true,
        method: CallbackMethod::Phone,
        attitude: Some(Satisfaction::Satisfied),
        conduct: Some(Satisfaction::Satisfied),
        result: Some(result),
        remarks: String::new(),
        exclusion: None,
        exclusion_reason: None,
        done: Default::default(),
    })
}

#[test]
fn an_important_complaint_from_registration_to_archive() {
    let mut f = Fixture::new();
    let [clerk, sup, head, mgr, patrol] = [
        Role::Receptionist,
        Role::Supervisor,
        Role::DepartmentHead,
        Role::Manager,
        Role::Patrol,
    ]
    .map(|r| f.user(r));
    let t = std::cell::Cell::new(t0());
    let row = f
        .desk
        .register(&clerk, &form(Severity::Important), t.get())
        .unwrap();
    let id = row.id;
    let go = |f: &mut Fixture, who: &complaint_core::model::User, step: Step, minutes: i64| {
        t.set(t.get() + Duration::minutes(minutes));
        f.desk
            .step(who, id, step, t.get())
            .unwrap_or_else(|e| panic!("{e}"))
            .state
    };
    assert_eq!(
        go(
            &mut f,
            &clerk,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into()
            }),
            5
        ),
        S::Dispatched
    );
    assert_eq!(
        go(
            &mut f,
            &sup,
            Step::Forward(ForwardInput {
                to_name: Some("郑国强".into())
            }),
            30
        ),
        S::Dispatched
    );
    assert_eq!(
        go(
            &mut f,
            &head,
            Step::AddHandlingNote(NoteInput {
                note: "已到现场".into()
            }),
            60
        ),
        S::InHandling
    );
    assert_eq!(
        go(
            &mut f,
            &head,
            Step::MarkHandled(HandledInput {
                result: "已更换水管".into()
            }),
            120
        ),
        S::Handled
    );
    assert_eq!(
        go(&mut f, &clerk, Step::LogFormReturn, 30),
        S::AwaitingSignOff
    );
    // Sign-off needs the corrective record first.
    let approve = || {
        Step::SignOff(SignOffInput {
            approved: true,
            comment: "同意".into(),
        })
    };
    let err = f.desk.step(&mgr, id, approve(), t.get()).unwrap_err();
    assert!(matches!(
        err,
        DeskError::Workflow(WorkflowError::CorrectiveRecordMissing)
    ));
    assert_eq!(
        go(
            &mut f,
            &mgr,
            Step::SignOff(SignOffInput {
                approved: false,
                comment: "处理记录不完整".into()
            }),
            10
        ),
        S::InHandling
    );
    let corrective = CorrectiveInput {
        cause: "管道老化".into(),
        corrective_action: "更换".into(),
        preventive_action: "季度巡检".into(),
        verified_by: "周明".into(),
        verified_on: None,
    };
    assert_eq!(
        go(&mut f, &head, Step::RecordCorrective(corrective), 10),
        S::InHandling
    );
    assert_eq!(
        go(
            &mut f,
            &head,
            Step::MarkHandled(HandledInput {
                result: "已更换并试压".into()
            }),
            30
        ),
        S::Handled
    );
    assert_eq!(
        go(&mut f, &clerk, Step::LogFormReturn, 10),
        S::AwaitingSignOff
    );
    assert_eq!(go(&mut f, &mgr, approve(), 10), S::SignedOff);
    let notify = Step::NotifyResident(NotifyInput {
        method: NotifyMethod::Phone,
        response: "知悉".into(),
        done: Default::default(),
    });
    assert_eq!(go(&mut f, &clerk, notify, 10), S::Notified);
    assert_eq!(
        go(
            &mut f,
            &patrol,
            callback(Satisfaction::Dissatisfied),
            60 * 24
        ),
        S::CalledBack
    );
    // A dissatisfied resident: reopen, not archive.
    assert_eq!(
        f.desk.actions(&sup, id).unwrap(),
        [
            Action::Reopen,
            Action::PromiseNextReply,
            Action::RecordCorrective,
            Action::Void,
            Action::Correct,
        ]
    );
    let refused = f.desk.step(&sup, id, Step::Archive, t.get()).unwrap_err();
    assert!(
        matches!(
            refused,
            DeskError::Workflow(WorkflowError::DissatisfactionOpen)
        ),
        "{refused:?}"
    );
    assert_eq!(
        go(
            &mut f,
            &sup,
            Step::Reopen(ReasonInput {
                reason: "仍有渗水".into()
            }),
            10
        ),
        S::InHandling
    );
    let reopened_at = t.get();
    assert_eq!(
        go(
            &mut f,
            &head,
            Step::MarkHandled(HandledInput {
                result: "重新做防水".into()
            }),
            60
        ),
        S::Handled
    );
    assert_eq!(
        go(&mut f, &clerk, Step::LogFormReturn, 10),
        S::AwaitingSignOff
    );
    assert_eq!(go(&mut f, &mgr, approve(), 10), S::SignedOff);
    let notify = Step::NotifyResident(NotifyInput {
        method: NotifyMethod::InPerson,
        response: "满意".into(),
        done: Default::default(),
    });
    assert_eq!(go(&mut f, &clerk, notify, 10), S::Notified);
    assert_eq!(
        go(&mut f, &patrol, callback(Satisfaction::Satisfied), 60),
        S::CalledBack
    );
    assert_eq!(
        f.desk.actions(&sup, id).unwrap(),
        [
            Action::PromiseNextReply,
            Action::RecordCorrective,
            Action::Void,
            Action::Archive,
            Action::Correct
        ]
    );
    assert_eq!(go(&mut f, &sup, Step::Archive, 10), S::Archived);

    let deadlines = f.desk.deadlines(id, t.get()).unwrap();
    let status = |k: K| deadlines.iter().find(|d| d.kind == k).map(|d| d.status);
    assert_eq!(status(K::Dispatch), Some(St::MetOnTime));
    assert_eq!(status(K::Forward), Some(St::MetOnTime));
    assert_eq!(status(K::Handling), Some(St::MetOnTime));
    assert_eq!(
        deadlines
            .iter()
            .find(|d| d.kind == K::Handling)
            .unwrap()
            .started_at,
        reopened_at
    );
    assert!(
        deadlines.iter().all(|d| d.met_at.is_some()),
        "{deadlines:?}"
    );
    let (c, events, _) = f.desk.case(id).unwrap();
    assert_eq!((c.state, c.next_due_at), (S::Archived, None));
    assert_eq!(events.len(), 20);
    assert!(
        f.desk
            .step(
                &sup,
                id,
                Step::Void(ReasonInput { reason: "x".into() }),
                t.get()
            )
            .is_err(),
        "archived is final"
    );
    assert_eq!(f.desk.verify_audit().unwrap().first_broken, None);
}

#[test]
fn a_misdirected_dispatch_goes_back_to_the_desk() {
    let mut f = Fixture::new();
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let t1 = t0() + Duration::minutes(3);
    f.desk
        .step(
            &clerk,
            row.id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            t1,
        )
        .unwrap();
    let t2 = t1 + Duration::hours(1);
    let back = f
        .desk
        .step(
            &head,
            row.id,
            Step::ReturnMisdirected(ReasonInput {
                reason: "属停车管理处".into(),
            }),
            t2,
        )
        .unwrap();
    assert_eq!(back.state, S::Registered);
    // The dispatch timer restarted at the return.
    assert_eq!(
        back.next_due_at.map(|d| d.to_utc()),
        Some(t2 + Duration::minutes(10))
    );
    let again = f
        .desk
        .step(
            &clerk,
            row.id,
            Step::Dispatch(DispatchInput {
                department_id: Some(5),
                recipient: "刘磊".into(),
            }),
            t2 + Duration::minutes(4),
        )
        .unwrap();
    assert_eq!(
        (again.state, again.department_name.as_str()),
        (S::Dispatched, "停车管理处")
    );
    // The first department's head no longer acts on it.
    let err = f
        .desk
        .step(
            &head,
            row.id,
            Step::AddHandlingNote(NoteInput { note: "x".into() }),
            t2 + Duration::minutes(5),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        DeskError::Workflow(WorkflowError::NotOwnDepartment)
    ));
}

#[test]
fn waiting_extension_and_next_reply() {
    let mut f = Fixture::new();
    let [clerk, head, mgr] =
        [Role::Receptionist, Role::DepartmentHead, Role::Manager].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let mut t = t0() + Duration::minutes(5);
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            t,
        )
        .unwrap();
    t += Duration::hours(2);
    f.desk
        .step(
            &head,
            id,
            Step::StartWait(ReasonInput {
                reason: "住户出差，无法入户".into(),
            }),
            t,
        )
        .unwrap();
    let waiting = f.desk.deadlines(id, t + Duration::days(5)).unwrap();
    let handling = waiting.iter().find(|d| d.kind == K::Handling).unwrap();
    assert!(handling.paused && handling.status == St::Pending);
    t += Duration::days(1);
    f.desk.step(&head, id, Step::EndWait, t).unwrap();
    let d = f.desk.deadlines(id, t).unwrap();
    assert_eq!(
        d.iter().find(|d| d.kind == K::Handling).unwrap().due_at,
        t0() + Duration::days(3),
        "moved by the day waited"
    );

    let ask = Step::RequestExtension(ExtensionRequestInput {
        new_deadline: "2026-12-10 18:00".into(),
        reason: "等待配件".into(),
    });
    f.desk.step(&head, id, ask, t).unwrap();
    let err = f
        .desk
        .step(
            &clerk,
            id,
            Step::DecideExtension(ExtensionDecisionInput {
                approved: true,
                reason: "同意".into(),
            }),
            t,
        )
        .unwrap_err();
    assert!(matches!(
        err,
        DeskError::Workflow(WorkflowError::NotPermitted { .. })
    ));
    f.desk
        .step(
            &mgr,
            id,
            Step::DecideExtension(ExtensionDecisionInput {
                approved: true,
                reason: "同意".into(),
            }),
            t,
        )
        .unwrap();
    let d = f.desk.deadlines(id, t).unwrap();
    assert_eq!(
        d.iter().find(|d| d.kind == K::Handling).unwrap().due_at,
        super::fixture::sh(2026, 12, 10, 18, 0, 0)
    );
    let past = Step::RequestExtension(ExtensionRequestInput {
        new_deadline: "2026-11-01 18:00".into(),
        reason: "x".into(),
    });
    assert!(
        matches!(f.desk.step(&head, id, past, t), Err(DeskError::Invalid(e)) if e[0].field == "newDeadline")
    );
    f.desk
        .step(
            &clerk,
            id,
            Step::PromiseNextReply(NextReplyInput {
                promised_on: "2026-12-05".into(),
                said: "已联系配件厂家，下周到货后上门更换".into(),
            }),
            t,
        )
        .unwrap();
    let (_, events, _) = f.desk.case(id).unwrap();
    assert!(matches!(
        events.last().unwrap().data,
        EventData::NextReplyPromised { .. }
    ));
}

#[test]
fn unhandled_for_a_month_is_raised_to_major_with_an_audit_entry() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let handled_id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let mut invalid = form(Severity::Minor);
    invalid.valid = false;
    invalid.invalid_reason = Some("属市政管辖".into());
    f.desk.register(&clerk, &invalid, t0()).unwrap();
    let head = f.user(Role::DepartmentHead);
    f.desk
        .step(
            &clerk,
            handled_id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            t0(),
        )
        .unwrap();
    f.desk
        .step(
            &head,
            handled_id,
            Step::MarkHandled(HandledInput {
                result: "ok".into(),
            }),
            t0(),
        )
        .unwrap();
    let month = t0().checked_add_months(Months::new(1)).unwrap();
    assert!(f
        .desk
        .raise_stale(month - Duration::seconds(1))
        .unwrap()
        .is_empty());
    let raised = f.desk.raise_stale(month).unwrap();
    assert_eq!(
        raised
            .iter()
            .map(|r| (r.id, r.severity))
            .collect::<Vec<_>>(),
        [(id, Severity::Major)]
    );
    assert!(
        f.desk
            .raise_stale(month + Duration::days(1))
            .unwrap()
            .is_empty(),
        "raised once"
    );
    let (c, events, _) = f.desk.case(id).unwrap();
    assert_eq!(c.severity, Severity::Major);
    assert!(matches!(
        events.last().unwrap().data,
        EventData::SeverityRaised {
            from: Severity::Minor,
            to: Severity::Major,
            ..
        }
    ));
    assert_eq!(events.last().unwrap().actor_id, 0);
    let audited: i64 = f
        .sql().scalar("SELECT count(*) FROM audit_log WHERE action = 'complaint.autoRaise' AND entity_id = ?1 AND actor_id = 0", args![id])
        .unwrap();
    assert_eq!(audited, 1);
    // As a major complaint it now needs forwarding to the general manager the same day.
    let d = f.desk.deadlines(id, month).unwrap();
    let fwd = d.iter().find(|d| d.kind == K::Forward).unwrap();
    assert_eq!(fwd.started_at, month);
}

#[test]
fn the_detail_shows_the_timeline_deadlines_and_only_the_viewers_actions() {
    let mut f = Fixture::new();
    let [clerk, head, mgr, patrol] = [
        Role::Receptionist,
        Role::DepartmentHead,
        Role::Manager,
        Role::Patrol,
    ]
    .map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let d = f.desk.detail(&clerk, id, t0()).unwrap();
    assert_eq!(
        d.actions,
        [Action::Dispatch, Action::PromiseNextReply, Action::Correct]
    );
    assert_eq!(
        d.deadlines.iter().map(|d| d.kind).collect::<Vec<_>>(),
        [K::Dispatch, K::Handling]
    );
    assert_eq!(d.form.received_at.to_rfc3339(), "2026-11-28T10:00:00+08:00");
    assert!(f.desk.detail(&patrol, id, t0()).unwrap().actions.is_empty());
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            t0(),
        )
        .unwrap();
    let ask = Step::RequestExtension(ExtensionRequestInput {
        new_deadline: "2026-12-05 18:00".into(),
        reason: "等配件".into(),
    });
    f.desk.step(&head, id, ask, t0()).unwrap();
    let d = f.desk.detail(&mgr, id, t0()).unwrap();
    assert!(d.actions.contains(&Action::DecideExtension));
    let pending = d.pending_extension.unwrap();
    assert_eq!(
        (pending.approver, pending.reason.as_str()),
        (Role::Manager, "等配件")
    );
    assert!(!f
        .desk
        .detail(&clerk, id, t0())
        .unwrap()
        .actions
        .contains(&Action::DecideExtension));
    let names: Vec<_> = d
        .timeline
        .iter()
        .map(|e| (e.actor_name.as_str(), e.actor_role))
        .collect();
    assert_eq!(
        names,
        [
            ("接待员", Some(Role::Receptionist)),
            ("接待员", Some(Role::Receptionist)),
            ("部门主管", Some(Role::DepartmentHead))
        ]
    );
}

#[test]
fn a_form_goes_only_to_a_department_in_use() {
    let mut f = Fixture::new();
    let [clerk, admin] = [Role::Receptionist, Role::Admin].map(|r| f.user(r));
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let count = |f: &Fixture| f.count("events");
    let events = count(&f);
    let dispatch_to = |department_id| {
        Step::Dispatch(DispatchInput {
            department_id,
            recipient: "吴涛".into(),
        })
    };
    // An unknown department: a named field error, not a foreign-key failure.
    let err = f
        .desk
        .step(&clerk, row.id, dispatch_to(Some(9999)), t0())
        .unwrap_err();
    let DeskError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, "departmentId");
    assert!(fields[0].message.contains("不存在或已停用"), "{fields:?}");
    // The registered department, disabled since: neither by default nor by name.
    let d = f.desk.departments().unwrap()[0].clone();
    assert_eq!(d.name, row.department_name);
    f.desk
        .save_department(
            &admin,
            &complaint_core::desk::DepartmentInput {
                id: Some(d.id),
                name: d.name.clone(),
                head_user_id: d.head_user_id,
                active: false,
            },
            t0(),
        )
        .unwrap();
    for target in [None, Some(d.id)] {
        let err = f
            .desk
            .step(&clerk, row.id, dispatch_to(target), t0())
            .unwrap_err();
        assert!(matches!(err, DeskError::Invalid(_)), "{err:?}");
    }
    assert_eq!(count(&f), events);
    // Another department in use takes it.
    let moved = f
        .desk
        .step(&clerk, row.id, dispatch_to(Some(5)), t0())
        .unwrap();
    assert_eq!(moved.state, S::Dispatched);
}

/// The one-month raise (4.3 c) counts time as the handling clock does: days waiting on
/// the resident do not count, and an approved extension holds it off until its end.
#[test]
fn the_month_before_the_raise_excludes_waits_and_respects_an_extension() {
    let mut f = Fixture::new();
    let [clerk, head, mgr] =
        [Role::Receptionist, Role::DepartmentHead, Role::Manager].map(|r| f.user(r));
    let dispatch = Step::Dispatch(DispatchInput {
        department_id: None,
        recipient: "吴涛".into(),
    });
    let waited = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let extended = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    for id in [waited, extended] {
        f.desk.step(&clerk, id, dispatch.clone(), t0()).unwrap();
    }
    // Ten days waiting on the resident, from day 5 to day 15.
    let t5 = t0() + Duration::days(5);
    f.desk
        .step(
            &head,
            waited,
            Step::StartWait(ReasonInput {
                reason: "住户出差".into(),
            }),
            t5,
        )
        .unwrap();
    f.desk
        .step(&head, waited, Step::EndWait, t5 + Duration::days(10))
        .unwrap();
    // An extension to day 45, asked and approved on day 2.
    let t2 = t0() + Duration::days(2);
    f.desk
        .step(
            &head,
            extended,
            Step::RequestExtension(ExtensionRequestInput {
                new_deadline: "2027-01-12 18:00".into(),
                reason: "等待配件".into(),
            }),
            t2,
        )
        .unwrap();
    f.desk
        .step(
            &mgr,
            extended,
            Step::DecideExtension(ExtensionDecisionInput {
                approved: true,
                reason: "同意".into(),
            }),
            t2,
        )
        .unwrap();
    let month = t0().checked_add_months(Months::new(1)).unwrap();
    let raised_at = |f: &mut Fixture, at| -> Vec<i64> {
        f.desk
            .raise_stale(at)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(
        raised_at(&mut f, month + Duration::days(1)),
        Vec::<i64>::new()
    );
    assert_eq!(
        raised_at(&mut f, month + Duration::days(10) + Duration::minutes(1)),
        vec![waited],
        "a month of handling time: the ten days waited added"
    );
    let extension_end = super::fixture::sh(2027, 1, 12, 18, 0, 0);
    assert_eq!(
        raised_at(&mut f, extension_end - Duration::minutes(1)),
        Vec::<i64>::new()
    );
    assert_eq!(raised_at(&mut f, extension_end), vec![extended]);
}

/// A dissatisfaction excluded at the callback, with its reason, closes the complaint.
#[test]
fn an_excluded_dissatisfaction_may_be_archived() {
    let mut f = Fixture::new();
    let [clerk, head, patrol, sup] = [
        Role::Receptionist,
        Role::DepartmentHead,
        Role::Patrol,
        Role::Supervisor,
    ]
    .map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let steps: Vec<(&complaint_core::model::User, Step)> = vec![
        (
            &clerk,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
        ),
        (
            &head,
            Step::MarkHandled(HandledInput {
                result: "已修好".into(),
            }),
        ),
        (&clerk, Step::LogFormReturn),
        (
            &clerk,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "知悉".into(),
                done: Default::default(),
            }),
        ),
        (
            &patrol,
            Step::Callback(CallbackInput {
                exclusion: Some(complaint_core::model::Exclusion::UnreasonableDemand),
                exclusion_reason: Some("住户要求超出合同约定的服务范围".into()),
                ..match callback(Satisfaction::Dissatisfied) {
                    Step::Callback(c) => c,
                    _ => unreachable!(),
                }
            }),
        ),
    ];
    for (who, step) in steps {
        f.desk.step(who, id, step, t0()).unwrap();
    }
    let archived = f.desk.step(&sup, id, Step::Archive, t0()).unwrap();
    assert_eq!(archived.state, S::Archived);
}

/// 跟清楚 (1.10.3): a major complaint's first reply within two days is a clear answer —
/// a promised date alone says nothing, so the promise must say what the resident was told.
#[test]
fn a_major_first_reply_needs_what_was_said() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let id = f
        .desk
        .register(&clerk, &form(Severity::Major), t0())
        .unwrap()
        .id;
    let promise = |said: &str| {
        Step::PromiseNextReply(NextReplyInput {
            promised_on: "2026-12-02".into(),
            said: said.into(),
        })
    };
    let err = f
        .desk
        .step(&clerk, id, promise("  "), t0() + Duration::hours(2))
        .unwrap_err();
    let DeskError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, "said");
    assert!(fields[0].message.starts_with("答复内容"), "{fields:?}");
    let first_reply = |f: &mut Fixture| {
        f.desk
            .deadlines(id, t0() + Duration::hours(3))
            .unwrap()
            .into_iter()
            .find(|d| d.kind == K::FirstReply)
            .unwrap()
            .status
    };
    assert_ne!(first_reply(&mut f), St::MetOnTime);
    f.desk
        .step(
            &clerk,
            id,
            promise("已安排工程部明早检查外墙渗水点，并告知住户先用防水布遮挡"),
            t0() + Duration::hours(2),
        )
        .unwrap();
    assert_eq!(first_reply(&mut f), St::MetOnTime);
}

/// An extension asked for after the handling deadline had passed may still be approved,
/// but the breach stays recorded: the deadline keeps its date and is met late. One asked
/// for in time moves it.
#[test]
fn a_late_extension_request_keeps_the_breach() {
    let mut f = Fixture::new();
    let [clerk, head, mgr] =
        [Role::Receptionist, Role::DepartmentHead, Role::Manager].map(|r| f.user(r));
    let mut handling = Vec::new();
    for asked_after in [Duration::days(1), Duration::days(4)] {
        let id = f
            .desk
            .register(&clerk, &form(Severity::Minor), t0())
            .unwrap()
            .id;
        f.desk
            .step(
                &clerk,
                id,
                Step::Dispatch(DispatchInput {
                    department_id: None,
                    recipient: "吴涛".into(),
                }),
                t0(),
            )
            .unwrap();
        let asked = t0() + asked_after;
        f.desk
            .step(
                &head,
                id,
                Step::RequestExtension(ExtensionRequestInput {
                    new_deadline: "2026-12-08 18:00".into(),
                    reason: "等待配件".into(),
                }),
                asked,
            )
            .unwrap();
        f.desk
            .step(
                &mgr,
                id,
                Step::DecideExtension(ExtensionDecisionInput {
                    approved: true,
                    reason: "同意".into(),
                }),
                asked,
            )
            .unwrap();
        let done = t0() + Duration::days(5);
        f.desk
            .step(
                &head,
                id,
                Step::MarkHandled(HandledInput {
                    result: "已更换阀门".into(),
                }),
                done,
            )
            .unwrap();
        let d = f.desk.deadlines(id, done).unwrap();
        let h = d.into_iter().find(|d| d.kind == K::Handling).unwrap();
        handling.push((h.due_at, h.status));
    }
    let extended = super::fixture::sh(2026, 12, 8, 18, 0, 0);
    assert_eq!(handling[0], (extended, St::MetOnTime), "asked in time");
    assert_ne!(handling[1].0, extended, "asked late: the date stays");
    assert_eq!(handling[1].1, St::MetLate, "asked late: the breach stays");
}

/// 复核投诉等级: the supervisor or a manager re-grades a complaint being handled, up or
/// down, with a reason; forwarding follows the new grade from the review, handling its
/// days from receipt.
#[test]
fn a_review_regrades_and_the_deadlines_follow() {
    let mut f = Fixture::new();
    let [clerk, sup, head] =
        [Role::Receptionist, Role::Supervisor, Role::DepartmentHead].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let review = |severity, reason: &str| {
        Step::ReviewSeverity(SeverityReviewInput {
            severity,
            reason: reason.into(),
        })
    };
    // Who may, and what is checked.
    let refused = f
        .desk
        .step(&clerk, id, review(Severity::Important, "x"), t0())
        .unwrap_err();
    assert!(
        matches!(
            refused,
            DeskError::Workflow(WorkflowError::NotPermitted { .. })
        ),
        "{refused:?}"
    );
    let DeskError::Invalid(fields) = f
        .desk
        .step(&sup, id, review(Severity::Minor, ""), t0())
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(
        fields.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["severity", "reason"]
    );
    // Up to important two hours in: the forward clock (an hour) starts at the review.
    let at = t0() + Duration::hours(2);
    let row = f
        .desk
        .step(
            &sup,
            id,
            review(Severity::Important, "渗水已影响楼下两户，符合重要投诉定义"),
            at,
        )
        .unwrap();
    assert_eq!(row.severity, Severity::Important);
    let deadlines = f.desk.deadlines(id, at).unwrap();
    let due = |k: K| deadlines.iter().find(|d| d.kind == k).map(|d| d.due_at);
    assert_eq!(due(K::Forward), Some(at + Duration::hours(1)));
    let (_, events, _) = f.desk.case(id).unwrap();
    assert!(matches!(
        &events.last().unwrap().data,
        EventData::SeverityReviewed { from: Severity::Minor, to: Severity::Important, reason }
            if reason.contains("重要投诉定义")
    ));
    // Back down to minor: nothing to forward any more.
    f.desk
        .step(&sup, id, review(Severity::Minor, "复核：仅一户受影响"), at)
        .unwrap();
    assert_eq!(
        f.desk
            .deadlines(id, at)
            .unwrap()
            .iter()
            .filter(|d| d.kind == K::Forward)
            .count(),
        0
    );
    // Once handled, the grade stands.
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            at,
        )
        .unwrap();
    f.desk
        .step(
            &head,
            id,
            Step::MarkHandled(HandledInput {
                result: "已修好".into(),
            }),
            at,
        )
        .unwrap();
    assert!(matches!(
        f.desk
            .step(&sup, id, review(Severity::Major, "x"), at)
            .unwrap_err(),
        DeskError::Workflow(WorkflowError::WrongState { .. })
    ));
}

/// SPEC's role table: the supervisor handles minor complaints (notes and 处理完毕), not the
/// departments' important and major ones; the receptionist enters callbacks.
#[test]
fn the_supervisor_handles_minor_complaints_and_the_desk_enters_callbacks() {
    let mut f = Fixture::new();
    let [clerk, sup] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let dispatch = Step::Dispatch(DispatchInput {
        department_id: None,
        recipient: "吴涛".into(),
    });
    let handled = Step::MarkHandled(HandledInput {
        result: "已联系物业维修班更换灯泡".into(),
    });
    let important = f
        .desk
        .register(&clerk, &form(Severity::Important), t0())
        .unwrap()
        .id;
    f.desk
        .step(&clerk, important, dispatch.clone(), t0())
        .unwrap();
    assert!(!f
        .desk
        .actions(&sup, important)
        .unwrap()
        .contains(&Action::MarkHandled));
    let refused = f
        .desk
        .step(&sup, important, handled.clone(), t0())
        .unwrap_err();
    assert!(
        matches!(
            refused,
            DeskError::Workflow(WorkflowError::WrongApprover { .. })
        ),
        "{refused:?}"
    );
    let minor = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    f.desk.step(&clerk, minor, dispatch, t0()).unwrap();
    assert!(f
        .desk
        .actions(&sup, minor)
        .unwrap()
        .contains(&Action::MarkHandled));
    f.desk.step(&sup, minor, handled, t0()).unwrap();
    f.desk
        .step(&clerk, minor, Step::LogFormReturn, t0())
        .unwrap();
    f.desk
        .step(
            &clerk,
            minor,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "知悉".into(),
                done: Default::default(),
            }),
            t0(),
        )
        .unwrap();
    let row = f
        .desk
        .step(&clerk, minor, callback(Satisfaction::Satisfied), t0())
        .unwrap();
    assert_eq!(row.state, S::CalledBack);
}

/// SPEC: the patrol's callbacks and in-person notices are entered by whoever is at the
/// desk — with who did it and when, kept apart from who typed it.
#[test]
fn entries_made_for_others_say_who_and_when() {
    let mut f = Fixture::new();
    let [clerk, head, patrol] =
        [Role::Receptionist, Role::DepartmentHead, Role::Patrol].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
            t0(),
        )
        .unwrap();
    let t1 = t0() + Duration::hours(3);
    f.desk
        .step(
            &head,
            id,
            Step::MarkHandled(HandledInput {
                result: "已修好".into(),
            }),
            t1,
        )
        .unwrap();
    f.desk.step(&clerk, id, Step::LogFormReturn, t1).unwrap();
    // The patrol told the resident in person at 14:30; the desk enters it at 17:00.
    let entered = super::fixture::sh(2026, 11, 28, 17, 0, 0);
    let notify = |done: DoneFor| {
        Step::NotifyResident(NotifyInput {
            method: NotifyMethod::InPerson,
            response: "住户表示知悉".into(),
            done,
        })
    };
    let field = |err: DeskError| match err {
        DeskError::Invalid(fields) => fields[0].field.clone(),
        other => panic!("{other:?}"),
    };
    for (done, wrong) in [
        (
            DoneFor {
                user_id: Some(9999),
                ..DoneFor::default()
            },
            "doneBy",
        ),
        (
            DoneFor {
                user_id: Some(patrol.id),
                at: Some("2026-11-28 09:00".into()),
                ..DoneFor::default()
            },
            "doneAt",
        ),
        (
            DoneFor {
                user_id: Some(patrol.id),
                at: Some("2026-11-28 18:00".into()),
                ..DoneFor::default()
            },
            "doneAt",
        ),
    ] {
        let err = f.desk.step(&clerk, id, notify(done), entered).unwrap_err();
        assert_eq!(field(err), wrong);
    }
    f.desk
        .step(
            &clerk,
            id,
            notify(DoneFor {
                user_id: Some(patrol.id),
                name: Some("(ignored: the account's name is used)".into()),
                at: Some("2026-11-28 14:30".into()),
            }),
            entered,
        )
        .unwrap();
    let (_, events, _) = f.desk.case(id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.actor_id, clerk.id, "who typed it");
    assert_eq!(last.at, entered);
    assert_eq!(
        last.done_by().map(|d| (d.user_id, d.name.as_str())),
        Some((Some(patrol.id), patrol.display_name.as_str()))
    );
    assert_eq!(last.done_at(), super::fixture::sh(2026, 11, 28, 14, 30, 0));
    // The notify deadline is met when it was done, not when it was typed.
    let notify_deadline = f
        .desk
        .deadlines(id, entered)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == K::Notify)
        .unwrap();
    assert_eq!(
        notify_deadline.met_at.map(|t| t.to_utc()),
        Some(super::fixture::sh(2026, 11, 28, 14, 30, 0))
    );
    // A callback by someone without an account, by name.
    let row = f
        .desk
        .step(
            &clerk,
            id,
            Step::Callback(CallbackInput {
                done: DoneFor {
                    name: Some("李师傅（外包巡查）".into()),
                    ..DoneFor::default()
                },
                ..match callback(Satisfaction::Satisfied) {
                    Step::Callback(c) => c,
                    _ => unreachable!(),
                }
            }),
            entered,
        )
        .unwrap();
    assert_eq!(row.state, S::CalledBack);
    let (_, events, _) = f.desk.case(id).unwrap();
    assert_eq!(
        events.last().unwrap().done_by().map(|d| d.name.as_str()),
        Some("李师傅（外包巡查）")
    );
}
