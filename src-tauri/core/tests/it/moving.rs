//! A desk's file moved onto the center's server (`complaint-desk migrate --to`) and back
//! (the server's snapshot, moved again): everything arrives, the audit chain is checked
//! entry by entry on both sides, the file stays as it was, and a server already in use,
//! a tampered file or a missing key is refused with nothing written.

use super::fixture::{form, setup_input, t0, Pg, BYTEWISE, PASSWORD};
use complaint_core::backup;
use complaint_core::desk::{AttachInput, LoginInput, NewUser};
use complaint_core::model::{Role, Severity, User};
use complaint_core::seal::Keys;
use complaint_core::stats::Period;
use complaint_core::storage::complaints::ListQuery;
use complaint_core::storage::db::Db;
use complaint_core::storage::moving::MoveError;
use complaint_core::storage::{server, DB_FILE};
use complaint_core::{args, Desk};
use std::path::PathBuf;

/// A sealed single desk with two months of demo work, a department head, an attachment.
struct Source {
    dir: tempfile::TempDir,
    desk: Desk,
    admin: User,
    clerk: User,
    photo: Vec<u8>,
}

impl Source {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut desk =
            Desk::open_sealed(&dir.path().join(DB_FILE), Self::keys_in(&dir), t0()).unwrap();
        let admin = desk.setup(&setup_input(), t0()).unwrap();
        let user = |desk: &mut Desk, name: &str, role, department_id| {
            desk.create_user(
                &admin,
                &NewUser {
                    username: name.into(),
                    display_name: name.into(),
                    role,
                    department_id,
                    password: PASSWORD.into(),
                    extra_roles: Vec::new(),
                },
                t0(),
            )
            .unwrap()
        };
        let clerk = user(&mut desk, "clerk", Role::Receptionist, None);
        let head = user(&mut desk, "head", Role::DepartmentHead, Some(1));
        sql(&desk)
            .execute(
                "UPDATE departments SET head_user_id = ?1 WHERE id = 1",
                args![head.id],
            )
            .unwrap();
        sql(&desk)
            .execute(
                "INSERT INTO settings (key, value) VALUES ('demo', '1')",
                args![],
            )
            .unwrap();
        complaint_core::seed::seed_demo(&mut desk, 2, t0()).unwrap();
        // Line breaks and backslashes cross as they are.
        let mut written = form(Severity::Minor);
        written.description = "卫生间顶棚漏水，\n墙角有水渍（照片见 D:\\相片\\501）".into();
        let id = desk.register(&clerk, &written, t0()).unwrap().id;
        let photo = b"%PDF-1.4 the signed form".to_vec();
        desk.attach(
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
        Self {
            dir,
            desk,
            admin,
            clerk,
            photo,
        }
    }

    fn keys_in(dir: &tempfile::TempDir) -> Keys {
        Keys::new(dir.path().join("keys"))
    }

    fn keys(&self) -> Keys {
        Self::keys_in(&self.dir)
    }

    fn live(&self) -> PathBuf {
        self.dir.path().join(DB_FILE)
    }
}

/// The desk's store, for SQL around the desk.
fn sql(desk: &Desk) -> &dyn Db {
    desk.connection()
}

/// A fresh database on the cluster, set up by `server-setup`: the desks' URL.
fn fresh_server(pg: &Pg, what: &str) -> String {
    let db = pg.fresh_database(what, BYTEWISE);
    server::setup(&mut pg.connect("postgres", &db), None).unwrap();
    pg.url(server::APP_ROLE, &db)
}

/// What a person at either desk sees: every list row, one complaint's detail with its
/// attachment's bytes, the month's figures.
fn seen(desk: &mut Desk, clerk: &User, admin: &User) -> serde_json::Value {
    let list = desk.list(clerk, &ListQuery::default(), t0()).unwrap();
    let last = list.rows.iter().map(|r| r.id).max().unwrap();
    let detail = desk.detail(clerk, last, t0()).unwrap();
    let file = desk
        .attachment_file(clerk, detail.attachments[0].id)
        .unwrap()
        .1;
    let month = desk
        .statistics(admin, Period::month(2026, 11).unwrap(), t0())
        .unwrap();
    serde_json::json!({
        "list": serde_json::to_value(&list).unwrap(),
        "detail": serde_json::to_value(&detail).unwrap(),
        "file": file,
        "month": serde_json::to_value(&month).unwrap(),
    })
}

#[test]
fn a_desk_file_moves_whole_onto_a_fresh_server_and_back() {
    let Some(pg) = Pg::find() else { return };
    let mut src = Source::new();
    let before = backup::check_file(&src.live(), Some(&src.keys())).unwrap();
    assert!(before.usable(), "{before:?}");
    let file_chain = before.audit.clone().unwrap();
    let (clerk, admin) = (src.clerk.clone(), src.admin.clone());
    let in_file = seen(&mut src.desk, &clerk, &admin);
    let file_chain_after_reads = src.desk.verify_audit().unwrap();

    // Moved while the desk is still open on the file.
    let url = fresh_server(&pg, "move");
    let moved = backup::move_to_server(&src.live(), Some(&src.keys()), &url, t0()).unwrap();
    assert_eq!(moved.entries, file_chain_after_reads.entries);
    assert_eq!(moved.last_hash, file_chain_after_reads.last_hash);
    assert_eq!(moved.files, 1);
    assert!(moved.of("complaints") > 50, "{moved:?}");

    // The file is as it was: checked as before, nothing added to its chain.
    let after = backup::check_file(&src.live(), Some(&src.keys())).unwrap();
    assert!(after.usable(), "{after:?}");
    assert_eq!(after.complaints, before.complaints);
    assert_eq!(
        after.audit.unwrap().entries,
        file_chain_after_reads.entries,
        "moving wrote nothing into the file"
    );
    assert!(file_chain.entries <= file_chain_after_reads.entries);

    // On the server: the same people log in, see the same, and the chain is whole —
    // the file's keyed entries checked with the key carried beside them.
    let mut on_server = Desk::open_server(&url).unwrap();
    let clerk_there = on_server
        .login(
            &LoginInput {
                username: "clerk".into(),
                password: PASSWORD.into(),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(clerk_there, clerk);
    let there = seen(&mut on_server, &clerk, &admin);
    assert_eq!(there, in_file);
    assert!(
        there["detail"]
            .to_string()
            .contains(r"\n墙角有水渍（照片见 D:\\相片\\501）"),
        "{}",
        there["detail"]
    );
    let chain = on_server.verify_audit().unwrap();
    assert_eq!(chain.first_broken, None, "{chain:?}");
    let carried: i64 = sql(&on_server)
        .scalar("SELECT count(*) FROM carried_audit_keys", args![])
        .unwrap();
    assert_eq!(carried, 1);
    let recorded: String = sql(&on_server)
        .scalar(
            "SELECT after FROM audit_log WHERE action = 'database.migrate'",
            args![],
        )
        .unwrap();
    assert!(
        recorded.contains(&moved.last_hash.clone().unwrap()),
        "{recorded}"
    );
    // The next registration follows the moved ones: the next id, the next case number.
    let next = on_server
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let last_id: i64 = sql(&src.desk)
        .scalar("SELECT max(id) FROM complaints", args![])
        .unwrap();
    assert_eq!(next.id, last_id + 1);
    let numbers: i64 = sql(&on_server)
        .scalar(
            "SELECT count(*) - count(DISTINCT case_no) FROM complaints",
            args![],
        )
        .unwrap();
    assert_eq!(numbers, 0, "no case number twice");

    // A server in use is refused, and nothing is added to it.
    let entries = on_server.verify_audit().unwrap().entries;
    let again = backup::move_to_server(&src.live(), Some(&src.keys()), &url, t0()).unwrap_err();
    assert!(matches!(again, MoveError::ServerInUse { .. }), "{again}");
    assert!(again.to_string().contains("server-setup"), "{again}");
    assert_eq!(on_server.verify_audit().unwrap().entries, entries);

    // Back: the server's snapshot is a file that verify passes and a single desk opens,
    // its chain whole with the carried key; moved onto another server, whole again.
    let snap_dir = tempfile::tempdir().unwrap();
    let snap = snap_dir.path().join("center.db");
    complaint_core::storage::moving::server_snapshot(on_server.connection(), &snap).unwrap();
    let check = backup::check_file(&snap, None).unwrap();
    assert!(check.usable(), "{check:?}");
    let single = Desk::open(&snap).unwrap();
    assert_eq!(single.verify_audit().unwrap().first_broken, None);
    drop(single);
    let second = fresh_server(&pg, "moveback");
    let again = backup::move_to_server(&snap, None, &second, t0()).unwrap();
    assert_eq!(again.of("complaints"), moved.of("complaints") + 1);
    let mut desk = Desk::open_server(&second).unwrap();
    let chain = desk.verify_audit().unwrap();
    assert_eq!(chain.first_broken, None, "{chain:?}");
    assert_eq!(chain.entries, again.entries + 1);
    let attachment: i64 = sql(&desk)
        .scalar("SELECT min(id) FROM attachments", args![])
        .unwrap();
    assert_eq!(
        desk.attachment_file(&clerk, attachment).unwrap().1,
        src.photo,
        "the attachment's file came along"
    );
}

#[test]
fn a_tampered_file_or_one_without_its_key_is_not_moved() {
    let Some(pg) = Pg::find() else { return };
    let src = Source::new();
    let url = fresh_server(&pg, "tampered");
    let server_is_empty = || {
        let desk = Desk::open_server(&url).unwrap();
        let n: i64 = sql(&desk)
            .scalar(
                "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM audit_log)",
                args![],
            )
            .unwrap();
        n == 0
    };
    // Without the key its keyed entries cannot be told from forged ones.
    let elsewhere = Keys::new(src.dir.path().join("no-keys"));
    let refused = backup::move_to_server(&src.live(), Some(&elsewhere), &url, t0()).unwrap_err();
    assert!(matches!(refused, MoveError::ChainBroken(_)), "{refused}");
    assert!(refused.to_string().contains("审计链"), "{refused}");
    assert!(server_is_empty());

    // An entry edited in the file (its trigger dropped) is found and named.
    drop(src.desk);
    let file = rusqlite::Connection::open(src.dir.path().join(DB_FILE)).unwrap();
    file.execute_batch(
        "DROP TRIGGER audit_no_update;
         UPDATE audit_log SET after = '{\"username\":\"mallory\"}' WHERE id = 3;",
    )
    .unwrap();
    drop(file);
    let refused = backup::move_to_server(
        &src.dir.path().join(DB_FILE),
        Some(&Source::keys_in(&src.dir)),
        &url,
        t0(),
    )
    .unwrap_err();
    assert!(matches!(refused, MoveError::ChainBroken(3)), "{refused}");
    assert!(server_is_empty());
}
