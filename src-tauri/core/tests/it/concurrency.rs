//! Two processes registering into one file never get the same case number.

use super::fixture::{form, t0, Fixture, PASSWORD};
use complaint_core::desk::LoginInput;
use complaint_core::model::Severity;
use complaint_core::Desk;
use std::process::Command;

const PER_PROCESS: usize = 200;

/// Run by the test below in two child processes (ignored when run on its own).
#[test]
#[ignore = "child process of two_processes_get_distinct_case_numbers"]
fn child_registers() {
    crate::file_only!();
    let Ok(path) = std::env::var("COMPLAINTDESK_TEST_DB") else {
        return;
    };
    let mut desk = Desk::open(std::path::Path::new(&path)).unwrap();
    let login = LoginInput {
        username: "receptionist".into(),
        password: PASSWORD.into(),
    };
    let clerk = desk.login(&login, t0()).unwrap();
    for _ in 0..PER_PROCESS {
        desk.register(&clerk, &form(Severity::Minor), t0()).unwrap();
    }
}

#[test]
fn two_processes_get_distinct_case_numbers() {
    crate::file_only!();
    let f = Fixture::new();
    let path = f.path();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(&exe)
                .args([
                    "--ignored",
                    "--exact",
                    "concurrency::child_registers",
                    "--test-threads=1",
                ])
                .env("COMPLAINTDESK_TEST_DB", &path)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a child failed");
    }
    let conn = f.file();
    let (total, distinct): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT case_no) FROM complaints",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((total, distinct), (400, 400));
    let last: String = conn
        .query_row("SELECT max(case_no) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(last, "TS-20261128-400");
    assert_eq!(
        f.desk.verify_audit().unwrap().first_broken,
        None,
        "the audit chain stays whole"
    );
}

/// The daily backup and the search index's upkeep run on a thread of their own beside the
/// desk, which goes on registering meanwhile: the copy is whole and consistent, the index
/// is merged, and nothing registered is lost.
#[test]
fn the_daily_upkeep_runs_beside_a_desk_that_goes_on_registering() {
    crate::file_only!();
    use complaint_core::model::Role;
    let mut f = Fixture::demo();
    complaint_core::seed::seed_many(&mut f.desk, 3_000, t0()).unwrap();
    let clerk = f.user(Role::Receptionist);
    let count = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(f.file());
    let upkeep = f
        .desk
        .daily_upkeep(t0())
        .unwrap()
        .expect("a desk that is set up");
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().to_path_buf();
    let beside = std::thread::spawn(move || {
        let taken = upkeep.backup(&backups, t0()).unwrap();
        let merged = upkeep.tidy_search_index().unwrap();
        (taken, merged)
    });
    for _ in 0..30 {
        f.desk
            .register(&clerk, &form(Severity::Minor), t0())
            .unwrap();
    }
    let (taken, merged) = beside.join().unwrap();
    let copy = taken.expect("the day's copy");
    let check = complaint_core::backup::check_file(&copy, None).unwrap();
    assert!(check.integrity_ok, "{check:?}");
    let copied = count(&rusqlite::Connection::open(&copy).unwrap());
    assert!(
        (before..=before + 30).contains(&copied),
        "{copied} of {before}..{}",
        before + 30
    );
    let conn = f.file();
    assert_eq!(count(conn), before + 30);
    let segments = complaint_core::storage::complaints::search_segments(conn).unwrap();
    assert!(
        merged || segments == 1,
        "merged {merged}, {segments} segments"
    );
    conn.execute(
        "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}
