//! The binary's window-less commands. Building this test also builds the binary that the
//! end-to-end tests drive, with the same features, so `make test` compiles once.

use complaint_core::storage::DB_FILE;
use std::process::Command;

/// The binary, with the audit keys in a folder of this test run (not the user's own).
fn desk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_complaint-desk"));
    cmd.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join(format!("complaintdesk-cli-test-{}", std::process::id())),
    );
    cmd
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
    // The resident's receipt, and a month without a hand-over said so.
    let receipt = dir.path().join("receipt.pdf");
    run(&["print", "receipt", &case_no, receipt.to_str().unwrap()]);
    assert!(text(&receipt).contains("投诉受理回执") && text(&receipt).contains(&case_no));
    // The blank form for a desk that is down: no case number on it.
    let blank = dir.path().join("blank.pdf");
    run(&["print", "blank", blank.to_str().unwrap()]);
    assert!(text(&blank).contains("住户投诉意见表") && text(&blank).contains("纸质表补录"));
    assert!(!text(&blank).contains("TS-"));
    let none = desk()
        .args(["print", "handover", "2026-11", "h.pdf", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("2026-11 没有移交记录"));
    let missing = desk()
        .args(["print", "form", "TS-19990101-001", "x.pdf", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("找不到投诉编号 TS-19990101-001"));
}

#[test]
fn backup_restore_verify_and_report_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        desk()
            .args(args)
            .arg("--data-dir")
            .arg(&data)
            .env("COMPLAINTDESK_START_TIME", "2026-11-28T10:00:00+08:00")
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo", "--months", "1"]).status.success());
    let verified = run(&["verify"]);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    assert!(String::from_utf8_lossy(&verified.stdout).contains("审计链：通过"));
    let copy = dir.path().join("copy.db");
    assert!(run(&["backup", copy.to_str().unwrap()]).status.success());
    // Tamper with the live file: verify names the entry and fails.
    {
        let conn = rusqlite::Connection::open(data.join(DB_FILE)).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit_log SET action = 'x' WHERE id = 3;",
        )
        .unwrap();
    }
    let broken = run(&["verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stdout).contains("第 3 条记录被改动"));
    // A copy outside the backups folder: without its administrator's password, refused.
    let refused = run(&["restore", copy.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("管理员"));
    // Restore the copy with it (read from standard input); the tampered file is kept aside.
    let restored = {
        use std::io::Write;
        let mut child = desk()
            .args([
                "restore",
                copy.to_str().unwrap(),
                "--admin",
                "admin",
                "--data-dir",
            ])
            .arg(&data)
            .env("COMPLAINTDESK_START_TIME", "2026-11-28T10:00:00+08:00")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"Demo@12345\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("原数据库已另存为"));
    assert!(run(&["verify"]).status.success());
    let kept = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".replaced-"));
    assert!(kept);
    // The monthly report, as PDF and as a workbook.
    let pdf = dir.path().join("report.pdf");
    let xlsx = dir.path().join("report.xlsx");
    let made = run(&["report", "2026-11", pdf.to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(run(&["report", "2026-11", xlsx.to_str().unwrap()])
        .status
        .success());
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("月度投诉统计分析"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn demo_data_never_goes_into_a_centers_own_desk() {
    let dir = tempfile::tempdir().unwrap();
    let keys = complaint_core::seal::Keys::new(dir.path().join("keys"));
    let live = dir.path().join(DB_FILE);
    {
        let mut desk = complaint_core::Desk::open_sealed(&live, keys, chrono::Utc::now()).unwrap();
        desk.setup(
            &complaint_core::desk::SetupInput {
                center_name: "阳光花园物业服务中心".into(),
                admin_username: "admin".into(),
                admin_display_name: "管理员".into(),
                admin_password: "Admin@12345".into(),
            },
            chrono::Utc::now(),
        )
        .unwrap();
    }
    let before = std::fs::read(&live).unwrap();
    for args in [
        &["seed-demo", "--months", "1"][..],
        &["seed-demo", "--complaints", "100"][..],
    ] {
        let out = desk()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("不能写入演示数据"));
        assert_eq!(std::fs::read(&live).unwrap(), before, "the file changed");
    }
}

/// The tamperings `verify` names, each with its own words and a non-zero exit: the tail
/// cut off behind a dropped trigger, and another installation's file swapped in.
#[test]
fn verify_tells_a_cut_off_tail_and_a_swapped_file() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours");
    let theirs = dir.path().join("theirs");
    let run = |data: &std::path::Path, args: &[&str]| {
        desk()
            .args(args)
            .arg("--data-dir")
            .arg(data)
            .output()
            .unwrap()
    };
    for data in [&ours, &theirs] {
        assert!(run(data, &["seed-demo", "--months", "1"]).status.success());
        assert!(run(data, &["verify"]).status.success());
    }
    let live = ours.join(DB_FILE);
    let before = std::fs::read(&live).unwrap();
    {
        let conn = rusqlite::Connection::open(&live).unwrap();
        let create: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'audit_no_delete'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER audit_no_delete;
             DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log);
             {create};"
        ))
        .unwrap();
    }
    let cut = run(&ours, &["verify"]);
    assert_eq!(cut.status.code(), Some(1));
    let said = String::from_utf8_lossy(&cut.stdout);
    assert!(said.contains("审计链：通过"), "{said}");
    assert!(said.contains("末尾被截去"), "{said}");
    // Another installation's file in its place: its key is not on this computer, and even
    // were it, the anchor names ours.
    std::fs::write(&live, &before).unwrap();
    std::fs::copy(theirs.join(DB_FILE), &live).unwrap();
    let swapped = run(&ours, &["verify"]);
    assert_eq!(swapped.status.code(), Some(1));
    let said = String::from_utf8_lossy(&swapped.stdout);
    assert!(
        said.contains("另一套安装") || said.contains("本机没有该安装"),
        "{said}"
    );
}

/// `verify` reads every attachment's file against its recorded hash and names the
/// complaint and file of one altered or missing.
#[test]
fn verify_names_an_altered_or_missing_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        desk()
            .args(args)
            .arg("--data-dir")
            .arg(&data)
            .env("COMPLAINTDESK_START_TIME", "2026-11-28T10:00:00+08:00")
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo", "--months", "1"]).status.success());
    // A photo kept as the desk keeps it: the file under its hash, the row naming it.
    let bytes = b"\xFF\xD8\xFF\xE0 a photo of the ceiling".to_vec();
    let sha = complaint_core::attachments::sha256(&bytes);
    let store = complaint_core::attachments::Store::beside(&data.join(DB_FILE));
    std::fs::create_dir_all(store.path(&sha).parent().unwrap()).unwrap();
    std::fs::write(store.path(&sha), &bytes).unwrap();
    let case_no: String = {
        let conn = rusqlite::Connection::open(data.join(DB_FILE)).unwrap();
        conn.execute(
            "INSERT INTO events (complaint_id, at, actor_id, kind, data)
             VALUES (1, 0, 0, 'attached', '{}')",
            [],
        )
        .unwrap();
        let event = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO attachments (complaint_id, event_id, sha256, name, kind, size)
             VALUES (1, ?1, ?2, '天花板渗水.jpg', 'jpeg', ?3)",
            rusqlite::params![event, sha, bytes.len() as i64],
        )
        .unwrap();
        conn.query_row("SELECT case_no FROM complaints WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let fine = run(&["verify"]);
    assert!(String::from_utf8_lossy(&fine.stdout).contains("附件文件：通过"));
    std::fs::write(store.path(&sha), b"another picture").unwrap();
    let altered = run(&["verify"]);
    assert_eq!(altered.status.code(), Some(1));
    let said = String::from_utf8_lossy(&altered.stdout);
    assert!(
        said.contains(&format!("{case_no} 天花板渗水.jpg")),
        "{said}"
    );
    assert!(said.contains("已被改动"), "{said}");
    std::fs::remove_file(store.path(&sha)).unwrap();
    let missing = run(&["verify"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stdout).contains("缺失"));
}

/// `server-setup` on a fresh database of the throwaway cluster (`scripts/with-postgres.sh`;
/// skipped without one unless `COMPLAINTDESK_REQUIRE_PG` is set): a new app role's password
/// is shown once, a second run upgrades nothing and shows none, a database that is not
/// there is named.
#[test]
fn server_setup_prepares_a_database_once_and_again() {
    let Some((dir, db)) = fresh_server_database("t_cli") else {
        return;
    };
    let url = format!("host={dir} user=postgres dbname={db}");
    let setup = |url: &str| {
        desk()
            .args(["server-setup", url])
            .env_remove("COMPLAINTDESK_APP_PASSWORD")
            .output()
            .unwrap()
    };
    let first = setup(&url);
    let said = String::from_utf8_lossy(&first.stdout).into_owned();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let version = complaint_core::storage::server::known_version();
    assert!(
        said.contains(&format!(
            "数据库结构版本 {version}（本次升级 {version} 步）"
        )),
        "{said}"
    );
    // Roles belong to the cluster: the core's tests may have made the app role already,
    // and then its password is not shown (nor changed).
    match said.split("密码：").nth(1) {
        Some(rest) => {
            let password = rest.split_whitespace().next().unwrap_or_default();
            assert_eq!(password.chars().count(), 24, "{said}");
        }
        None => assert!(said.contains("终端账号：complaintdesk_app"), "{said}"),
    }
    let second = setup(&url);
    let said = String::from_utf8_lossy(&second.stdout).into_owned();
    assert_eq!(second.status.code(), Some(0), "{said}");
    assert!(
        said.contains("本次升级 0 步") && !said.contains("密码"),
        "{said}"
    );
    let missing = setup(&format!("host={dir} user=postgres dbname=no_such_db"));
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("无法连接数据库服务器"));
}

/// Every command takes `--database`: `verify` checks the server's schema and audit chain,
/// the file-only commands (backup, restore, demo data) say why they do not apply, and
/// nothing is made in the data folder.
#[test]
fn the_command_line_speaks_to_the_server() {
    let Some(url) = set_up_server("t_cli_db") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = desk()
            .args(args)
            .args(["--database", &url, "--data-dir"])
            .arg(data.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (code, said) = run(&["verify"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("审计链：通过（0 条）"), "{said}");
    assert!(
        said.contains(&format!(
            "结构版本：{0}（本程序 {0}）",
            complaint_core::storage::server::known_version()
        )),
        "{said}"
    );
    // A backup is the server at one moment, as a file that verify passes.
    let out = data.path().join("copy.db");
    let (code, said) = run(&["backup", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    let copy = complaint_core::backup::check_file(&out, None).unwrap();
    assert!(copy.usable(), "{copy:?}");
    let (code, said) = run(&["restore", out.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("只适用于本机数据文件"), "{said}");
    // Demo data goes onto a server not yet in use, and only once.
    let (code, said) = run(&["seed-demo", "--months", "1"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("已在中心服务器") && said.contains("件投诉"),
        "{said}"
    );
    let (code, said) = run(&["verify"]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = run(&["seed-demo", "--months", "1"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("已在使用"), "{said}");
    assert!(
        !data.path().join(DB_FILE).exists(),
        "nothing of the desk is kept in the data folder"
    );
    let refused = desk()
        .args(["verify", "--database", "/tmp/not-a-server.db"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--database 须为 PostgreSQL 连接串"));
}

/// `migrate --to` moves the data folder's file onto a freshly set-up server, which
/// `verify` then passes; a second move into the same server is refused.
#[test]
fn migrate_moves_a_desk_file_onto_the_server() {
    let Some(url) = set_up_server("t_cli_move") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = desk()
            .args(args)
            .arg("--data-dir")
            .arg(data.path())
            .env("COMPLAINTDESK_START_TIME", "2026-11-28T10:00:00+08:00")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (code, said) = run(&["seed-demo", "--months", "1"]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = run(&["migrate"]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("--to 须为中心服务器的 PostgreSQL 连接串"),
        "{said}"
    );
    let (code, said) = run(&["migrate", "--to", &url]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("审计链两边一致") && said.contains("原数据文件未改动"),
        "{said}"
    );
    let (code, said) = run(&["verify", "--database", &url]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("审计链：通过"), "{said}");
    let (code, said) = run(&["migrate", "--to", &url]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("已在使用"), "{said}");
    // The file itself still verifies as before.
    let (code, said) = run(&["verify"]);
    assert_eq!(code, Some(0), "{said}");
}

/// A fresh database set up by `server-setup` from the command line: the desks' connection
/// string (the app role, over the cluster's socket).
fn set_up_server(prefix: &str) -> Option<String> {
    let (dir, db) = fresh_server_database(prefix)?;
    let setup = desk()
        .args([
            "server-setup",
            &format!("host={dir} user=postgres dbname={db}"),
        ])
        .env("COMPLAINTDESK_APP_PASSWORD", "Desk@2026-cli")
        .output()
        .unwrap();
    assert_eq!(setup.status.code(), Some(0));
    Some(format!("host={dir} user=complaintdesk_app dbname={db}"))
}

/// A fresh database on the throwaway cluster (`scripts/with-postgres.sh`) as `server-setup`
/// expects it: the cluster's socket folder and the database's name. None without a
/// cluster, unless `COMPLAINTDESK_REQUIRE_PG` is set.
fn fresh_server_database(prefix: &str) -> Option<(String, String)> {
    let Ok(dir) = std::env::var("COMPLAINTDESK_TEST_PG_DIR") else {
        assert!(std::env::var_os("COMPLAINTDESK_REQUIRE_PG").is_none());
        eprintln!("no PostgreSQL cluster (scripts/with-postgres.sh): skipped");
        return None;
    };
    let db = format!("{prefix}_{}", std::process::id());
    let created = Command::new("psql")
        .arg(format!("host={dir} user=postgres dbname=postgres"))
        .args(["-v", "ON_ERROR_STOP=1", "-qc"])
        .arg(format!(
            "CREATE DATABASE {db} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        ))
        .status()
        .unwrap();
    assert!(created.success());
    Some((dir, db))
}
