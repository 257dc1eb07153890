//! A crash or power loss at any moment loses no committed complaint; a full disk fails
//! one write cleanly and the program goes on.

use super::fixture::{form, t0, Fixture, PASSWORD};
use complaint_core::desk::LoginInput;
use complaint_core::model::Severity;
use complaint_core::Desk;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn child_desk() -> Option<(Desk, complaint_core::model::User)> {
    let path = std::env::var("COMPLAINTDESK_TEST_DB").ok()?;
    let mut desk = Desk::open(Path::new(&path)).unwrap();
    let login = LoginInput {
        username: "receptionist".into(),
        password: PASSWORD.into(),
    };
    let clerk = desk.login(&login, t0()).unwrap();
    Some((desk, clerk))
}

/// Registers until killed, printing each case number only after its commit.
#[test]
#[ignore = "child process of crash::killed_at_random_moments_loses_nothing_committed"]
fn child_registers_until_killed() {
    crate::file_only!();
    let Some((mut desk, clerk)) = child_desk() else {
        return;
    };
    let mut out = std::io::stdout().lock();
    loop {
        let row = desk.register(&clerk, &form(Severity::Minor), t0()).unwrap();
        writeln!(out, "{}", row.case_no).unwrap();
        out.flush().unwrap();
    }
}

fn check_database(path: &Path, committed: &[String]) {
    let desk = Desk::open(path).unwrap();
    let check = desk.check().unwrap();
    assert!(check.integrity_ok, "{check:?}");
    assert_eq!(check.audit.unwrap().first_broken, None);
    let conn = desk.connection().sqlite().unwrap();
    let expected = form(Severity::Minor);
    for case_no in committed {
        let (name, room, description, events, audited): (String, String, String, i64, i64) = conn
            .query_row(
                "SELECT resident_name, room, description,
                    (SELECT count(*) FROM events e WHERE e.complaint_id = c.id AND e.kind = 'registered'),
                    (SELECT count(*) FROM audit_log a WHERE a.entity_id = c.id AND a.action = 'complaint.register')
                 FROM complaints c WHERE case_no = ?1",
                [case_no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap_or_else(|e| panic!("committed {case_no} is missing: {e}"));
        assert_eq!(
            (name.as_str(), room.as_str(), description.as_str()),
            (
                expected.resident_name.as_str(),
                expected.room.as_str(),
                expected.description.trim()
            )
        );
        assert_eq!((events, audited), (1, 1), "{case_no} is not complete");
    }
}

#[test]
fn killed_at_random_moments_loses_nothing_committed() {
    crate::file_only!();
    let mut f = Fixture::new();
    let path = f.path();
    // Closed (the fixture, which keeps the folder, stays).
    drop(std::mem::replace(&mut f.desk, Desk::in_memory().unwrap()));
    let exe = std::env::current_exe().unwrap();
    let mut seed = Instant::now().elapsed().as_nanos() as u64 ^ 0x2545_f491_4f6c_dd1d;
    let mut committed: Vec<String> = Vec::new();
    for round in 0..20 {
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "crash::child_registers_until_killed",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("COMPLAINTDESK_TEST_DB", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (first_tx, first_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut printed = Vec::new();
            let mut reader = BufReader::new(stdout);
            let mut line = Vec::new();
            // Only whole lines count: a kill may cut the last one short.
            while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
                if line.ends_with(b"\n") && line.starts_with(b"TS-") {
                    if printed.is_empty() {
                        let _ = first_tx.send(());
                    }
                    printed.push(String::from_utf8_lossy(&line[..line.len() - 1]).into_owned());
                }
                line.clear();
            }
            printed
        });
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Once it is writing (start-up and login take a moment, more on a busy machine),
        // SIGKILL at a random instant.
        first_rx
            .recv_timeout(Duration::from_secs(180))
            .unwrap_or_else(|_| panic!("round {round}: the child never registered"));
        std::thread::sleep(Duration::from_millis(seed % 300));
        child.kill().unwrap();
        child.wait().unwrap();
        let printed = reader.join().unwrap();
        committed.extend(printed);
        check_database(&path, &committed);
    }
    assert!(
        committed.len() >= 20,
        "only {} complaints were committed in 20 rounds",
        committed.len()
    );
}

/// Registers until the file-size limit stops a write, then shows that it still works.
#[test]
#[ignore = "child process of crash::a_full_disk_fails_one_write_cleanly"]
fn child_fills_the_disk() {
    crate::file_only!();
    let Some((mut desk, clerk)) = child_desk() else {
        return;
    };
    let mut out = std::io::stdout().lock();
    for _ in 0..100_000 {
        match desk.register(&clerk, &form(Severity::Minor), t0()) {
            Ok(row) => writeln!(out, "{}", row.case_no).unwrap(),
            Err(e) => {
                writeln!(out, "ERR {e}").unwrap();
                let listed = desk
                    .list(&clerk, &Default::default(), t0())
                    .map(|p| p.total);
                writeln!(
                    out,
                    "ALIVE {}",
                    listed
                        .map(|n| n.to_string())
                        .unwrap_or_else(|e| e.to_string())
                )
                .unwrap();
                return;
            }
        }
        out.flush().unwrap();
    }
    writeln!(out, "NEVER FULL").unwrap();
}

#[test]
fn a_full_disk_fails_one_write_cleanly() {
    crate::file_only!();
    let mut f = Fixture::new();
    let path = f.path();
    // Closed (the fixture, which keeps the folder, stays).
    drop(std::mem::replace(&mut f.desk, Desk::in_memory().unwrap()));
    let exe = std::env::current_exe().unwrap();
    // A 3 MB file-size limit stands in for a full disk; SIGXFSZ is ignored so that the
    // write fails with an error, as on a full disk, instead of killing the process.
    let script = format!(
        "trap '' XFSZ; exec prlimit --fsize=3000000 -- '{}' --ignored --exact crash::child_fills_the_disk --nocapture --test-threads=1",
        exe.display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .env("COMPLAINTDESK_TEST_DB", &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let committed: Vec<String> = stdout
        .lines()
        .filter(|l| l.starts_with("TS-"))
        .map(str::to_owned)
        .collect();
    let err = stdout
        .lines()
        .find(|l| l.starts_with("ERR "))
        .unwrap_or_else(|| panic!("never failed:\n{stdout}"));
    assert!(err.contains("磁盘空间不足"), "{err}");
    let alive = stdout.lines().find(|l| l.starts_with("ALIVE ")).unwrap();
    let listed: usize = alive["ALIVE ".len()..]
        .parse()
        .unwrap_or_else(|_| panic!("the program could not read on: {alive}"));
    // The failing write may be the last sync after a complete commit frame: then the
    // complaint is whole in the file although the call reported the failure. Either
    // way nothing is half-written.
    assert!(
        listed == committed.len() || listed == committed.len() + 1,
        "{listed} listed, {} committed",
        committed.len()
    );
    assert!(committed.len() > 10);
    let everything: Vec<String> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn.prepare("SELECT case_no FROM complaints").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(committed.iter().all(|c| everything.contains(c)));
    check_database(&path, &everything);
}
