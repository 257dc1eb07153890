//! The storage functions written for both stores (`storage::db::Db`) behave alike on a
//! desk's SQLite file and on the center's server (PostgreSQL, as the app role): reference
//! data and settings, the timeline, the monthly hand-overs. Each test runs one function of
//! assertions on a fresh file, then on a freshly set-up server database when a cluster is
//! running (see `server.rs`).

use super::fixture::t0;
use super::server::{server_store, Pg};
use chrono::{DateTime, Duration, Utc};
use complaint_core::args;
use complaint_core::model::Role;
use complaint_core::storage::db::Db;
use complaint_core::storage::{ms, reference, users};

/// What a complaint needs to exist: a department, a category and a policy version, made
/// through the ported functions themselves.
fn basics(db: &dyn Db) -> (i64, i64, i64) {
    let t = t0();
    let department = reference::insert_department(db, "工程维修部").unwrap();
    let category = reference::insert_category(db, "维修", 0).unwrap();
    let version = reference::insert_policy(
        db,
        &complaint_core::deadline::DeadlinePolicy::default(),
        0,
        t,
    )
    .unwrap();
    (department, category, version)
}

/// A complaint of the smallest form, written with plain SQL and an explicit id (as the
/// desk hands them out), received at `received` and waiting for `awaiting`.
fn complaint(
    db: &dyn Db,
    (id, case_no): (i64, &str),
    received: DateTime<Utc>,
    (department, category, version): (i64, i64, i64),
    awaiting: Option<&str>,
) {
    db.execute(
        "INSERT INTO complaints (id, case_no, received_at, channel, receptionist_id, resident_name,
             room, phone, contact_method, location, department_id, description, resident_request,
             category_id, severity, valid, ongoing_harm, state, policy_version, updated_at, awaiting)
         VALUES (?1, ?2, ?3, 'visit', 0, '王女士', '3-2-501', '13800000000', 'phone',
             '3号楼', ?4, '楼上漏水', '尽快维修', ?5, 'minor', 1, 0, 'registered', ?6, ?7, ?8)",
        args![
            id,
            case_no,
            ms(received),
            department,
            category,
            version,
            ms(received),
            awaiting
        ],
    )
    .unwrap();
}

/// What the reference storage does (departments, categories, settings, policy versions),
/// asserted on either store.
fn reference_behaves_alike(db: &dyn Db) {
    use complaint_core::deadline::DeadlinePolicy;
    use complaint_core::storage::reference::{Category, Department};
    let t = t0();
    // A fresh store holds none of them.
    assert!(reference::departments(db).unwrap().is_empty());
    assert!(reference::categories(db).unwrap().is_empty());
    assert!(reference::policies(db).unwrap().is_empty());
    assert_eq!(reference::current_policy(db).unwrap(), None);
    assert_eq!(reference::setting(db, "center_name").unwrap(), None);

    // Departments: listed by id, names unique, a head who must exist.
    let works = reference::insert_department(db, "工程维修部").unwrap();
    let guard = reference::insert_department(db, "秩序维护部").unwrap();
    assert!(guard > works);
    assert!(reference::insert_department(db, "工程维修部").is_err());
    let head = users::insert(
        db,
        "head1",
        "部门主管",
        Role::DepartmentHead,
        Some(works),
        "hash",
        t,
    )
    .unwrap();
    reference::set_department_head(db, works, Some(head)).unwrap();
    assert!(reference::set_department_head(db, guard, Some(head + 1000)).is_err());
    let guard_row = Department {
        id: guard,
        name: "秩序维护部".into(),
        head_user_id: None,
        active: true,
    };
    assert_eq!(
        reference::departments(db).unwrap(),
        [
            Department {
                id: works,
                name: "工程维修部".into(),
                head_user_id: Some(head),
                active: true,
            },
            guard_row.clone(),
        ]
    );
    // Renamed, without a head, kept but inactive.
    let renamed = Department {
        id: works,
        name: "工程部".into(),
        head_user_id: None,
        active: false,
    };
    reference::update_department(db, &renamed).unwrap();
    // Another department may not take that name.
    assert!(reference::update_department(
        db,
        &Department {
            name: "工程部".into(),
            ..guard_row.clone()
        }
    )
    .is_err());
    assert_eq!(reference::departments(db).unwrap(), [renamed, guard_row]);

    // Categories: in display order (sort, then id), names unique.
    let repair = reference::insert_category(db, "维修", 2).unwrap();
    let noise = reference::insert_category(db, "噪音", 1).unwrap();
    let litter = reference::insert_category(db, "环境卫生", 1).unwrap();
    assert!(noise > repair && litter > noise);
    assert!(reference::insert_category(db, "维修", 3).is_err());
    let category = |id: i64, name: &str, active: bool| Category {
        id,
        name: name.into(),
        active,
    };
    assert_eq!(
        reference::categories(db).unwrap(),
        [
            category(noise, "噪音", true),
            category(litter, "环境卫生", true),
            category(repair, "维修", true),
        ]
    );
    reference::update_category(db, &category(noise, "噪声", false)).unwrap();
    assert_eq!(
        reference::categories(db).unwrap()[0],
        category(noise, "噪声", false)
    );

    // Settings: set, replaced, absent.
    reference::set_setting(db, "center_name", "阳光花园住户服务中心").unwrap();
    reference::set_setting(db, "center_phone", "0571-88880000").unwrap();
    reference::set_setting(db, "center_name", "阳光花园").unwrap();
    assert_eq!(
        reference::setting(db, "center_name").unwrap().as_deref(),
        Some("阳光花园")
    );
    assert_eq!(
        reference::setting(db, "center_phone").unwrap().as_deref(),
        Some("0571-88880000")
    );
    assert_eq!(reference::setting(db, "idle_lock_minutes").unwrap(), None);

    // Policy versions: numbered from 1, the newest in force, each kept as saved.
    let first = DeadlinePolicy::default();
    let second = DeadlinePolicy {
        dispatch_minutes: first.dispatch_minutes + 20,
        ..first.clone()
    };
    let later = t + Duration::hours(1);
    assert_eq!(reference::insert_policy(db, &first, 0, t).unwrap(), 1);
    assert_eq!(
        reference::insert_policy(db, &second, head, later).unwrap(),
        2
    );
    assert_eq!(
        reference::current_policy(db).unwrap(),
        Some((2, second.clone()))
    );
    assert_eq!(reference::policy(db, 1).unwrap(), first);
    assert_eq!(reference::policy(db, 2).unwrap(), second);
    assert!(reference::policy(db, 3).is_err());
    // Saved by someone who does not exist: refused, and no version is taken.
    assert!(reference::insert_policy(db, &first, head + 1000, later).is_err());
    assert_eq!(
        reference::policies(db).unwrap(),
        [(1, t, first), (2, later, second)]
    );
}

#[test]
fn reference_data_is_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    reference_behaves_alike(&file);
    let Some(pg) = Pg::find() else { return };
    reference_behaves_alike(&server_store(&pg, "reference"));
}

/// What the events' storage does (append, read back in recording order, the roles, the
/// dispatches of a period, nothing changed or deleted), asserted on either store.
fn events_behave_alike(db: &dyn Db) {
    use complaint_core::event::EventData;
    use complaint_core::storage::events;
    use std::collections::HashMap;
    let t = t0();
    let minutes = Duration::minutes;
    let setup = basics(db);
    let (department, _, _) = setup;
    complaint(db, (1, "TS-20261128-001"), t, setup, None);
    complaint(db, (2, "TS-20261128-002"), t, setup, None);
    let clerk = users::insert(db, "jiedai", "接待员", Role::Receptionist, None, "hash", t).unwrap();
    let dispatched = EventData::Dispatched {
        department_id: department,
        recipient: "李师傅".into(),
    };

    let registered = events::append(
        db,
        1,
        t,
        (clerk, Some(Role::Receptionist)),
        &EventData::Registered {
            backfilled_at: Some(t + minutes(1)),
        },
    )
    .unwrap();
    assert_eq!(
        (registered.complaint_id, registered.at, registered.actor_id),
        (1, t, clerk)
    );
    let other = events::append(
        db,
        2,
        t + minutes(5),
        (clerk, Some(Role::Receptionist)),
        &EventData::REGISTERED,
    )
    .unwrap();
    // Complaint 1 is dispatched later than complaint 2 but recorded first.
    let d1 = events::append(
        db,
        1,
        t + minutes(30),
        (clerk, Some(Role::Supervisor)),
        &dispatched,
    )
    .unwrap();
    let d2 = events::append(db, 2, t + minutes(10), (clerk, None), &dispatched).unwrap();
    // Recorded after the dispatch but dated before it; by the system, in no role.
    let handled = events::append(
        db,
        1,
        t + minutes(20),
        (0, None),
        &EventData::Handled {
            result: "已更换水管".into(),
        },
    )
    .unwrap();
    let d3 = events::append(db, 2, t + minutes(60), (clerk, None), &dispatched).unwrap();
    let ids = [registered.id, other.id, d1.id, d2.id, handled.id, d3.id];
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");

    // Read back whole, in recording order, whatever their times.
    assert_eq!(
        events::for_complaint(db, 1).unwrap(),
        [registered.clone(), d1.clone(), handled.clone()]
    );
    assert_eq!(
        events::for_complaint(db, 2).unwrap(),
        [other.clone(), d2.clone(), d3.clone()]
    );
    assert!(events::for_complaint(db, 3).unwrap().is_empty());
    assert_eq!(
        events::roles(db, 1).unwrap(),
        HashMap::from([
            (registered.id, Role::Receptionist),
            (d1.id, Role::Supervisor)
        ])
    );
    assert_eq!(
        events::roles(db, 2).unwrap(),
        HashMap::from([(other.id, Role::Receptionist)])
    );
    // The dispatches of [from, to), oldest first: the start is in, the end is out.
    assert_eq!(
        events::dispatches_between(db, t + minutes(10), t + minutes(60)).unwrap(),
        [(2, d2.id), (1, d1.id)]
    );
    assert_eq!(
        events::dispatches_between(db, t, t + minutes(61)).unwrap(),
        [(2, d2.id), (1, d1.id), (2, d3.id)]
    );
    assert!(events::dispatches_between(db, t, t + minutes(10))
        .unwrap()
        .is_empty());

    // Only for a complaint that exists, by a user who exists.
    assert!(events::append(db, 99, t, (clerk, None), &EventData::REGISTERED).is_err());
    assert!(events::append(db, 1, t, (clerk + 1000, None), &dispatched).is_err());
    // Append-only: no event changed or deleted.
    for sql in [
        "UPDATE events SET kind = 'x' WHERE id = ?1",
        "UPDATE events SET at = 0 WHERE id = ?1",
        "DELETE FROM events WHERE id = ?1",
    ] {
        assert!(db.execute(sql, args![d1.id]).is_err(), "{sql}");
    }
    assert_eq!(
        events::for_complaint(db, 1).unwrap(),
        [registered, d1, handled]
    );
}

#[test]
fn events_are_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    events_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    events_behave_alike(&server_store(&pg, "events"));
}

/// What the hand-overs' storage does (the complaints ready in a month, hand-overs recorded
/// and read back, numbered in their month, never deleted, the pages last printed),
/// asserted on either store.
fn handovers_behave_alike(db: &dyn Db) {
    use complaint_core::storage::handovers;
    let t = t0();
    let (from, to) = (t - Duration::days(1), t + Duration::days(1));
    let setup = basics(db);
    // By case number 3 comes before 1; 2 waits for nothing, 5 for something else, 4 was
    // received at the end of the period (outside it).
    complaint(db, (1, "TS-20261128-003"), t, setup, Some("archive"));
    complaint(db, (2, "TS-20261128-001"), t, setup, None);
    complaint(db, (3, "TS-20261127-001"), from, setup, Some("archive"));
    complaint(db, (4, "TS-20261129-001"), to, setup, Some("archive"));
    complaint(db, (5, "TS-20261128-002"), t, setup, Some("callbackAgain"));
    assert_eq!(
        handovers::awaiting_received(db, "archive", from, to).unwrap(),
        [3, 1]
    );
    assert_eq!(
        handovers::awaiting_received(db, "callbackAgain", from, to).unwrap(),
        [5]
    );
    assert!(handovers::awaiting_received(db, "reopen", from, to)
        .unwrap()
        .is_empty());

    let clerk = users::insert(db, "pinzhi", "品质部", Role::Quality, None, "hash", t).unwrap();
    assert!(handovers::of_month(db, "2026-11").unwrap().is_empty());
    let first = handovers::insert(db, ("2026-11", t, clerk, "档案室王"), &[1, 3]).unwrap();
    let later = t + Duration::hours(1);
    let second = handovers::insert(db, ("2026-11", later, clerk, "档案室李"), &[2]).unwrap();
    let october = handovers::insert(db, ("2026-10", later, 0, ""), &[4, 5]).unwrap();
    assert!(first < second && second < october);
    assert_eq!(handovers::of_month(db, "2026-11").unwrap(), [first, second]);
    assert_eq!(handovers::of_month(db, "2026-10").unwrap(), [october]);
    assert_eq!(
        handovers::get(db, first).unwrap(),
        Some((("2026-11".to_owned(), t, clerk, "档案室王".to_owned()), 1))
    );
    assert_eq!(
        handovers::get(db, second).unwrap(),
        Some((
            ("2026-11".to_owned(), later, clerk, "档案室李".to_owned()),
            2
        ))
    );
    assert_eq!(
        handovers::get(db, october).unwrap().map(|(_, n)| n),
        Some(1)
    );
    assert_eq!(handovers::get(db, october + 100).unwrap(), None);
    assert_eq!(handovers::items(db, first).unwrap(), [3, 1]);
    assert_eq!(handovers::items(db, october).unwrap(), [5, 4]);
    assert!(handovers::items(db, october + 100).unwrap().is_empty());

    // Never deleted.
    for sql in [
        "DELETE FROM handover_items WHERE handover_id = ?1",
        "DELETE FROM handovers WHERE id = ?1",
    ] {
        assert!(db.execute(sql, args![first]).is_err(), "{sql}");
    }
    assert_eq!(handovers::items(db, first).unwrap(), [3, 1]);
    assert_eq!(handovers::of_month(db, "2026-11").unwrap(), [first, second]);
    // By someone who exists, of complaints that exist, each once. (Not atomic by itself:
    // the desk records a hand-over inside its write, so this month is not read again.)
    assert!(handovers::insert(db, ("2026-12", t, clerk + 1000, "x"), &[1]).is_err());
    assert!(handovers::insert(db, ("2026-12", t, clerk, "x"), &[99]).is_err());
    assert!(handovers::insert(db, ("2026-12", t, clerk, "x"), &[2, 2]).is_err());

    // The pages of a form as last printed: its newest `complaint.print` entry.
    let audit = |id: i64, action: &str, complaint: i64, after: Option<&str>| {
        db.execute(
            "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, after, prev_hash, hash)
             VALUES (?1, ?2, 0, ?3, 'complaint', ?4, ?5, '', ?6)",
            args![id, ms(t), action, complaint, after, format!("h{id}")],
        )
        .unwrap();
    };
    assert_eq!(handovers::last_printed_pages(db, 1).unwrap(), None);
    audit(
        1,
        "complaint.print",
        1,
        Some(r#"{"caseNo":"TS-20261128-003","pages":2}"#),
    );
    audit(
        2,
        "complaint.print",
        1,
        Some(r#"{"caseNo":"TS-20261128-003","pages":3}"#),
    );
    audit(
        3,
        "complaint.printReceipt",
        1,
        Some(r#"{"caseNo":"TS-20261128-003","pages":9}"#),
    );
    audit(
        4,
        "complaint.print",
        3,
        Some(r#"{"caseNo":"TS-20261127-001"}"#),
    );
    audit(5, "complaint.print", 5, None);
    assert_eq!(handovers::last_printed_pages(db, 1).unwrap(), Some(3));
    assert_eq!(handovers::last_printed_pages(db, 3).unwrap(), None);
    assert_eq!(handovers::last_printed_pages(db, 5).unwrap(), None);
    assert_eq!(handovers::last_printed_pages(db, 2).unwrap(), None);
}

#[test]
fn handovers_are_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    handovers_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    handovers_behave_alike(&server_store(&pg, "handovers"));
}

/// What the statistics' storage does (outcomes written, rewritten and read back; a
/// period's complaints and misses; the duties per day and person as the triggers keep
/// them, paused and counted afresh; excluded callbacks; the histories a restate reads;
/// the trend; the monthly report's record), asserted on either store.
fn stats_behave_alike(db: &dyn Db) {
    use chrono::NaiveDate;
    use complaint_core::deadline::DeadlineKind;
    use complaint_core::event::{Event, EventData};
    use complaint_core::model::{
        CallbackMethod, Channel, ComplaintState, Exclusion, Satisfaction, Severity,
    };
    use complaint_core::stats::{Credit, Duty, Miss, Outcome, Tally};
    use complaint_core::storage::stats::{
        self, DutyCount, PeriodColumns, PeriodRow, ReportRecord, TrendCounts,
    };
    use complaint_core::storage::{events, StorageError};
    let t = t0();
    let (from, to) = (t - Duration::days(1), t + Duration::days(1));
    let minutes = Duration::minutes;
    let tz = chrono_tz::Asia::Shanghai;
    let setup = basics(db);
    let (department, category, version) = setup;
    let clerk = users::insert(db, "jiedai", "接待员", Role::Receptionist, None, "hash", t).unwrap();
    let sup = users::insert(db, "zhuguan", "主管", Role::Supervisor, None, "hash", t).unwrap();

    // A fresh store: nothing to fill, no complaint, nothing counted.
    assert!(!stats::outcomes_pending(db).unwrap());
    assert_eq!(stats::last_complaint_id(db).unwrap(), 0);
    assert_eq!(
        stats::trend_counts(db, from, to).unwrap(),
        TrendCounts::default()
    );
    assert!(stats::period(db, from, to, PeriodColumns::All)
        .unwrap()
        .is_empty());

    // 1 minor, 2 major with an accused person, 3 important, invalid and voided; 4 received
    // at the end of the period (outside it).
    complaint(db, (1, "TS-20261128-001"), t, setup, None);
    complaint(db, (2, "TS-20261128-002"), t + minutes(60), setup, None);
    complaint(db, (3, "TS-20261128-003"), t + minutes(120), setup, None);
    complaint(db, (4, "TS-20261129-001"), to, setup, None);
    db.execute(
        "UPDATE complaints SET severity = 'major', accused_user_id = ?1, accused_person = '李师傅'
         WHERE id = 2",
        args![clerk],
    )
    .unwrap();
    db.execute(
        "UPDATE complaints SET severity = 'important', valid = 0, invalid_reason = '重复投诉',
             state = 'voided'
         WHERE id = 3",
        args![],
    )
    .unwrap();
    assert_eq!(stats::last_complaint_id(db).unwrap(), 4);

    // The flag of outcomes to fill: set once however often, cleared.
    stats::outcomes_stale(db).unwrap();
    stats::outcomes_stale(db).unwrap();
    assert!(stats::outcomes_pending(db).unwrap());
    assert_eq!(
        db.scalar::<i64>("SELECT count(*) FROM outcomes_pending", args![])
            .unwrap(),
        1
    );
    stats::outcomes_filled(db).unwrap();
    assert!(!stats::outcomes_pending(db).unwrap());

    // Outcomes written and read back whole.
    let credit = |duty: Duty,
                  user_id: Option<i64>,
                  name: Option<&str>,
                  at: DateTime<Utc>,
                  on_time: Option<bool>,
                  entered_by: i64| Credit {
        duty,
        user_id,
        name: name.map(str::to_owned),
        at,
        on_time,
        entered_by,
    };
    let o1 = Outcome {
        tally: Tally {
            on_time: [1, 0, 0, 1, 0, 0, 0, 0],
            handled: true,
            handling_ms: Some(3_600_000),
            handler_id: Some(clerk),
            reached: 2,
            excluded: 1,
            satisfied: 1,
            aspects: [[1, 0, 0], [1, 0, 0], [0, 0, 1]],
            ..Tally::default()
        },
        misses: vec![
            Miss {
                kind: DeadlineKind::Notify,
                due_at: t + minutes(90),
                met_at: Some(t + minutes(150)),
                paused_at: None,
            },
            Miss {
                kind: DeadlineKind::Callback,
                due_at: t + minutes(300),
                met_at: None,
                paused_at: Some(t + minutes(200)),
            },
        ],
        credits: vec![
            credit(Duty::Register, Some(clerk), None, t, None, clerk),
            credit(
                Duty::Dispatch,
                Some(clerk),
                None,
                t + minutes(10),
                Some(true),
                clerk,
            ),
            // A patrol's callback without an account, entered by the supervisor.
            credit(
                Duty::Callback,
                None,
                Some("巡楼组张三"),
                t + minutes(360),
                Some(false),
                sup,
            ),
        ],
    };
    let o2 = Outcome {
        tally: Tally {
            on_time: [0, 1, 0, 0, 0, 0, 0, 0],
            returned: true,
            reopened: true,
            unreachable: 1,
            ..Tally::default()
        },
        misses: vec![Miss {
            kind: DeadlineKind::Dispatch,
            due_at: t + minutes(70),
            met_at: Some(t + minutes(80)),
            paused_at: None,
        }],
        credits: vec![
            credit(
                Duty::Dispatch,
                Some(clerk),
                None,
                t + minutes(80),
                Some(false),
                clerk,
            ),
            // The next local day.
            credit(
                Duty::Notify,
                Some(sup),
                None,
                t + Duration::days(1),
                Some(true),
                sup,
            ),
        ],
    };
    stats::write_outcome(db, 1, &o1, tz, stats::Kept::Replaced).unwrap();
    stats::write_outcome(db, 2, &o2, tz, stats::Kept::Replaced).unwrap();
    assert_eq!(stats::stored_outcome(db, 1).unwrap(), Some(o1.clone()));
    assert_eq!(stats::stored_outcome(db, 2).unwrap(), Some(o2.clone()));
    assert_eq!(stats::stored_outcome(db, 3).unwrap(), None);

    // The duties per local day and person, as the triggers counted them.
    let nov28 = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let nov29 = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let count = |duty: Duty,
                 user_id: Option<i64>,
                 name: Option<&str>,
                 (done, on_time, decided): (i64, i64, i64)| DutyCount {
        duty,
        user_id,
        name: name.map(str::to_owned),
        done,
        on_time,
        decided,
    };
    let credits = |first: NaiveDate, last: NaiveDate| {
        let (mut done, mut arranged) = stats::period_credits(db, first, last).unwrap();
        for lines in [&mut done, &mut arranged] {
            lines.sort_by_key(|l| (l.duty, l.user_id, l.name.clone()));
        }
        (done, arranged)
    };
    let register = |n: i64| count(Duty::Register, Some(clerk), None, (n, 0, 0));
    let dispatch = count(Duty::Dispatch, Some(clerk), None, (2, 1, 2));
    let notify = count(Duty::Notify, Some(sup), None, (1, 1, 1));
    let patrol = count(Duty::Callback, None, Some("巡楼组张三"), (1, 0, 1));
    let arranged = count(Duty::Callback, Some(sup), None, (1, 0, 1));
    assert_eq!(
        credits(nov28, nov28),
        (
            vec![register(1), dispatch.clone(), patrol.clone()],
            vec![arranged.clone()]
        )
    );
    assert_eq!(
        credits(nov28, nov29),
        (
            vec![
                register(1),
                dispatch.clone(),
                notify.clone(),
                patrol.clone()
            ],
            vec![arranged.clone()]
        )
    );
    assert_eq!(credits(nov29, nov29), (vec![notify], vec![]));

    // Rewritten without the callback: its counts go (a line of none is not listed).
    let o1_before = Outcome {
        misses: o1.misses[..1].to_vec(),
        credits: o1.credits[..2].to_vec(),
        ..o1.clone()
    };
    stats::write_outcome(db, 1, &o1_before, tz, stats::Kept::Replaced).unwrap();
    assert_eq!(stats::stored_outcome(db, 1).unwrap(), Some(o1_before));
    assert_eq!(
        credits(nov28, nov28),
        (vec![register(1), dispatch.clone()], vec![])
    );

    // Paused (once however often): credits written meanwhile are not counted until the
    // recount, which counts every credit afresh and lets the counts follow again.
    stats::pause_credit_days(db).unwrap();
    stats::pause_credit_days(db).unwrap();
    let paused = || {
        db.scalar::<i64>("SELECT count(*) FROM credit_days_paused", args![])
            .unwrap()
    };
    assert_eq!(paused(), 1);
    let o3 = Outcome {
        credits: vec![credit(
            Duty::Register,
            Some(clerk),
            None,
            t + minutes(120),
            None,
            clerk,
        )],
        ..Outcome::default()
    };
    stats::write_outcome(db, 3, &o3, tz, stats::Kept::Replaced).unwrap();
    stats::write_outcome(db, 1, &o1, tz, stats::Kept::Replaced).unwrap();
    assert_eq!(
        credits(nov28, nov28),
        (vec![register(1), dispatch.clone()], vec![])
    );
    stats::recount_credit_days(db).unwrap();
    assert_eq!(paused(), 0);
    let all_of_nov28 = (
        vec![register(2), dispatch.clone(), patrol.clone()],
        vec![arranged.clone()],
    );
    assert_eq!(credits(nov28, nov28), all_of_nov28);
    stats::write_outcome(db, 3, &Outcome::default(), tz, stats::Kept::Replaced).unwrap();
    assert_eq!(
        stats::stored_outcome(db, 3).unwrap(),
        Some(Outcome::default())
    );
    assert_eq!(credits(nov28, nov28).0[0], register(1));
    stats::write_outcome(db, 3, &o3, tz, stats::Kept::Replaced).unwrap();
    assert_eq!(credits(nov28, nov28), all_of_nov28);

    // A tally of another length is refused, not misread.
    db.execute(
        "UPDATE complaint_outcomes SET tally = ?1 WHERE complaint_id = 3",
        args![vec![0u8; 7]],
    )
    .unwrap();
    assert!(matches!(
        stats::stored_outcome(db, 3),
        Err(StorageError::Unreadable(_))
    ));
    assert!(matches!(
        stats::period(db, from, to, PeriodColumns::Counts),
        Err(StorageError::Unreadable(_))
    ));
    stats::write_outcome(db, 3, &o3, tz, stats::Kept::Replaced).unwrap();

    // The period's complaints, voided ones included, with their tallies; without the
    // texts for the period compared with.
    let row = |id: i64,
               case_no: &str,
               (severity, state, valid): (Severity, ComplaintState, bool),
               tally: Option<Tally>| PeriodRow {
        id,
        case_no: case_no.into(),
        severity,
        department_id: department,
        category_id: category,
        channel: Channel::Visit,
        state,
        valid,
        room: "3-2-501".into(),
        location: "3号楼".into(),
        accused_user_id: None,
        accused_person: None,
        tally,
    };
    let without_texts = |r: PeriodRow| PeriodRow {
        case_no: String::new(),
        room: String::new(),
        location: String::new(),
        accused_person: None,
        ..r
    };
    let period = |first: DateTime<Utc>, last: DateTime<Utc>, columns: PeriodColumns| {
        let mut rows = stats::period(db, first, last, columns).unwrap();
        rows.sort_by_key(|r| r.id);
        rows
    };
    let minor = (Severity::Minor, ComplaintState::Registered, true);
    let rows = vec![
        row(1, "TS-20261128-001", minor, Some(o1.tally)),
        PeriodRow {
            accused_user_id: Some(clerk),
            accused_person: Some("李师傅".into()),
            ..row(
                2,
                "TS-20261128-002",
                (Severity::Major, ComplaintState::Registered, true),
                Some(o2.tally),
            )
        },
        row(
            3,
            "TS-20261128-003",
            (Severity::Important, ComplaintState::Voided, false),
            Some(o3.tally),
        ),
    ];
    assert_eq!(period(from, to, PeriodColumns::All), rows);
    assert_eq!(
        period(from, to, PeriodColumns::Counts),
        rows.into_iter().map(without_texts).collect::<Vec<_>>()
    );
    // Received at the end: in the next period, without an outcome yet.
    assert_eq!(
        period(to, to + Duration::days(1), PeriodColumns::Counts),
        [without_texts(row(4, "", minor, None))]
    );

    // The period's deadlines not met on time.
    let misses = |first: DateTime<Utc>, last: DateTime<Utc>, span: Option<stats::IdSpan>| {
        let mut misses = stats::period_misses(db, first, last, span).unwrap();
        misses.sort_by_key(|(id, m)| (*id, m.due_at));
        misses
    };
    let expected = [(1, o1.misses[0]), (1, o1.misses[1]), (2, o2.misses[0])];
    assert_eq!(misses(from, to, None), expected);
    // The same read as one range of ids, the server's way for a period whose ids lie
    // close together.
    let span = stats::IdSpan::of(&period(from, to, PeriodColumns::Counts));
    assert_eq!(span, Some(stats::IdSpan { first: 1, last: 3 }));
    assert_eq!(misses(from, to, span), expected);
    assert!(misses(to, to + Duration::days(1), None).is_empty());

    // Histories: excluded callbacks, the restate's reading, the trend.
    let append = |complaint: i64, at: DateTime<Utc>, actor: i64, data: EventData| {
        events::append(db, complaint, at, (actor, None), &data).unwrap()
    };
    let callback = |exclusion: Option<Exclusion>, reason: Option<&str>| EventData::CalledBack {
        reached: true,
        method: CallbackMethod::Phone,
        attitude: Some(Satisfaction::Satisfied),
        conduct: Some(Satisfaction::Satisfied),
        result: Some(Satisfaction::Dissatisfied),
        remarks: "住户仍不满意".into(),
        exclusion,
        exclusion_reason: reason.map(str::to_owned),
        done_by: None,
        done_at: None,
    };
    let dispatched = EventData::Dispatched {
        department_id: department,
        recipient: "李师傅".into(),
    };
    let e1 = [
        append(1, t, clerk, EventData::REGISTERED),
        append(1, t + minutes(10), clerk, dispatched.clone()),
        // A kind no figure reads.
        append(1, t + minutes(20), clerk, EventData::Archived),
        append(
            1,
            t + minutes(400),
            sup,
            callback(Some(Exclusion::ForceMajeure), Some("台风停电")),
        ),
        append(1, t + minutes(420), sup, callback(None, None)),
    ];
    let e2 = [
        append(2, t + minutes(60), clerk, EventData::REGISTERED),
        append(2, t + minutes(80), clerk, dispatched.clone()),
        append(
            2,
            t + minutes(100),
            clerk,
            EventData::DispatchReturned {
                reason: "不属本部门".into(),
            },
        ),
        append(
            2,
            t + minutes(500),
            sup,
            callback(Some(Exclusion::UnreasonableDemand), None),
        ),
        // Recorded after the period.
        append(
            2,
            to + minutes(60),
            sup,
            EventData::Reopened {
                reason: "住户不满意".into(),
            },
        ),
    ];
    let e3 = append(3, t + minutes(120), clerk, EventData::REGISTERED);

    // The excluded callbacks, by the complaints asked for, in recording order.
    assert_eq!(
        stats::exclusions(db, &[2, 1, 3]).unwrap(),
        [
            (2, e2[3].at, Exclusion::UnreasonableDemand, String::new()),
            (1, e1[3].at, Exclusion::ForceMajeure, "台风停电".to_owned()),
        ]
    );
    assert!(stats::exclusions(db, &[3, 4]).unwrap().is_empty());
    assert!(stats::exclusions(db, &[]).unwrap().is_empty());
    // More complaints than one statement asks about (the server's go a hundred at a
    // time, the last of them repeated to fill the last): the same, in the same order.
    let many: Vec<i64> = (3..=250)
        .rev()
        .chain([2])
        .chain(300..=400)
        .chain([1])
        .collect();
    assert_eq!(
        stats::exclusions(db, &many).unwrap(),
        [
            (2, e2[3].at, Exclusion::UnreasonableDemand, String::new()),
            (1, e1[3].at, Exclusion::ForceMajeure, "台风停电".to_owned()),
        ]
    );

    // What a restate reads: the complaints by id, their events of the kinds the figures
    // read, those whose fields no figure reads rebuilt from the kind alone.
    let histories = stats::histories(db, 1, 3).unwrap();
    assert_eq!(
        histories.iter().map(|(c, _)| c.id).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let (c1, h1) = &histories[0];
    assert_eq!(
        (
            c1.case_no.as_str(),
            c1.received_at,
            c1.channel,
            c1.room.as_str(),
            c1.location.as_str()
        ),
        ("TS-20261128-001", t, Channel::Visit, "3-2-501", "3号楼")
    );
    assert_eq!(
        (
            c1.department_id,
            c1.category_id,
            c1.policy_version,
            c1.resident_deadline
        ),
        (department, category, version, None)
    );
    assert_eq!(
        (c1.severity, c1.valid, c1.state),
        (Severity::Minor, true, ComplaintState::Registered)
    );
    let (c3, h3) = &histories[2];
    assert_eq!(
        (c3.severity, c3.valid, c3.state),
        (Severity::Important, false, ComplaintState::Voided)
    );
    let bare = |e: &Event, data: EventData| Event { data, ..e.clone() };
    let no_recipient = EventData::Dispatched {
        department_id: 0,
        recipient: String::new(),
    };
    assert_eq!(
        *h1,
        [
            e1[0].clone(),
            bare(&e1[1], no_recipient.clone()),
            e1[3].clone(),
            e1[4].clone()
        ]
    );
    assert_eq!(
        histories[1].1,
        [
            e2[0].clone(),
            bare(&e2[1], no_recipient),
            bare(
                &e2[2],
                EventData::DispatchReturned {
                    reason: String::new()
                }
            ),
            e2[3].clone(),
            bare(
                &e2[4],
                EventData::Reopened {
                    reason: String::new()
                }
            ),
        ]
    );
    assert_eq!(*h3, [e3]);
    assert!(stats::histories(db, 5, 9).unwrap().is_empty());

    // The trend: complaints by when received, 回退, reopens and callbacks by when recorded.
    assert_eq!(
        stats::trend_counts(db, from, to).unwrap(),
        TrendCounts {
            received: 3,
            valid: 2,
            voided: 1,
            major: 1,
            important: 1,
            returned: 1,
            reopened: 0,
            callbacks: 3,
        }
    );
    assert_eq!(
        stats::trend_counts(db, to, to + Duration::days(1)).unwrap(),
        TrendCounts {
            received: 1,
            valid: 1,
            reopened: 1,
            ..TrendCounts::default()
        }
    );
    assert_eq!(
        stats::trend_counts(db, to + Duration::days(30), to + Duration::days(60)).unwrap(),
        TrendCounts::default()
    );

    // An outcome as the crate derives it from the history a restate reads is stored and
    // read back whole.
    append(4, to, clerk, EventData::REGISTERED);
    append(4, to + minutes(5), clerk, dispatched);
    let policy = reference::policy(db, version).unwrap();
    let restated = stats::histories(db, 4, 4).unwrap();
    let (c4, h4) = &restated[0];
    let derived = complaint_core::stats::outcome(c4, h4, &policy, to + minutes(5));
    assert_eq!(
        derived.credits.iter().map(|c| c.duty).collect::<Vec<_>>(),
        [Duty::Register, Duty::Dispatch]
    );
    stats::write_outcome(db, 4, &derived, policy.tz(), stats::Kept::Replaced).unwrap();
    assert_eq!(stats::stored_outcome(db, 4).unwrap(), Some(derived));

    // The monthly report's record: the analysis saved, the first submission kept.
    let month = "2026-11";
    assert_eq!(stats::report(db, month).unwrap(), None);
    stats::save_analysis(db, month, "漏水投诉集中在3号楼，下月排查管线。", t).unwrap();
    let saved = ReportRecord {
        month: month.into(),
        analysis: "漏水投诉集中在3号楼，下月排查管线。".into(),
        submitted: None,
        updated_at: t,
    };
    assert_eq!(stats::report(db, month).unwrap(), Some(saved.clone()));
    let later = t + minutes(60);
    stats::mark_submitted(db, month, sup, later).unwrap();
    let submitted = ReportRecord {
        submitted: Some((later, sup)),
        updated_at: later,
        ..saved
    };
    assert_eq!(stats::report(db, month).unwrap(), Some(submitted.clone()));
    stats::mark_submitted(db, month, clerk, later + minutes(60)).unwrap();
    assert_eq!(
        stats::report(db, month).unwrap(),
        Some(ReportRecord {
            updated_at: later + minutes(60),
            ..submitted.clone()
        })
    );
    stats::save_analysis(db, month, "已修订", later + minutes(120)).unwrap();
    assert_eq!(
        stats::report(db, month).unwrap(),
        Some(ReportRecord {
            analysis: "已修订".into(),
            updated_at: later + minutes(120),
            ..submitted
        })
    );
    // Submitted without an analysis.
    stats::mark_submitted(db, "2026-10", sup, later).unwrap();
    assert_eq!(
        stats::report(db, "2026-10").unwrap(),
        Some(ReportRecord {
            month: "2026-10".into(),
            analysis: String::new(),
            submitted: Some((later, sup)),
            updated_at: later,
        })
    );
    // By someone who exists; never deleted.
    assert!(stats::mark_submitted(db, "2026-09", sup + 1000, later).is_err());
    assert_eq!(stats::report(db, "2026-09").unwrap(), None);
    assert!(db
        .execute("DELETE FROM monthly_reports WHERE month = ?1", args![month])
        .is_err());
    assert!(stats::report(db, month).unwrap().is_some());

    // A form typed in long after the others, received within the period: its ids no
    // longer lie close, and each outcome is looked up by itself.
    complaint(db, (40, "TS-20261128-040"), t + minutes(30), setup, None);
    let rows = period(from, to, PeriodColumns::Counts);
    assert_eq!(
        rows.iter()
            .map(|r| (r.id, r.tally.is_some()))
            .collect::<Vec<_>>(),
        [(1, true), (2, true), (3, true), (40, false)]
    );
    assert_eq!(stats::IdSpan::of(&rows), None);
    assert_eq!(misses(from, to, None), expected);
}

#[test]
fn statistics_are_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    stats_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    stats_behave_alike(&server_store(&pg, "stats"));
}

/// What the attachments' storage does (ids named before the insert, rows read back by
/// complaint and by file, marked removed once, never changed or deleted), asserted on
/// either store.
fn attachments_behave_alike(db: &dyn Db) {
    use complaint_core::attachments::{sha256, Kind};
    use complaint_core::event::EventData;
    use complaint_core::storage::attachments::{self, Attachment};
    use complaint_core::storage::events;
    let t = t0();
    let setup = basics(db);
    let (department, _, _) = setup;
    // A store of this version keeps attachments; a fresh one holds none.
    assert!(attachments::kept(db).unwrap());
    assert_eq!(attachments::next_id(db).unwrap(), 1);
    assert_eq!(attachments::get(db, 1).unwrap(), None);
    assert!(attachments::all_hashes(db).unwrap().is_empty());
    assert!(attachments::all_with_case(db).unwrap().is_empty());
    complaint(db, (1, "TS-20261128-002"), t, setup, None);
    complaint(db, (2, "TS-20261128-001"), t, setup, None);
    assert!(attachments::of_complaint(db, 1).unwrap().is_empty());
    let head = users::insert(
        db,
        "head1",
        "部门主管",
        Role::DepartmentHead,
        Some(department),
        "hash",
        t,
    )
    .unwrap();

    // As the desk attaches: the next id, an event naming it, the row under that id.
    let attach = |complaint: i64,
                  step: Option<i64>,
                  (bytes, name, kind): (&[u8], &str, Kind),
                  minutes: i64|
     -> Attachment {
        let id = attachments::next_id(db).unwrap();
        let size = bytes.len() as i64;
        let data = EventData::Attached {
            attachment_id: id,
            sha256: sha256(bytes),
            name: name.into(),
            file_kind: kind,
            size,
            step_event_id: step,
        };
        let at = t + Duration::minutes(minutes);
        let event =
            events::append(db, complaint, at, (head, Some(Role::DepartmentHead)), &data).unwrap();
        let row = Attachment {
            id,
            complaint_id: complaint,
            event_id: event.id,
            step_event_id: step,
            sha256: sha256(bytes),
            name: name.into(),
            kind,
            size,
            removed_event_id: None,
        };
        assert_eq!(attachments::insert(db, &row).unwrap(), id);
        row
    };
    let step = events::append(
        db,
        1,
        t,
        (head, None),
        &EventData::Dispatched {
            department_id: department,
            recipient: "李师傅".into(),
        },
    )
    .unwrap()
    .id;
    let ceiling = attach(
        1,
        Some(step),
        (&b"ceiling photo"[..], "天花板渗水.jpg", Kind::Jpeg),
        10,
    );
    let form = attach(
        2,
        None,
        (&b"scanned form"[..], "处置记录表.pdf", Kind::Pdf),
        20,
    );
    // The same file again, on the complaint itself.
    let again = attach(
        1,
        None,
        (&b"ceiling photo"[..], "IMG_0001.heic", Kind::Heic),
        30,
    );
    assert_eq!((ceiling.id, form.id, again.id), (1, 2, 3));
    assert_eq!(attachments::next_id(db).unwrap(), 4);

    assert_eq!(attachments::get(db, form.id).unwrap(), Some(form.clone()));
    assert_eq!(
        attachments::of_complaint(db, 1).unwrap(),
        [ceiling.clone(), again.clone()]
    );
    assert_eq!(
        attachments::of_complaint(db, 2).unwrap(),
        std::slice::from_ref(&form)
    );
    let mut hashes = vec![ceiling.sha256.clone(), form.sha256.clone()];
    hashes.sort();
    assert_eq!(attachments::all_hashes(db).unwrap(), hashes);
    assert_eq!(
        attachments::all_with_case(db).unwrap(),
        [
            ("TS-20261128-002".to_owned(), ceiling.clone()),
            ("TS-20261128-001".to_owned(), form.clone()),
            ("TS-20261128-002".to_owned(), again.clone()),
        ]
    );

    // An id already taken, an event or a complaint that does not exist: refused, and the
    // next id is still the next.
    let taken = Attachment {
        name: "x.jpg".into(),
        ..form.clone()
    };
    assert!(attachments::insert(db, &taken).is_err());
    let no_event = Attachment {
        id: 4,
        event_id: form.event_id + 1000,
        ..form.clone()
    };
    assert!(attachments::insert(db, &no_event).is_err());
    let no_complaint = Attachment {
        id: 4,
        complaint_id: 99,
        ..form.clone()
    };
    assert!(attachments::insert(db, &no_complaint).is_err());
    assert_eq!(attachments::next_id(db).unwrap(), 4);
    assert_eq!(attachments::get(db, 4).unwrap(), None);

    // Removed: marked by its event, still listed, its file still named.
    let removal = events::append(
        db,
        1,
        t + Duration::minutes(40),
        (head, None),
        &EventData::AttachmentRemoved {
            attachment_id: ceiling.id,
            sha256: ceiling.sha256.clone(),
            name: ceiling.name.clone(),
            reason: "拍错了".into(),
        },
    )
    .unwrap();
    assert!(attachments::mark_removed(db, ceiling.id, removal.id + 1000).is_err());
    attachments::mark_removed(db, ceiling.id, removal.id).unwrap();
    let removed = Attachment {
        removed_event_id: Some(removal.id),
        ..ceiling.clone()
    };
    assert_eq!(
        attachments::get(db, ceiling.id).unwrap(),
        Some(removed.clone())
    );
    assert_eq!(
        attachments::of_complaint(db, 1).unwrap(),
        [removed.clone(), again]
    );
    assert_eq!(attachments::all_hashes(db).unwrap(), hashes);
    // Marked once; nothing else of a row changes; none is deleted.
    assert!(attachments::mark_removed(db, ceiling.id, removal.id).is_err());
    for sql in [
        "UPDATE attachments SET name = 'x.jpg' WHERE id = ?1",
        "UPDATE attachments SET sha256 = 'x' WHERE id = ?1",
        "DELETE FROM attachments WHERE id = ?1",
    ] {
        assert!(db.execute(sql, args![form.id]).is_err(), "{sql}");
    }
    assert_eq!(attachments::get(db, form.id).unwrap(), Some(form));
    assert_eq!(attachments::get(db, ceiling.id).unwrap(), Some(removed));
}

#[test]
fn attachments_are_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    attachments_behave_alike(&file);
    // A file from before attachments (an empty one here) keeps none.
    let older = rusqlite::Connection::open_in_memory().unwrap();
    assert!(!complaint_core::storage::attachments::kept(&older).unwrap());
    let Some(pg) = Pg::find() else { return };
    attachments_behave_alike(&server_store(&pg, "attachments"));
}
