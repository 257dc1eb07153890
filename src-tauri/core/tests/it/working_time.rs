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

/// A desk whose working-time policy is in force from 2026-03-02 08:00, and its
/// administrator.
fn working_desk() -> (Fixture, complaint_core::model::User) {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    f.desk
        .save_policy(&admin, &working(), sh(2026, 3, 2, 8, 0, 0))
        .unwrap();
    (f, admin)
}

/// Deadline `kind` of complaint `id` at `now`.
fn deadline(
    f: &mut Fixture,
    id: i64,
    kind: K,
    now: DateTime<Utc>,
) -> complaint_core::deadline::Deadline {
    f.desk
        .deadlines(id, now)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap()
}

fn due(f: &mut Fixture, id: i64, kind: K, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let d = deadline(f, id, kind, now);
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

/// The warning ladder: 预警 when a quarter of the window is left (in office minutes under
/// working time), 超时 past it, on the detail and on the dashboard's rows.
#[test]
fn every_deadline_warns_when_a_quarter_of_its_time_is_left() {
    use complaint_core::deadline::DeadlineStatus as St;
    let (mut f, admin) = working_desk();
    let status = |f: &mut Fixture, id, kind, now| {
        let d = deadline(f, id, kind, now);
        (d.warn_at, d.status)
    };
    // Registered Monday 17:25: 5 office minutes that day, 5 on Tuesday → due 08:35; a
    // quarter of ten minutes is 2.5, counted in whole office minutes as 3 (early, never
    // late) → amber from 08:32.
    let id = register(&mut f, sh(2026, 3, 2, 17, 25, 0));
    let warn = sh(2026, 3, 3, 8, 32, 0);
    let rows: [(&str, DateTime<Utc>, St); 4] = [
        (
            "evening, clock stopped",
            sh(2026, 3, 2, 23, 0, 0),
            St::Pending,
        ),
        ("just before", sh(2026, 3, 3, 8, 31, 59), St::Pending),
        ("a quarter left", warn, St::DueSoon),
        ("past due", sh(2026, 3, 3, 8, 35, 1), St::Overdue),
    ];
    for (what, now, expected) in rows {
        assert_eq!(
            status(&mut f, id, K::Dispatch, now),
            (warn, expected),
            "{what}"
        );
    }
    // Handling: 2 working days from Monday 17:25 → Wednesday 17:25; a quarter of the
    // 18 office hours is 4.5 h before it → Wednesday 12:55.
    assert_eq!(
        status(&mut f, id, K::Handling, sh(2026, 3, 4, 12, 55, 0)),
        (sh(2026, 3, 4, 12, 55, 0), St::DueSoon)
    );
    // The row of the list carries the same instant and turns amber with it.
    let clerk = f.user(Role::Receptionist);
    let row = |f: &mut Fixture, now| {
        f.desk
            .list(
                &clerk,
                &complaint_core::storage::complaints::ListQuery::default(),
                now,
            )
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
    };
    let early = row(&mut f, sh(2026, 3, 3, 8, 31, 30));
    assert!(!early.warning && !early.overdue);
    assert_eq!(
        early.open_deadlines[0].warn_at.with_timezone(&Utc),
        warn,
        "{early:?}"
    );
    let amber = row(&mut f, sh(2026, 3, 3, 8, 33, 0));
    assert!(amber.warning && !amber.overdue);
    // Calendar time with a warning share of a half: a 10-minute dispatch warns after 5.
    let half = DeadlinePolicy {
        warn_percent: 50,
        ..DeadlinePolicy::default()
    };
    f.desk
        .save_policy(&admin, &half, sh(2026, 3, 5, 9, 0, 0))
        .unwrap();
    let id = register(&mut f, sh(2026, 3, 5, 10, 0, 0));
    assert_eq!(
        status(&mut f, id, K::Dispatch, sh(2026, 3, 5, 10, 5, 0)),
        (sh(2026, 3, 5, 10, 5, 0), St::DueSoon)
    );
    // A share out of bounds is refused.
    let wrong = DeadlinePolicy {
        warn_percent: 95,
        ..DeadlinePolicy::default()
    };
    assert!(f
        .desk
        .save_policy(&admin, &wrong, sh(2026, 3, 5, 9, 0, 0))
        .is_err());
}

/// The detail says which rule each deadline follows, in both languages.
#[test]
fn each_deadline_says_the_rule_it_follows() {
    let (mut f, admin) = working_desk();
    let id = register(&mut f, sh(2026, 3, 2, 23, 40, 0));
    let detail = f
        .desk
        .detail(&admin, id, sh(2026, 3, 2, 23, 50, 0))
        .unwrap();
    let rule = |kind| {
        let d = detail.deadlines.iter().find(|d| d.kind == kind).unwrap();
        (d.working, d.rule.clone(), d.rule_en.clone())
    };
    assert_eq!(
        rule(K::Dispatch),
        (
            true,
            "登记后 10 个办公分钟内（非办公时间不计时）".into(),
            "within 10 office minute(s) of registration (clock stops out of hours)".into()
        )
    );
    assert_eq!(
        rule(K::Handling).1,
        "登记后 2 个工作日内（按工作日计，节假日不计）"
    );
    // The calendar rule, where the policy keeps it.
    let policy = DeadlinePolicy::default();
    assert_eq!(
        policy
            .rule(
                K::Notify,
                Severity::Minor,
                complaint_core::deadline::Basis::Policy
            )
            .0,
        "处理完毕（或签批）当天 24:00 前（按自然日计）"
    );
    // A resident's own deadline says so.
    let clerk = f.user(Role::Receptionist);
    let mut input = form(Severity::Minor);
    input.occurred_at = None;
    input.resident_deadline = Some("2026-03-06 12:00".into());
    let asked = f
        .desk
        .register(&clerk, &input, sh(2026, 3, 3, 9, 0, 0))
        .unwrap()
        .id;
    let detail = f
        .desk
        .detail(&admin, asked, sh(2026, 3, 3, 9, 1, 0))
        .unwrap();
    let handling = detail
        .deadlines
        .iter()
        .find(|d| d.kind == K::Handling)
        .unwrap();
    assert_eq!(handling.rule, "住户要求的期限（按自然时间计）");
}

/// 「非工作时间登记」: registered after hours and not yet dispatched, with the time the
/// clocks start; dispatched, it leaves the group.
#[test]
fn the_dashboard_groups_the_nights_registrations() {
    use complaint_core::storage::complaints::Queue;
    let (mut f, _) = working_desk();
    let day = register(&mut f, sh(2026, 3, 2, 10, 0, 0));
    let night = register(&mut f, sh(2026, 3, 2, 23, 40, 0));
    let sunday = register(&mut f, sh(2026, 3, 1, 11, 0, 0));
    let clerk = f.user(Role::Receptionist);
    let group = |f: &mut Fixture, now| {
        let dash = f.desk.dashboard(&clerk, 20, now).unwrap();
        assert!(dash.mine.contains(&Queue::AfterHours));
        dash.queues
            .into_iter()
            .find(|q| q.queue == Queue::AfterHours)
            .unwrap()
    };
    let now = sh(2026, 3, 3, 7, 0, 0);
    let q = group(&mut f, now);
    assert_eq!(q.count, 2);
    let ids: Vec<i64> = q.rows.iter().map(|r| r.id).collect();
    assert!(ids.contains(&night) && ids.contains(&sunday) && !ids.contains(&day));
    let row = q.rows.iter().find(|r| r.id == night).unwrap();
    assert!(row.after_hours);
    let start = row
        .open_deadlines
        .iter()
        .find(|d| d.kind == K::Dispatch)
        .unwrap()
        .started_at;
    assert_eq!(start.with_timezone(&Utc), sh(2026, 3, 3, 8, 30, 0));
    f.desk
        .step(&clerk, night, dispatch(), sh(2026, 3, 3, 8, 31, 0))
        .unwrap();
    let q = group(&mut f, sh(2026, 3, 3, 8, 32, 0));
    assert_eq!(q.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [sunday]);
}

/// Each desk hears of the deadlines its user must meet, as they turn amber or pass, and
/// of nothing else; a department head only of their own department.
#[test]
fn the_role_that_must_act_is_warned_as_its_deadline_nears_and_passes() {
    let mut f = Fixture::new();
    let at = sh(2026, 3, 2, 10, 0, 0);
    let id = register(&mut f, at);
    let kinds = |f: &Fixture, who: Option<Role>, since, now| {
        let user = who.map(|r| f.user(r));
        f.desk
            .deadline_alerts(user.as_ref(), since, now)
            .unwrap()
            .into_iter()
            .filter(|a| a.id == id)
            .map(|a| (a.kind, a.overdue))
            .collect::<Vec<_>>()
    };
    // Dispatch warns at 10:07:30 (a quarter of ten minutes left) and passes at 10:10.
    let (a, b, c) = (
        sh(2026, 3, 2, 10, 7, 0),
        sh(2026, 3, 2, 10, 8, 0),
        sh(2026, 3, 2, 10, 10, 30),
    );
    assert_eq!(kinds(&f, None, a, b), [(K::Dispatch, false)]);
    assert_eq!(
        kinds(&f, Some(Role::Receptionist), a, b),
        [(K::Dispatch, false)]
    );
    assert!(kinds(&f, Some(Role::DepartmentHead), a, b).is_empty());
    assert!(kinds(&f, Some(Role::Receptionist), sh(2026, 3, 2, 10, 0, 0), a).is_empty());
    assert_eq!(
        kinds(&f, Some(Role::Supervisor), b, c),
        [(K::Dispatch, true)]
    );
    // Dispatched: handling (2 days) warns its department's head 12 hours before.
    let clerk = f.user(Role::Receptionist);
    f.desk
        .step(&clerk, id, dispatch(), sh(2026, 3, 2, 10, 11, 0))
        .unwrap();
    let (d, e) = (sh(2026, 3, 3, 21, 59, 0), sh(2026, 3, 3, 22, 1, 0));
    assert_eq!(
        kinds(&f, Some(Role::DepartmentHead), d, e),
        [(K::Handling, false)]
    );
    assert!(kinds(&f, Some(Role::Receptionist), d, e).is_empty());
    assert!(
        kinds(&f, None, d, e).is_empty(),
        "the idle desk hears only its own"
    );
    // The head of another department hears nothing of it.
    let admin = f.user(Role::Admin);
    let other = f
        .desk
        .create_user(
            &admin,
            &complaint_core::desk::NewUser {
                username: "qita".into(),
                display_name: "其他部门负责人".into(),
                role: Role::DepartmentHead,
                department_id: Some(2),
                password: "Staff@12345".into(),
                extra_roles: Vec::new(),
            },
            at,
        )
        .unwrap();
    assert!(f
        .desk
        .deadline_alerts(Some(&other), d, e)
        .unwrap()
        .is_empty());
}

/// A calendar file: one date and kind per line, merged by the editor; a bad line is
/// named.
#[test]
fn a_calendar_file_is_read_with_its_faults_named_by_line() {
    let f = Fixture::new();
    let admin = f.user(Role::Admin);
    let days = f
        .desk
        .import_calendar(
            &admin,
            "# 2027 年部分节假日\n2027-01-01 休\n2027-02-07 班\n\n2027-01-01 休\n",
        )
        .unwrap();
    assert_eq!(days.holidays.len(), 1);
    assert_eq!(days.workdays.len(), 1);
    for (text, line) in [
        ("2027-01-01 休\n2027-13-01 休", "第 2 行"),
        ("2027-01-01 周末", "第 1 行"),
        ("1999-01-01 休", "第 1 行"),
        ("2027-01-01 休\n2027-01-01 班", "第 2 行"),
    ] {
        let refused = f.desk.import_calendar(&admin, text).unwrap_err();
        assert!(refused.to_string().contains(line), "{text}: {refused}");
    }
    assert!(f.desk.import_calendar(&admin, "").is_err());
    assert!(f
        .desk
        .import_calendar(&admin, &"2027-01-01 休\n".repeat(10_000))
        .is_err());
    // Only the administrator reads calendar files.
    let clerk = f.user(Role::Receptionist);
    assert!(f.desk.import_calendar(&clerk, "2027-01-01 休").is_err());
}

/// The administrator hears of a year whose holidays the calendar lacks while working
/// time is in force: next year's from November, this year's once it has begun.
#[test]
fn a_year_without_holidays_is_named_to_the_administrator() {
    use complaint_core::calendar::CalendarGap;
    let f = Fixture::new();
    let admin = f.user(Role::Admin);
    // Calendar time throughout: the calendar decides nothing, nothing to say.
    assert_eq!(
        f.desk
            .calendar_gap(&admin, sh(2027, 1, 5, 9, 0, 0))
            .unwrap(),
        None
    );
    let (mut f, admin) = working_desk();
    let gap = |f: &Fixture, at| f.desk.calendar_gap(&admin, at).unwrap();
    assert_eq!(gap(&f, sh(2026, 10, 31, 23, 0, 0)), None);
    // 1 November in Shanghai is still 31 October in UTC.
    let next = Some(CalendarGap {
        year: 2027,
        begun: false,
    });
    assert_eq!(gap(&f, sh(2026, 11, 1, 0, 30, 0)), next);
    assert_eq!(gap(&f, sh(2026, 12, 31, 23, 0, 0)), next);
    let begun = Some(CalendarGap {
        year: 2027,
        begun: true,
    });
    assert_eq!(gap(&f, sh(2027, 1, 1, 0, 30, 0)), begun);
    // Once 2027's arrangement is in, nothing is missing until November 2027.
    let mut policy = working();
    let imported = f
        .desk
        .import_calendar(&admin, "2027-01-01 休\n2027-02-06 休\n")
        .unwrap();
    policy.calendar.holidays.extend(imported.holidays);
    f.desk
        .save_policy(&admin, &policy, sh(2026, 12, 1, 9, 0, 0))
        .unwrap();
    assert_eq!(gap(&f, sh(2026, 12, 1, 10, 0, 0)), None);
    assert_eq!(gap(&f, sh(2027, 10, 31, 10, 0, 0)), None);
    assert_eq!(
        gap(&f, sh(2027, 11, 2, 10, 0, 0)),
        Some(CalendarGap {
            year: 2028,
            begun: false,
        })
    );
    // Only the administrator keeps the calendar.
    let clerk = f.user(Role::Receptionist);
    assert!(f
        .desk
        .calendar_gap(&clerk, sh(2027, 1, 5, 9, 0, 0))
        .is_err());
}
