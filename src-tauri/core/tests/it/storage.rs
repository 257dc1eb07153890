//! Storage on a real temporary file: reopen, append-only rules, search, lists, repeats, queues.

use super::fixture::{form, t0, Fixture};
use chrono::Duration;
use complaint_core::args;
use complaint_core::deadline::{self, DeadlineKind};
use complaint_core::model::{ComplaintState, Role, Severity};
use complaint_core::storage::complaints::{ListQuery, Queue, SortKey};
use complaint_core::storage::db::Db;
use complaint_core::Desk;

#[test]
fn a_complaint_survives_close_and_reopen() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let row = f
        .desk
        .register(&clerk, &form(Severity::Important), t0())
        .unwrap();
    let (before, events, _) = f.desk.case(row.id).unwrap();
    if !super::fixture::on_server() {
        // The file closed first.
        drop(std::mem::replace(
            &mut f.desk,
            Desk::open(&f.dir.path().join("other.db")).unwrap(),
        ));
    }
    let mut reopened = f.another_desk();
    let (after, events_after, policy) = reopened.case(row.id).unwrap();
    assert_eq!(before, after);
    assert_eq!(events, events_after);
    assert_eq!(after.case_no, "TS-20261128-001");
    assert_eq!(after.resident_name, "张三");
    assert_eq!(policy.dispatch_minutes, 10);
    assert_eq!(reopened.verify_audit().unwrap().first_broken, None);
}

#[test]
fn events_audit_and_complaints_cannot_be_changed_or_deleted() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    f.desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let conn = f.sql();
    for sql in [
        "UPDATE events SET kind = 'x'",
        "DELETE FROM events",
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "DELETE FROM complaints",
        "DELETE FROM users WHERE id = 1",
    ] {
        let err = conn.execute(sql, args![]).expect_err(sql);
        // On the server the app role is refused history's changes before any trigger.
        let text = err.to_string();
        assert!(
            text.contains("never")
                || text.contains("append-only")
                || (super::fixture::on_server() && text.contains("permission denied")),
            "{sql}: {err}"
        );
    }
}

#[test]
fn case_numbers_count_per_local_day() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let mut late = form(Severity::Minor);
    late.received_at = Some("2026-11-27 23:59:30".into());
    late.occurred_at = None;
    let a = f.desk.register(&clerk, &late, t0()).unwrap();
    let b = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let c = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    // 2026-11-28 16:30 UTC is already the 29th in Shanghai.
    let d = f
        .desk
        .register(
            &clerk,
            &form(Severity::Minor),
            t0() + Duration::hours(14) + Duration::minutes(30),
        )
        .unwrap();
    assert_eq!(
        [a.case_no, b.case_no, c.case_no, d.case_no],
        [
            "TS-20261127-001",
            "TS-20261128-001",
            "TS-20261128-002",
            "TS-20261129-001"
        ]
    );
}

#[test]
fn search_lists_and_repeats() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let mut other = form(Severity::Major);
    other.resident_name = "李四".into();
    other.room = "5-1-302".into();
    other.phone = "0755-12345678".into();
    other.description = "夜间保安未巡逻，车库照明损坏。".into();
    other.department_id = Some(2);
    other.category_id = Some(2);
    let a = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let b = f
        .desk
        .register(&clerk, &other, t0() + Duration::minutes(1))
        .unwrap();
    let now = t0() + Duration::minutes(5);
    let q = |text: &str| ListQuery {
        text: Some(text.into()),
        ..ListQuery::default()
    };
    let ids = |desk: &Desk, q: ListQuery| {
        desk.list(&clerk, &q, now)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&f.desk, q("车库照明")),
        [b.id],
        "a 4-character substring of 经过"
    );
    assert_eq!(ids(&f.desk, q("水管漏")), [a.id], "a 3-character substring");
    assert_eq!(ids(&f.desk, q("李")), [b.id], "a 1-character name prefix");
    assert_eq!(ids(&f.desk, q("5-")), [b.id], "a short room prefix");
    assert_eq!(ids(&f.desk, q(&a.case_no)), [a.id], "the case number");
    assert!(ids(&f.desk, q("不存在的内容")).is_empty());
    let filtered = ListQuery {
        severity: Some(Severity::Major),
        ..ListQuery::default()
    };
    assert_eq!(ids(&f.desk, filtered), [b.id]);
    let by_dept = ListQuery {
        department_id: Some(1),
        ..ListQuery::default()
    };
    assert_eq!(ids(&f.desk, by_dept), [a.id]);
    let oldest_first = ListQuery {
        sort: SortKey::ReceivedAt,
        desc: false,
        page_size: 1,
        page: 2,
        ..ListQuery::default()
    };
    let page = f.desk.list(&clerk, &oldest_first, now).unwrap();
    assert_eq!((page.total, page.rows[0].id), (2, b.id));
    let dated = ListQuery {
        from: Some("2026-11-29".into()),
        ..ListQuery::default()
    };
    assert!(ids(&f.desk, dated).is_empty());
    let bad = ListQuery {
        from: Some("29/11/2026".into()),
        ..ListQuery::default()
    };
    assert!(f.desk.list(&clerk, &bad, now).is_err());

    let repeats = f.desk.repeats(&clerk, "3-2-1201", "", now).unwrap();
    assert_eq!(repeats.iter().map(|r| r.id).collect::<Vec<_>>(), [a.id]);
    let by_phone = f.desk.repeats(&clerk, "", "0755 1234 5678", now).unwrap();
    assert_eq!(by_phone.iter().map(|r| r.id).collect::<Vec<_>>(), [b.id]);

    // Queues: both wait for dispatch; after 10 minutes both are overdue, most urgent first.
    let later = t0() + Duration::minutes(12);
    let dash = f.desk.dashboard(&clerk, 10, later).unwrap();
    assert_eq!(
        dash.mine[0],
        Queue::ToDispatch,
        "a receptionist's own queues come first"
    );
    assert_eq!(dash.queues[0].queue, Queue::ToDispatch);
    let get = |q: Queue| dash.queues.iter().find(|v| v.queue == q).unwrap();
    assert_eq!(get(Queue::ToDispatch).count, 2);
    let overdue = get(Queue::Overdue);
    assert_eq!(
        overdue.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        [a.id, b.id]
    );
    assert!(overdue
        .rows
        .iter()
        .all(|r| r.overdue && r.next_due_kind == Some(DeadlineKind::Dispatch)));
    let only_overdue = ListQuery {
        overdue_only: true,
        ..ListQuery::default()
    };
    assert_eq!(f.desk.list(&clerk, &only_overdue, now).unwrap().total, 0);
    assert_eq!(f.desk.list(&clerk, &only_overdue, later).unwrap().total, 2);
}

#[test]
fn the_stored_next_deadline_equals_the_one_recomputed_from_history() {
    let mut f = Fixture::demo();
    let now = t0();
    complaint_core::seed::seed_demo(&mut f.desk, 2, now).unwrap();
    let count: i64 = f
        .sql()
        .scalar("SELECT count(*) FROM complaints", args![])
        .unwrap();
    assert!(count > 50);
    let states = stored_next_due_matches_history(&mut f.desk);
    for s in [
        ComplaintState::Registered,
        ComplaintState::InHandling,
        ComplaintState::Archived,
    ] {
        assert!(states.contains(&s), "demo data lacks {s:?}");
    }
}

#[test]
fn seed_many_makes_consistent_histories_that_the_desk_numbers_on_after() {
    crate::file_only!();
    let mut f = Fixture::demo();
    let desk = &mut f.desk;
    let now = t0();
    let report = complaint_core::seed::seed_many(desk, 3_000, now).unwrap();
    assert!(report.starts_with("3000 件历史投诉（1 个月）"), "{report}");
    // The unfiltered list's total (read as the highest id) is the number of complaints.
    let clerk = f.users[&Role::Receptionist].clone();
    let all: i64 = desk
        .connection()
        .sqlite()
        .unwrap()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    let page = desk.list(&clerk, &ListQuery::default(), now).unwrap();
    assert_eq!(page.total, all);
    assert_eq!(page.rows.len(), 50);
    let conn = desk.connection().sqlite().unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(count("SELECT count(*) FROM complaints") > 3_000);
    assert_eq!(
        count("SELECT count(*) FROM complaints"),
        count("SELECT count(DISTINCT case_no) FROM complaints")
    );
    // Varied texts: several kinds of complaint, many residents, a rare detail.
    assert!(count("SELECT count(DISTINCT description) FROM complaints") >= 13);
    assert!(count("SELECT count(DISTINCT resident_name) FROM complaints") >= 100);
    assert!(count("SELECT count(DISTINCT phone) FROM complaints") >= 2_900);
    // Every day's counter stands at its highest case number, so registering on a day of
    // the generated history numbers on after it.
    let (day, last): (String, i64) = conn
        .query_row(
            "SELECT substr(case_no, 4, 8), max(CAST(substr(case_no, 13) AS INTEGER))
             FROM complaints WHERE received_at = (SELECT min(received_at) FROM complaints)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let counter: i64 = conn
        .query_row(
            "SELECT last FROM case_counters WHERE day = ?1",
            [&day],
            |r| r.get(0),
        )
        .unwrap();
    let most_that_day: i64 = conn
        .query_row(
            "SELECT count(*) FROM complaints WHERE substr(case_no, 4, 8) = ?1",
            [&day],
            |r| r.get(0),
        )
        .unwrap();
    assert!(last >= 1);
    assert_eq!(counter, most_that_day, "counter of {day}");
    // The derived next deadline equals the one recomputed from each history.
    let states = stored_next_due_matches_history(desk);
    assert!(states.len() >= 8, "{states:?}");
}

/// Checks every complaint's stored next deadline against the one recomputed from its
/// event history at its last event (when the desk last wrote it); returns the states seen.
fn stored_next_due_matches_history(desk: &mut Desk) -> std::collections::HashSet<ComplaintState> {
    let db: &dyn Db = desk.connection();
    let ids: Vec<i64> = db
        .all("SELECT id FROM complaints", args![], |r| r.get(0))
        .unwrap();
    let mut states = std::collections::HashSet::new();
    for id in ids {
        let (c, events, policy) = desk.case(id).unwrap();
        states.insert(c.state);
        let last = events.last().unwrap().at;
        let next = deadline::next_due(&deadline::deadlines(&c, &events, &policy, last));
        assert_eq!(
            (c.next_due_at, c.next_due_kind),
            (next.map(|n| n.0), next.map(|n| n.1)),
            "{}",
            c.case_no
        );
    }
    states
}

#[test]
fn seed_many_twice_on_the_same_desk_numbers_on() {
    crate::file_only!();
    let mut f = Fixture::demo();
    let desk = &mut f.desk;
    complaint_core::seed::seed_many(desk, 600, t0()).unwrap();
    complaint_core::seed::seed_many(desk, 600, t0()).unwrap();
    let conn = f.file();
    let (all, distinct): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT case_no) FROM complaints",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(all > 1_200, "{all}");
    assert_eq!(all, distinct);
}
