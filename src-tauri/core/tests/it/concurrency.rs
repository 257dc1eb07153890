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
    let conn = f.desk.connection();
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
