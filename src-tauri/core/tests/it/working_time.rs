//! Deadlines in working time: a policy that counts dispatch in office minutes and the
//! rest in working days, across a night, a weekend, the Spring Festival with its make-up
//! Saturday, a wait on the resident over a holiday, and a policy change between two
//! complaints (each keeps the policy it was registered under).

use super::fixture::{dispatch, form, sh, Fixture};
use chrono::{DateTime, Utc};
use complaint_core::deadline::{DeadlineKind as K, DeadlinePolicy};
use complaint_core::model::{Role, Severity};
use complaint_core::workflow::{HandledInput, ReasonInput, Step};

fn working() -> DeadlinePolicy {
    DeadlinePolicy {
        working_kinds: vec![K::Dispatch, K::Handling, K::Return, K::Notify, K::Callback],
        ..DeadlinePolicy::default()
    }
}

/// Registers a minor complaint received at `at` (Shanghai), as the desk would at `at`.
fn register(f: &mut Fixture, at: DateTime<Utc>) -> i64 {
    let clerk = f.user(Role::Receptionist);
    let mut input = form(Severity::Minor);
    input.occurred_at = None;
    f.desk.register(&clerk, &input, at).unwrap().id
}

fn due(f: &mut Fixture, id: i64, kind: K, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let d = f
        .desk
        .deadlines(id, now)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap();
    (d.started_at, d.due_at)
}

#[test]
fn after_hours_the_clocks_start_at_the_next_opening() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let before = register(&mut f, sh(2026, 3, 2, 23, 40, 0));
    f.desk
        .save_policy(&admin, &working(), sh(2026, 3, 2, 23, 41, 0))
        .unwrap();
    let night = register(&mut f, sh(2026, 3, 2, 23, 45, 0));
    let now = sh(2026, 3, 2, 23, 50, 0);
    // Under the calendar policy it was registered with: 10 minutes on the clock.
    assert_eq!(
        due(&mut f, before, K::Dispatch, now).1,
        sh(2026, 3, 2, 23, 50, 0)
    );
    // Under working time: the clock starts at 08:30 and runs 10 office minutes.
    assert_eq!(
        due(&mut f, night, K::Dispatch, now),
        (sh(2026, 3, 3, 8, 30, 0), sh(2026, 3, 3, 8, 40, 0))
    );
    // Handling: 2 working days from the opening.
    assert_eq!(
        due(&mut f, night, K::Handling, now).1,
        sh(2026, 3, 5, 8, 30, 0)
    );
    // Not overdue at 23:50, as it was on the calendar clock.
    let row = f
        .desk
        .list(
            &f.user(Role::Receptionist),
            &complaint_core::storage::complaints::ListQuery::default(),
            now,
        )
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.id == night)
        .unwrap();
    assert!(!row.overdue);
}

#[test]
fn the_spring_festival_and_a_wait_over_it_do_not_count() {
    let mut f = Fixture::new();
    let [admin, clerk, head] =
        [Role::Admin, Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    f.desk
        .save_policy(&admin, &working(), sh(2026, 2, 1, 9, 0, 0))
        .unwrap();
    // Thursday 2-12 10:00, 2 working days: Friday 2-13, then the make-up Saturday 2-14.
    let id = register(&mut f, sh(2026, 2, 12, 10, 0, 0));
    f.desk
        .step(&clerk, id, dispatch(), sh(2026, 2, 12, 10, 5, 0))
        .unwrap();
    let now = sh(2026, 2, 12, 11, 0, 0);
    assert_eq!(
        due(&mut f, id, K::Handling, now).1,
        sh(2026, 2, 14, 10, 0, 0)
    );
    // A wait from Friday 16:30 to the first day back, 2-24 09:30: office time waited is
    // Friday's last hour, the make-up Saturday (9 h) and an hour on 2-24 = 11 h.
    f.desk
        .step(
            &head,
            id,
            Step::StartWait(ReasonInput {
                reason: "住户春节回老家，无法入户".into(),
            }),
            sh(2026, 2, 13, 16, 30, 0),
        )
        .unwrap();
    f.desk
        .step(&head, id, Step::EndWait, sh(2026, 2, 24, 9, 30, 0))
        .unwrap();
    // 11 office hours after Saturday 10:00: 7.5 h that day, 3.5 h on 2-24 → 12:00.
    let now = sh(2026, 2, 24, 9, 31, 0);
    assert_eq!(
        due(&mut f, id, K::Handling, now).1,
        sh(2026, 2, 24, 12, 0, 0)
    );
    // Handled on 2-24 at 11:00: on time; "same day" for the return is 17:30.
    f.desk
        .step(
            &head,
            id,
            Step::MarkHandled(HandledInput {
                result: "已修复".into(),
            }),
            sh(2026, 2, 24, 11, 0, 0),
        )
        .unwrap();
    let deadlines = f.desk.deadlines(id, sh(2026, 2, 24, 11, 1, 0)).unwrap();
    let handling = deadlines.iter().find(|d| d.kind == K::Handling).unwrap();
    assert_eq!(
        handling.status,
        complaint_core::deadline::DeadlineStatus::MetOnTime
    );
    assert_eq!(
        deadlines
            .iter()
            .find(|d| d.kind == K::Return)
            .unwrap()
            .due_at,
        sh(2026, 2, 24, 17, 30, 0)
    );
}

#[test]
fn a_calendar_an_administrator_breaks_is_refused_with_the_field_named() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let mut bad = working();
    bad.calendar.weekly[0] = "17:30-08:30".into();
    let refused = f
        .desk
        .save_policy(&admin, &bad, sh(2026, 3, 1, 9, 0, 0))
        .unwrap_err();
    assert!(refused.to_string().contains("工作日历有误"), "{refused}");
}
