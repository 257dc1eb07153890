//! Several desks on one store at once: each its own process or connection, as the
//! reception desks, the managers' offices and the departments' PCs are on the center's
//! server (and two windows are on one file). Case numbers stay unique and gap-free, one
//! step wins and the other is told the complaint changed, and the audit chain stays one.

use super::fixture::{dispatch, form, on_server, t0, Fixture, PASSWORD};
use complaint_core::desk::LoginInput;
use complaint_core::model::{Role, Severity};
use complaint_core::{args, Desk, DeskError};
use std::process::Command;

/// Registrations per child process.
const PER_DESK: usize = 200;

/// Run by the test below in child processes (ignored when run on its own): a desk on the
/// store the parent names, registering [`PER_DESK`] complaints.
#[test]
#[ignore = "child process of several_desks_register_at_once"]
fn child_desk_registers() {
    let Ok(target) = std::env::var("COMPLAINTDESK_TEST_TARGET") else {
        return;
    };
    let mut desk = match target.strip_prefix("file:") {
        Some(path) => Desk::open(std::path::Path::new(path)).unwrap(),
        None => Desk::open_server(&target).unwrap(),
    };
    let login = LoginInput {
        username: "receptionist".into(),
        password: PASSWORD.into(),
    };
    let clerk = desk.login(&login, t0()).unwrap();
    for _ in 0..PER_DESK {
        desk.register(&clerk, &form(Severity::Minor), t0()).unwrap();
    }
}

/// Four desks on the server (two processes on a file) register at once: every case number
/// of the day once, none missing, and the audit chain whole.
#[test]
fn several_desks_register_at_once() {
    let f = Fixture::new();
    let desks = if on_server() { 4 } else { 2 };
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..desks)
        .map(|_| {
            Command::new(&exe)
                .args([
                    "--ignored",
                    "--exact",
                    "desks::child_desk_registers",
                    "--test-threads=1",
                ])
                .env("COMPLAINTDESK_TEST_TARGET", f.target())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a desk failed");
    }
    let total = desks * PER_DESK;
    let numbers: Vec<String> = f
        .sql()
        .all(
            "SELECT case_no FROM complaints ORDER BY case_no",
            args![],
            |r| r.get(0),
        )
        .unwrap();
    let expected: Vec<String> = (1..=total).map(|n| format!("TS-20261128-{n:03}")).collect();
    assert_eq!(numbers, expected, "every number once, none missing");
    let ids: Vec<i64> = f
        .sql()
        .all("SELECT id FROM complaints ORDER BY id", args![], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(ids, (1..=total as i64).collect::<Vec<_>>(), "ids gap-free");
    let check = f.desk.verify_audit().unwrap();
    assert_eq!(check.first_broken, None, "the audit chain stays one chain");
    let registered: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'complaint.register'",
            args![],
        )
        .unwrap();
    assert_eq!(registered, total as i64);
}

/// Two desks show the same complaint; the first to dispatch wins, the second is told that
/// another desk updated it, and what it reads again shows the first desk's step.
#[test]
fn of_two_desks_taking_the_same_step_one_wins() {
    let mut f = Fixture::new();
    let id = f.registered(Severity::Minor);
    let clerk = f.user(Role::Receptionist);
    let mut other = f.another_desk();
    let seen = f.desk.detail(&clerk, id, t0()).unwrap();
    let seen_other = other.detail(&clerk, id, t0()).unwrap();
    let last = seen.timeline.last().unwrap().id;
    assert_eq!(seen_other.timeline.last().unwrap().id, last);

    f.desk
        .step_seen(&clerk, id, dispatch(), Some(last), t0())
        .unwrap();
    let refused = other
        .step_seen(&clerk, id, dispatch(), Some(last), t0())
        .unwrap_err();
    assert!(
        matches!(refused, DeskError::ChangedMeanwhile),
        "{refused:?}"
    );
    assert_eq!(refused.to_string(), "该投诉已被其他终端更新，请刷新后重试");
    assert_eq!(
        refused.message_en(),
        "Another desk has updated this complaint: refresh and try again"
    );
    // Read again, the second desk sees the dispatch and nothing of its own.
    let fresh = other.detail(&clerk, id, t0()).unwrap();
    assert_eq!(fresh.timeline.len(), seen.timeline.len() + 1);
    assert_eq!(dispatches(&f, id), 1);
    assert_eq!(f.desk.verify_audit().unwrap().first_broken, None);
}

/// The same race with the two steps truly at once, from two threads: one dispatch is
/// recorded, the other desk gets the conflict (or, had it read after the first write, the
/// workflow's refusal); never two.
#[test]
fn two_desks_at_the_same_instant_record_one_step() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    for _ in 0..5 {
        let id = f.registered(Severity::Minor);
        let last = f
            .desk
            .detail(&clerk, id, t0())
            .unwrap()
            .timeline
            .last()
            .unwrap()
            .id;
        let barrier = std::sync::Barrier::new(2);
        let outcomes: Vec<Result<(), String>> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..2)
                .map(|_| {
                    let mut desk = f.another_desk();
                    let (clerk, barrier) = (&clerk, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        desk.step_seen(clerk, id, dispatch(), Some(last), t0())
                            .map(|_| ())
                            .map_err(|e| format!("{e:?}"))
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let won = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(won, 1, "{outcomes:?}");
        assert!(
            outcomes
                .iter()
                .any(|o| o.as_ref().is_err_and(|e| e.contains("ChangedMeanwhile"))),
            "{outcomes:?}"
        );
        assert_eq!(dispatches(&f, id), 1);
    }
    assert_eq!(f.desk.verify_audit().unwrap().first_broken, None);
}

/// A write on one desk is announced to the others on the server.
#[test]
fn the_other_desks_hear_of_a_write_on_the_server() {
    if !on_server() {
        return; // a file has no one to tell: one window per file
    }
    let mut f = Fixture::new();
    let mut listener = complaint_core::storage::db::Listener::new(
        complaint_core::storage::server::connect(&f.target()).unwrap(),
    )
    .unwrap();
    let quiet = listener
        .wait(std::time::Duration::from_millis(200))
        .unwrap();
    assert!(!quiet, "nothing written yet");
    let started = std::time::Instant::now();
    f.registered(Severity::Minor);
    assert!(listener.wait(std::time::Duration::from_secs(2)).unwrap());
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // A read is not announced.
    f.desk
        .dashboard(&f.user(Role::Receptionist), 10, t0())
        .unwrap();
    assert!(!listener
        .wait(std::time::Duration::from_millis(300))
        .unwrap());
}

/// The server restarts, or the network drops, under a desk: the call that finds the
/// connection gone fails as such with nothing written, and the next one connects again;
/// every complaint is recorded once.
#[test]
fn a_desk_whose_connection_is_cut_connects_again_and_records_nothing_twice() {
    if !on_server() {
        return; // a file has no connection to lose
    }
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    f.registered(Severity::Minor);
    cut_connections(&f);
    let lost = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap_err();
    assert!(
        matches!(
            lost,
            DeskError::Storage(complaint_core::storage::StorageError::ServerLost(_))
        ),
        "{lost:?}"
    );
    assert!(
        lost.to_string().starts_with("与中心服务器的连接已中断"),
        "{lost}"
    );
    // The next call connects again and is recorded, once.
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    assert_eq!(row.case_no, "TS-20261128-002");
    // Cut between two reads: the reading call fails, the next one reads.
    cut_connections(&f);
    assert!(f.desk.dashboard(&clerk, 10, t0()).is_err());
    assert!(f.desk.dashboard(&clerk, 10, t0()).is_ok());
    assert_eq!(f.count("complaints"), 2);
    assert_eq!(f.desk.verify_audit().unwrap().first_broken, None);
}

/// The administrator's backup of a server desk is one consistent moment of the server
/// written as a ComplaintDesk file: `verify` passes it, and a single desk opens it with
/// the same complaints, timelines, attachments, audit chain and month's figures.
#[test]
fn a_backup_of_the_server_is_a_file_a_single_desk_opens() {
    if !on_server() {
        return; // a desk's own file is copied as it is (safety.rs)
    }
    use complaint_core::desk::AttachInput;
    use complaint_core::stats::Period;
    use complaint_core::storage::complaints::ListQuery;
    let mut f = Fixture::demo();
    complaint_core::seed::seed_demo(&mut f.desk, 2, t0()).unwrap();
    let clerk = f.user(Role::Receptionist);
    let id = f.registered(Severity::Minor);
    let photo = b"%PDF-1.4 the signed form".to_vec();
    f.desk
        .attach(
            &clerk,
            id,
            &AttachInput {
                name: "意见表.pdf".into(),
                step_event_id: None,
            },
            &photo,
            t0(),
        )
        .unwrap();
    let admin = f.user(Role::Admin);
    let dir = tempfile::tempdir().unwrap();
    let copy = f.desk.backup_now(&admin, dir.path(), t0()).unwrap();
    let check = complaint_core::backup::check_file(&copy, None).unwrap();
    assert!(check.usable(), "{check:?}");
    assert_eq!(check.complaints, f.count("complaints"));

    let mut single = Desk::open(&copy).unwrap();
    let all = ListQuery::default();
    let (on_server, in_file) = (
        f.desk.list(&clerk, &all, t0()).unwrap(),
        single.list(&clerk, &all, t0()).unwrap(),
    );
    assert_eq!(in_file.total, on_server.total);
    assert_eq!(in_file.rows, on_server.rows);
    let detail = single.detail(&clerk, id, t0()).unwrap();
    assert_eq!(detail, f.desk.detail(&clerk, id, t0()).unwrap());
    let a = &detail.attachments[0];
    assert_eq!(single.attachment_file(&clerk, a.id).unwrap().1, photo);
    // The copy holds the chain up to the moment it was taken; the backup's own entry
    // follows it on the server.
    let (copied, live) = (
        single.verify_audit().unwrap(),
        f.desk.verify_audit().unwrap(),
    );
    assert_eq!(copied.first_broken, None);
    assert_eq!(copied.entries, live.entries - 1);
    assert_eq!(live.first_broken, None);
    let month = Period::month(2026, 11).unwrap();
    let figures =
        |desk: &Desk| serde_json::to_value(desk.statistics(&admin, month, t0()).unwrap()).unwrap();
    let (copied, live) = (figures(&single), figures(&f.desk));
    assert_eq!(first_difference("", &copied, &live), None);
    // The search index was rebuilt by the file's own triggers.
    let found = single
        .list(
            &clerk,
            &ListQuery {
                text: Some("天花板".into()),
                ..ListQuery::default()
            },
            t0(),
        )
        .unwrap();
    assert!(found.total > 0);
    // And it is recorded as a backup.
    let recorded: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'backup.create'",
            args![],
        )
        .unwrap();
    assert_eq!(recorded, 1);
}

/// Where two JSON values first differ, as a path, with both sides.
fn first_difference(at: &str, a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .find_map(|(k, v)| first_difference(&format!("{at}.{k}"), v, &y[k])),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(&format!("{at}[{i}]"), v, w)),
        _ => (a != b).then(|| format!("{at}: {a} ≠ {b}")),
    }
}

/// A form sent again under the window's key (its answer lost with the connection) is
/// recorded once; another key is another complaint; a malformed key is refused by name.
#[test]
fn a_registration_sent_again_under_its_key_is_recorded_once() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let key = "5f0c2a5e-8a51-4a65-9d0e-1f3b1c2d4e5f";
    let first = f
        .desk
        .register_keyed(&clerk, &form(Severity::Minor), Some(key), t0())
        .unwrap();
    let again = f
        .desk
        .register_keyed(
            &clerk,
            &form(Severity::Minor),
            Some(key),
            t0() + chrono::Duration::minutes(1),
        )
        .unwrap();
    assert_eq!((again.id, &again.case_no), (first.id, &first.case_no));
    assert_eq!(f.count("complaints"), 1);
    let audited: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'complaint.register'",
            args![],
        )
        .unwrap();
    assert_eq!(audited, 1, "recorded once, audited once");
    // From another desk, the same key gives the same answer.
    let mut other = f.another_desk();
    assert_eq!(
        other
            .register_keyed(&clerk, &form(Severity::Minor), Some(key), t0())
            .unwrap()
            .id,
        first.id
    );
    // Another person's key is not theirs to read back.
    let sup = f.user(Role::Supervisor);
    assert!(matches!(
        f.desk
            .register_keyed(&sup, &form(Severity::Minor), Some(key), t0())
            .unwrap_err(),
        DeskError::ChangedMeanwhile
    ));
    let next = f
        .desk
        .register_keyed(
            &clerk,
            &form(Severity::Minor),
            Some("another-key-1234"),
            t0(),
        )
        .unwrap();
    assert_eq!(next.case_no, "TS-20261128-002");
    for bad in ["short", "has space in it!", &"k".repeat(65)] {
        let refused = f
            .desk
            .register_keyed(&clerk, &form(Severity::Minor), Some(bad), t0())
            .unwrap_err();
        match refused {
            DeskError::Invalid(fields) => assert_eq!(fields[0].field, "requestKey"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert_eq!(f.count("complaints"), 2);
}

/// On the server: the connection cut under a keyed registration; sent again with the same
/// key until it goes through, the complaint is recorded exactly once.
#[test]
fn a_keyed_registration_through_a_cut_connection_is_recorded_exactly_once() {
    if !on_server() {
        return;
    }
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    cut_connections(&f);
    let key = "0d9a4b7e-cut-connection";
    let mut tries = 0;
    let row = loop {
        tries += 1;
        match f
            .desk
            .register_keyed(&clerk, &form(Severity::Minor), Some(key), t0())
        {
            Ok(row) => break row,
            Err(e) if tries < 3 => eprintln!("try {tries}: {e}"),
            Err(e) => panic!("{e:?}"),
        }
    };
    assert!(tries >= 2, "the first try found the connection gone");
    // And once more, as a window whose answer was lost would.
    let again = f
        .desk
        .register_keyed(&clerk, &form(Severity::Minor), Some(key), t0())
        .unwrap();
    assert_eq!(again.id, row.id);
    assert_eq!(f.count("complaints"), 1);
    assert_eq!(f.count("registration_keys"), 1);
}

/// The server drops every connection to the fixture's database (a restart, a cut cable).
fn cut_connections(f: &Fixture) {
    let database = f.server_database().unwrap();
    super::fixture::Pg::find()
        .unwrap()
        .connect("postgres", "postgres")
        .batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        ))
        .unwrap();
}

/// How many dispatches complaint `id` has recorded.
fn dispatches(f: &Fixture, id: i64) -> i64 {
    f.sql()
        .scalar(
            "SELECT count(*) FROM events WHERE complaint_id = ?1 AND kind = 'dispatched'",
            args![id],
        )
        .unwrap()
}
