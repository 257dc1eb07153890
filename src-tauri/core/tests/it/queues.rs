//! The queues of what waits beyond a deadline: 待审批延期 for the approver the severity
//! requires, 约定答复到期 by the promised day, 待归档 and the callbacks to make again.

use super::fixture::{callback_step, dispatch, form, handled_and_notified, sh, t0, Fixture};
use chrono::{DateTime, Duration, Utc};
use complaint_core::deadline::{DeadlineKind as K, DeadlineStatus as St};
use complaint_core::model::{NotifyMethod, Role, Satisfaction, Severity, User};
use complaint_core::storage::complaints::Queue;
use complaint_core::workflow::*;

fn count(f: &Fixture, who: &User, q: Queue, now: DateTime<Utc>) -> i64 {
    f.desk
        .dashboard(who, 10, now)
        .unwrap()
        .queues
        .into_iter()
        .find(|v| v.queue == q)
        .unwrap()
        .count
}

/// The ids in a queue, sorted.
fn rows(f: &Fixture, who: &User, q: Queue, now: DateTime<Utc>) -> Vec<i64> {
    let mut ids: Vec<i64> = f
        .desk
        .dashboard(who, 10, now)
        .unwrap()
        .queues
        .into_iter()
        .find(|v| v.queue == q)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn an_extension_request_waits_in_the_queue_of_the_approver_its_severity_requires() {
    let mut f = Fixture::new();
    let [clerk, head, mgr, gm, sup] = [
        Role::Receptionist,
        Role::DepartmentHead,
        Role::Manager,
        Role::GeneralManager,
        Role::Supervisor,
    ]
    .map(|r| f.user(r));
    let minor = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let important = f
        .desk
        .register(&clerk, &form(Severity::Important), t0())
        .unwrap()
        .id;
    let at = t0() + Duration::hours(1);
    for id in [minor, important] {
        f.desk.step(&clerk, id, dispatch(), at).unwrap();
        f.desk
            .step(
                &head,
                id,
                Step::RequestExtension(ExtensionRequestInput {
                    new_deadline: "2026-12-08 18:00".into(),
                    reason: "配件需厂家订货".into(),
                }),
                at,
            )
            .unwrap();
    }
    let q = Queue::ToApproveExtension;
    assert_eq!(
        count(&f, &mgr, q, at),
        1,
        "the manager decides the minor one"
    );
    assert_eq!(
        count(&f, &gm, q, at),
        1,
        "the general manager the important one"
    );
    assert_eq!(count(&f, &sup, q, at), 2, "others see every one");
    let ids = |who: &User| -> Vec<i64> {
        f.desk
            .awaiting_approval(who, at)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(&mgr), [minor]);
    assert_eq!(ids(&gm), [important]);
    assert!(
        ids(&sup).is_empty(),
        "no notification for those who do not decide"
    );
    // The approver's own queues list it first among theirs.
    let dash = f.desk.dashboard(&gm, 10, at).unwrap();
    assert!(dash.mine.contains(&q));
    // Decided, it leaves the queue.
    f.desk
        .step(
            &mgr,
            minor,
            Step::DecideExtension(ExtensionDecisionInput {
                approved: true,
                reason: "同意".into(),
            }),
            at,
        )
        .unwrap();
    assert_eq!(count(&f, &mgr, q, at), 0);
    assert_eq!(count(&f, &sup, q, at), 1);
}

#[test]
fn a_promised_reply_is_a_deadline_due_at_the_end_of_its_day_and_queued_until_kept() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    let promise = |day: &str| {
        Step::PromiseNextReply(NextReplyInput {
            promised_on: day.into(),
            said: "已联系维修班组，明日答复".into(),
        })
    };
    f.desk
        .step(&clerk, id, promise("2026-11-29"), t0())
        .unwrap();
    let end_of_day = sh(2026, 11, 30, 0, 0, 0);
    let reply = |f: &mut Fixture, now| {
        f.desk
            .deadlines(id, now)
            .unwrap()
            .into_iter()
            .filter(|d| d.kind == K::PromisedReply)
            .map(|d| (d.due_at, d.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(reply(&mut f, t0()), [(end_of_day, St::Pending)]);
    let q = Queue::ToReply;
    let dash = f.desk.dashboard(&clerk, 10, t0()).unwrap();
    let view = dash.queues.iter().find(|v| v.queue == q).unwrap();
    assert_eq!(view.count, 1);
    let row = &view.rows[0];
    assert_eq!(row.next_due_kind, Some(K::PromisedReply));
    assert_eq!(
        row.next_due_at.map(|t| t.with_timezone(&Utc)),
        Some(end_of_day)
    );
    assert_eq!(row.reply_due_at, row.next_due_at);
    // Past the day and not kept: overdue.
    let late = end_of_day + Duration::minutes(1);
    assert_eq!(reply(&mut f, late), [(end_of_day, St::Overdue)]);
    // A new promise keeps the first (late) and owes the second.
    f.desk
        .step(&clerk, id, promise("2026-12-01"), late)
        .unwrap();
    let second_end = sh(2026, 12, 2, 0, 0, 0);
    assert_eq!(
        reply(&mut f, late),
        [(end_of_day, St::MetLate), (second_end, St::Pending)]
    );
    assert_eq!(count(&f, &clerk, q, late), 1);
    // Telling the resident the result keeps it.
    let head = f.user(Role::DepartmentHead);
    f.desk
        .step(
            &head,
            id,
            Step::MarkHandled(HandledInput {
                result: "已修复".into(),
            }),
            late,
        )
        .unwrap();
    f.desk.step(&clerk, id, Step::LogFormReturn, late).unwrap();
    f.desk
        .step(
            &clerk,
            id,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "住户认可".into(),
                done: DoneFor::default(),
            }),
            late,
        )
        .unwrap();
    assert_eq!(
        reply(&mut f, late),
        [(end_of_day, St::MetLate), (second_end, St::MetOnTime)]
    );
    assert_eq!(count(&f, &clerk, q, late), 0);
}

#[test]
fn called_back_complaints_wait_to_be_archived_or_called_again() {
    let mut f = Fixture::new();
    let [clerk, sup, quality] =
        [Role::Receptionist, Role::Supervisor, Role::Quality].map(|r| f.user(r));
    let at = t0() + Duration::hours(2);
    let mut ids = Vec::new();
    for _ in 0..4 {
        let id = f
            .desk
            .register(&clerk, &form(Severity::Minor), t0())
            .unwrap()
            .id;
        handled_and_notified(&mut f, id, "已更换阀门", at);
        ids.push(id);
    }
    let [satisfied, unhappy, excluded, unreachable] = ids[..] else {
        unreachable!()
    };
    f.desk
        .step(
            &sup,
            satisfied,
            callback_step(true, Satisfaction::Satisfied, false),
            at,
        )
        .unwrap();
    f.desk
        .step(
            &sup,
            unhappy,
            callback_step(true, Satisfaction::Dissatisfied, false),
            at,
        )
        .unwrap();
    f.desk
        .step(
            &sup,
            excluded,
            callback_step(true, Satisfaction::Dissatisfied, true),
            at,
        )
        .unwrap();
    f.desk
        .step(
            &sup,
            unreachable,
            callback_step(false, Satisfaction::Satisfied, false),
            at,
        )
        .unwrap();
    assert_eq!(
        rows(&f, &quality, Queue::ToArchive, at),
        [satisfied, excluded]
    );
    assert_eq!(
        rows(&f, &sup, Queue::ToCallback, at),
        [unhappy, unreachable]
    );
    // Two more tries that find nobody (the policy allows three): ready to archive.
    for _ in 0..2 {
        f.desk
            .step(
                &sup,
                unreachable,
                callback_step(false, Satisfaction::Satisfied, false),
                at,
            )
            .unwrap();
    }
    assert_eq!(
        rows(&f, &quality, Queue::ToArchive, at),
        [satisfied, excluded, unreachable]
    );
    assert_eq!(rows(&f, &sup, Queue::ToCallback, at), [unhappy]);
    // Archived, it leaves the queue.
    f.desk.step(&quality, satisfied, Step::Archive, at).unwrap();
    assert_eq!(
        rows(&f, &quality, Queue::ToArchive, at),
        [excluded, unreachable]
    );
    assert_eq!(count(&f, &quality, Queue::ToArchive, at), 2);
}

/// A file from before these queues (schema version 10) has its open complaints restated
/// on the first open: a request waiting from before shows in the approver's queue.
#[test]
fn a_file_from_before_the_queues_fills_them_on_open() {
    crate::file_only!();
    let mut f = Fixture::new();
    let [clerk, head, mgr] =
        [Role::Receptionist, Role::DepartmentHead, Role::Manager].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    f.desk
        .step(
            &head,
            id,
            Step::RequestExtension(ExtensionRequestInput {
                new_deadline: "2026-12-08 18:00".into(),
                reason: "配件需厂家订货".into(),
            }),
            t0(),
        )
        .unwrap();
    let path = f.path();
    f.file()
        .execute_batch(
            "UPDATE complaints SET awaiting = NULL, reply_due_at = NULL;
             INSERT INTO standing_pending (pending) VALUES (1);",
        )
        .unwrap();
    assert_eq!(count(&f, &mgr, Queue::ToApproveExtension, t0()), 0);
    f.desk = complaint_core::Desk::open(&path).unwrap();
    assert_eq!(count(&f, &mgr, Queue::ToApproveExtension, t0()), 1);
    assert_eq!(f.count("standing_pending"), 0);
}

/// A row carries every open deadline, each named; an important complaint not yet
/// dispatched is in 待转呈 from registration, counting down to its forward deadline.
#[test]
fn a_row_names_every_open_deadline_and_an_undispatched_important_one_waits_to_be_forwarded() {
    let mut f = Fixture::new();
    let [clerk, sup] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Important), t0())
        .unwrap()
        .id;
    let later = t0() + Duration::minutes(20);
    let dash = f.desk.dashboard(&sup, 10, later).unwrap();
    let view = dash
        .queues
        .iter()
        .find(|v| v.queue == Queue::ToForward)
        .unwrap();
    assert_eq!(view.count, 1);
    let row = &view.rows[0];
    assert_eq!(row.id, id);
    assert_eq!(
        row.next_due_kind,
        Some(K::Forward),
        "counts down to the forward"
    );
    assert_eq!(
        row.next_due_at.map(|t| t.with_timezone(&Utc)),
        Some(t0() + Duration::hours(1))
    );
    assert!(!row.overdue);
    let open: Vec<(K, bool)> = row
        .open_deadlines
        .iter()
        .map(|d| (d.kind, d.overdue))
        .collect();
    assert_eq!(
        open,
        [
            (K::Dispatch, true),
            (K::Forward, false),
            (K::Handling, false)
        ]
    );
    // Forwarded, it leaves the queue; its other deadlines stay on the row.
    f.desk
        .step(
            &sup,
            id,
            Step::Forward(ForwardInput {
                to_name: Some("王经理".into()),
            }),
            later,
        )
        .unwrap();
    assert_eq!(count(&f, &sup, Queue::ToForward, later), 0);
    assert_eq!(count(&f, &clerk, Queue::ToDispatch, later), 1);
}
