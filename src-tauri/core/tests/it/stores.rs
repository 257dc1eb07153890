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
