//! The binary's window-less commands. Building this test also builds the binary that the
//! end-to-end tests drive, with the same features, so `make test` compiles once.

use complaint_core::storage::DB_FILE;
use std::process::Command;

fn desk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_complaint-desk"))
}

#[test]
fn seed_demo_fills_a_data_dir_with_every_early_state() {
    let dir = tempfile::tempdir().unwrap();
    let out = desk()
        .args(["seed-demo", "--months", "1", "--data-dir"])
        .arg(dir.path())
        .env("COMPLAINTDESK_START_TIME", "2026-11-28T10:00:00+08:00")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("件投诉"));
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    let count: i64 = conn
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert!((30..=40).contains(&count), "{count}");
    let states: Vec<String> = conn
        .prepare("SELECT DISTINCT state FROM complaints ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for s in ["registered", "dispatched", "handled", "archived"] {
        assert!(states.iter().any(|x| x == s), "no {s} in {states:?}");
    }
    let newest: String = conn
        .query_row("SELECT max(case_no) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert!(newest.starts_with("TS-202611"), "{newest}");
}

#[test]
fn bad_arguments_are_refused_in_chinese() {
    let out = desk()
        .args(["seed-demo", "--months", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--months 须为 1 到 120 之间的整数"));
}

#[test]
fn prints_the_form_and_the_register_without_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let seeded = desk()
        .args(["seed-demo", "--months", "1", "--data-dir"])
        .arg(dir.path())
        .env("COMPLAINTDESK_START_TIME", "2026-11-28T10:00:00+08:00")
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    let case_no: String = conn
        .query_row(
            "SELECT case_no FROM complaints WHERE state = 'archived' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let form = dir.path().join("form.pdf");
    let register = dir.path().join("register.pdf");
    let run = |args: &[&str]| {
        let out = desk()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["print", "form", &case_no, form.to_str().unwrap()]);
    run(&[
        "print",
        "register",
        "2026-10-01",
        "2026-11-28",
        register.to_str().unwrap(),
    ]);
    let text = |path: &std::path::Path| {
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(path)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(text(&form).contains(&case_no) && text(&form).contains("住户投诉意见表"));
    assert!(text(&register).contains(&case_no) && text(&register).contains("领表人签收"));
    let audited: i64 = conn
        .query_row("SELECT count(*) FROM audit_log WHERE action IN ('complaint.print', 'register.print') AND actor_id = 0", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 2);
    let missing = desk()
        .args(["print", "form", "TS-19990101-001", "x.pdf", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("找不到投诉编号 TS-19990101-001"));
}
