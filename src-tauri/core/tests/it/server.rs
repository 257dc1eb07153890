//! The center's server (PostgreSQL): set-up, roles and what the app role may do. Each
//! test makes a fresh database on the throwaway cluster `scripts/with-postgres.sh`
//! starts (`make test` runs the suite inside it); without one they say so and pass, unless
//! `COMPLAINTDESK_REQUIRE_PG` is set.

use complaint_core::storage::server::{self, ServerError};
use postgres::Client;

pub use super::fixture::{Pg, BYTEWISE};

/// A column of a history table, to try to change.
fn column_of(table: &str) -> &'static str {
    match table {
        "attachment_files" => "bytes",
        "carried_audit_keys" => "secret",
        _ => "at",
    }
}

/// A complaint's smallest history, written as the app role would.
fn write_history(app: &mut Client) {
    app.batch_execute(
        "INSERT INTO departments (id, name) VALUES (1, '工程维修部');
         INSERT INTO categories (id, name) VALUES (1, '维修');
         INSERT INTO policy_versions (version, created_at, created_by, policy) VALUES (1, 0, 0, '{}');
         INSERT INTO complaints (id, case_no, received_at, channel, receptionist_id, resident_name,
             room, phone, contact_method, location, department_id, description, resident_request,
             category_id, severity, valid, ongoing_harm, state, policy_version, updated_at)
         VALUES (1, 'TS-20261130-001', 0, 'visit', 0, '王女士', '3-2-501', '13800000000', 'phone',
             '3号楼', 1, '楼上漏水', '尽快维修', 1, 'minor', 1, 0, 'registered', 1, 0);
         INSERT INTO events (id, complaint_id, at, actor_id, kind, data)
             VALUES (1, 1, 0, 0, 'registered', '{}');
         INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, prev_hash, hash)
             VALUES (1, 0, 0, 'complaint.register', 'complaint', 1, '', 'h1');",
    )
    .unwrap();
}

#[test]
fn the_app_role_adds_to_history_and_never_changes_it() {
    let Some(pg) = Pg::find() else { return };
    let db = pg.fresh_database("history", BYTEWISE);
    let mut admin = pg.connect("postgres", &db);
    let report = server::setup(&mut admin, Some("Desk@2026 it's")).unwrap();
    assert_eq!(report.version, server::known_version());
    assert_eq!(report.applied, server::MIGRATIONS.len());
    // (Roles are the cluster's: another test's database may have made the app role.)
    // A second run (after an upgrade, say) applies nothing and keeps the role.
    let again = server::setup(&mut admin, None).unwrap();
    assert_eq!((again.version, again.applied), (report.version, 0));
    assert!(!again.created_app_role);

    let mut app = pg.connect(server::APP_ROLE, &db);
    write_history(&mut app);
    let read: i64 = app
        .query_one(
            "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM audit_log)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(read, 2);
    // The rest of a complaint changes as it moves on.
    app.batch_execute("UPDATE complaints SET state = 'dispatched' WHERE id = 1")
        .unwrap();
    for table in server::HISTORY_TABLES {
        for change in [
            format!("UPDATE {table} SET {c} = {c}", c = column_of(table)),
            format!("DELETE FROM {table}"),
            format!("TRUNCATE {table}"),
            format!("ALTER TABLE {table} DISABLE TRIGGER ALL"),
            format!("DROP TABLE {table}"),
        ] {
            let refused = app.batch_execute(&change).unwrap_err();
            assert!(
                server::is_refused(&refused) || refused.to_string().contains("owner"),
                "{change}: {refused}"
            );
        }
    }
    // Not the schema either.
    let refused = app
        .batch_execute("CREATE TABLE mine (x BIGINT)")
        .unwrap_err();
    assert!(server::is_refused(&refused), "{refused}");
    // Even the owner cannot change history: the triggers refuse.
    admin
        .batch_execute(&format!(
            "SET ROLE {}; SET search_path = {}",
            server::OWNER_ROLE,
            server::SCHEMA
        ))
        .unwrap();
    for change in [
        "UPDATE events SET data = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE events CASCADE",
    ] {
        let refused = admin.batch_execute(change).unwrap_err();
        assert!(
            !server::is_refused(&refused),
            "{change} refused by privilege: {refused}"
        );
    }
    let kept: i64 = app
        .query_one("SELECT count(*) FROM events WHERE data = '{}'", &[])
        .unwrap()
        .get(0);
    assert_eq!(kept, 1);
}

#[test]
fn a_database_that_sorts_or_classifies_otherwise_is_refused() {
    let Some(pg) = Pg::find() else { return };
    for locale in [
        "LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'",
        "LC_COLLATE 'C' LC_CTYPE 'C'",
    ] {
        let db = pg.fresh_database("locale", locale);
        let mut admin = pg.connect("postgres", &db);
        let refused = server::setup(&mut admin, Some("x")).unwrap_err();
        assert!(
            matches!(refused, ServerError::Locale { .. }),
            "{locale}: {refused}"
        );
        assert!(refused.to_string().contains("LC_COLLATE 'C'"), "{refused}");
        // Nothing was created in it.
        assert_eq!(server::schema_version(&mut admin).unwrap(), 0, "{locale}");
    }
}

#[test]
fn only_a_superuser_sets_a_server_up() {
    let Some(pg) = Pg::find() else { return };
    let db = pg.fresh_database("plain", BYTEWISE);
    pg.connect("postgres", &db)
        .batch_execute("CREATE ROLE plain_user LOGIN")
        .ok();
    let mut plain = pg.connect("plain_user", &db);
    let refused = server::setup(&mut plain, None).unwrap_err();
    assert!(
        matches!(refused, ServerError::NotSuperuser(ref u) if u == "plain_user"),
        "{refused}"
    );
}

/// Set-ups on several databases of one cluster at once (two administrators, or a test
/// run): roles and their settings are the cluster's, so each set-up must wait for the
/// other rather than fail on a role the other has just created or changed.
#[test]
fn set_ups_at_once_on_one_cluster_all_succeed() {
    let Some(pg) = Pg::find() else { return };
    const AT_ONCE: usize = 6;
    for round in 0..3 {
        let dbs: Vec<String> = (0..AT_ONCE)
            .map(|_| pg.fresh_database("at_once", BYTEWISE))
            .collect();
        let start = std::sync::Barrier::new(AT_ONCE);
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let runs: Vec<_> = dbs
                .iter()
                .map(|db| {
                    let (pg, start) = (&pg, &start);
                    s.spawn(move || {
                        let mut admin = pg.connect("postgres", db);
                        start.wait();
                        server::setup(&mut admin, None).map(|r| r.version)
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for (db, outcome) in dbs.iter().zip(outcomes) {
            match outcome {
                Ok(version) => assert_eq!(version, server::known_version(), "{db}"),
                Err(e) => panic!("round {round}, {db}: {e:?}"),
            }
        }
    }
}

#[test]
fn a_generated_password_is_long_and_fresh() {
    let (a, b) = (server::new_password(), server::new_password());
    assert_eq!(a.chars().count(), 24);
    assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_ne!(a, b);
}

/// Both dialects' migrations are numbered and named alike, and the server applies them all.
#[test]
fn the_two_dialects_migrations_are_numbered_alike() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |dialect: &str| {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(dialect))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let sqlite = names("sqlite");
    assert_eq!(sqlite.len(), complaint_core::storage::MIGRATION_COUNT);
    assert_eq!(names("postgres"), sqlite);
    let applied: Vec<String> = server::MIGRATIONS
        .iter()
        .map(|(name, _)| format!("{name}.sql"))
        .collect();
    assert_eq!(applied, sqlite);
}

/// The store of a freshly set-up server database, as the desks reach it (the app role).
pub fn server_store(pg: &Pg, what: &str) -> complaint_core::storage::db::Server {
    let db = pg.fresh_database(what, BYTEWISE);
    server::setup(&mut pg.connect("postgres", &db), None).unwrap();
    complaint_core::storage::db::Server::new(pg.connect(server::APP_ROLE, &db))
}

/// What the users' storage does, asserted on either store.
fn users_behave_alike(db: &dyn complaint_core::storage::db::Db) {
    use complaint_core::model::Role;
    use complaint_core::storage::users::{self, Throttle};
    let t = super::fixture::t0();
    let id = users::insert(db, "Jiedai", "接待员", Role::Receptionist, None, "hash1", t).unwrap();
    let head = users::insert(
        db,
        "head1",
        "部门主管",
        Role::DepartmentHead,
        None,
        "hash2",
        t,
    )
    .unwrap();
    assert_ne!(id, head);
    // Login names are found whatever their case; the system user never.
    let found = users::by_username(db, "JIEDAI").unwrap().unwrap();
    assert_eq!(
        (found.user.id, found.user.display_name.as_str()),
        (id, "接待员")
    );
    assert!(found.active);
    assert!(users::by_username(db, "system").unwrap().is_none());
    assert_eq!(users::count(db).unwrap(), 2);
    users::update(
        db,
        id,
        "前台",
        &[Role::Receptionist, Role::Supervisor],
        None,
    )
    .unwrap();
    users::set_active(db, head, false).unwrap();
    users::set_password_hash(db, id, "hash3").unwrap();
    let all = users::all(db).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].user.roles, [Role::Receptionist, Role::Supervisor]);
    assert_eq!(all[0].password_hash, "hash3");
    assert!(!users::by_id(db, head).unwrap().unwrap().active);
    // A second account of the same name in another case is refused by the store.
    assert!(users::insert(db, "JIEDAI", "重名", Role::Receptionist, None, "h", t).is_err());
    // The login throttle: kept, changed, cleared.
    let locked = Throttle {
        failed: 5,
        lockouts: 1,
        locked_until: Some(t),
    };
    users::set_throttle(db, "jiedai", &locked).unwrap();
    assert_eq!(users::throttle(db, "jiedai").unwrap(), locked);
    let again = Throttle {
        failed: 1,
        ..locked
    };
    users::set_throttle(db, "jiedai", &again).unwrap();
    assert_eq!(users::throttle(db, "jiedai").unwrap(), again);
    users::set_throttle(db, "jiedai", &Throttle::default()).unwrap();
    assert_eq!(users::throttle(db, "jiedai").unwrap(), Throttle::default());
}

#[test]
fn users_are_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    users_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    users_behave_alike(&server_store(&pg, "users"));
}

/// Values bound and columns read on the server as on a file: integers of every width,
/// flags, text, bytes, NULLs; a sum left as PostgreSQL's `numeric` is refused by name.
#[test]
fn values_and_columns_read_alike_on_the_server() {
    use complaint_core::args;
    use complaint_core::storage::db::{Db, Server};
    let Some(pg) = Pg::find() else { return };
    let db = pg.fresh_database("values", BYTEWISE);
    let server = Server::new(pg.connect("postgres", &db));
    let store: &dyn Db = &server;
    store
        .batch("CREATE TABLE t (n BIGINT, f BIGINT, s TEXT, b BYTEA)")
        .unwrap();
    let changed = store
        .execute(
            "INSERT INTO t VALUES (?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8)",
            args![
                -7i64,
                true,
                "水管",
                vec![1u8, 2],
                Option::<i64>::None,
                Option::<bool>::None,
                Option::<String>::None,
                Option::<Vec<u8>>::None
            ],
        )
        .unwrap();
    assert_eq!(changed, 2);
    let rows = store
        .all(
            "SELECT n, f, s, b FROM t ORDER BY n NULLS LAST",
            args![],
            |r| {
                Ok((
                    r.get::<Option<i64>>(0)?,
                    r.get::<Option<bool>>(1)?,
                    r.get::<Option<String>>(2)?,
                    r.get::<Option<Vec<u8>>>(3)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        rows,
        [
            (Some(-7), Some(true), Some("水管".into()), Some(vec![1, 2])),
            (None, None, None, None)
        ]
    );
    let (exists, length, count): (bool, i64, i64) = store
        .one(
            "SELECT EXISTS (SELECT 1 FROM t), length('水管'), count(*) FROM t",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((exists, length, count), (true, 2, 2));
    let refused = store
        .scalar::<i64>("SELECT sum(n) FROM t", args![])
        .unwrap_err();
    assert!(refused.to_string().contains("numeric"), "{refused}");
    assert_eq!(
        store
            .scalar::<i64>("SELECT CAST(sum(n) AS BIGINT) FROM t", args![])
            .unwrap(),
        -7
    );
    assert!(store
        .one("SELECT NULL::bigint", args![], |r| r.get::<i64>(0))
        .is_err());
}

/// The audit chain, asserted on either store: appended in order, keyed from the key's
/// first entry, verified, browsed; the wrong key breaks it where keying starts.
fn audit_behaves_alike(db: &dyn complaint_core::storage::db::Db) {
    use complaint_core::storage::audit::{self, AuditEntry, AuditKey};
    let t = super::fixture::t0();
    let key = AuditKey::new([7; 32], 2);
    let entry = |i: i64| AuditEntry {
        at: t + chrono::Duration::minutes(i),
        actor_id: 0,
        action: "settings.save",
        entity: if i == 2 { "user" } else { "settings" },
        entity_id: (i == 2).then_some(9),
        before: None,
        after: Some(format!("{{\"n\":{i},\"名\":\"接待\"}}")),
    };
    let mut hashes = Vec::new();
    for i in 1..=3 {
        let (id, hash) = audit::append(db, Some(&key), &entry(i)).unwrap();
        assert_eq!(id, i);
        hashes.push(hash);
    }
    let check = audit::verify(db, Some(&key)).unwrap();
    assert_eq!((check.entries, check.first_broken), (3, None));
    assert_eq!(check.last_hash.as_deref(), Some(hashes[2].as_str()));
    assert_eq!(audit::last(db).unwrap(), Some((3, hashes[2].clone())));
    assert_eq!(audit::hash_of(db, 2).unwrap(), Some(hashes[1].clone()));
    assert_eq!(audit::hash_of(db, 4).unwrap(), None);
    let about = audit::for_entity(db, "user", 9).unwrap();
    assert_eq!(about.len(), 1);
    assert_eq!(
        (about[0].id, about[0].at),
        (2, t + chrono::Duration::minutes(2))
    );
    let (total, page) = audit::page(db, 1, 1).unwrap();
    assert_eq!((total, page.len(), page[0].0.id), (3, 1, 2));
    assert_eq!(page[0].1, "系统");
    let wrong = audit::verify(db, Some(&AuditKey::new([8; 32], 2))).unwrap();
    assert_eq!(wrong.first_broken, Some(2));
}

#[test]
fn the_audit_chain_is_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    audit_behaves_alike(&file);
    let Some(pg) = Pg::find() else { return };
    audit_behaves_alike(&server_store(&pg, "audit"));
}

/// Two departments (工程维修部, 秩序维护部), a category (维修) and the first policy
/// version, as a registration needs them; the departments and categories read back.
fn reference_rows(db: &dyn complaint_core::storage::db::Db) -> Reference {
    use complaint_core::storage::reference;
    db.batch(
        "INSERT INTO departments (id, name) VALUES (1, '工程维修部'), (2, '秩序维护部');
         INSERT INTO categories (id, name) VALUES (1, '维修');
         INSERT INTO policy_versions (version, created_at, created_by, policy) VALUES (1, 0, 0, '{}');",
    )
    .unwrap();
    Reference {
        departments: reference::departments(db).unwrap(),
        categories: reference::categories(db).unwrap(),
    }
}

/// The departments and categories [`reference_rows`] wrote, as a form is checked against
/// them.
struct Reference {
    departments: Vec<complaint_core::storage::reference::Department>,
    categories: Vec<complaint_core::storage::reference::Category>,
}

impl Reference {
    /// A form checked in Shanghai at `t0`.
    fn form_context(&self) -> complaint_core::complaint::FormContext<'_> {
        complaint_core::complaint::FormContext {
            tz: chrono_tz::Asia::Shanghai,
            now: super::fixture::t0(),
            departments: &self.departments,
            categories: &self.categories,
        }
    }
}

/// The complaint's row, asserted on either store: case numbers per day, gap-free ids, the
/// registered form read back, its standing and a correction rewritten, the raise's
/// candidates, and the export with names resolved.
fn complaints_behave_alike(db: &dyn complaint_core::storage::db::Db) {
    use complaint_core::model::{ComplaintState, Severity};
    use complaint_core::storage::complaints::{self, ListQuery, Waits};
    let t = super::fixture::t0();
    let reference = reference_rows(db);
    let ctx = reference.form_context();
    let reg = super::fixture::form(Severity::Minor).check(ctx).unwrap();
    let day = t.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let first = complaints::allocate_case_no(db, day).unwrap();
    let second = complaints::allocate_case_no(db, day).unwrap();
    assert!(
        first.ends_with("-001") && second.ends_with("-002"),
        "{first} {second}"
    );
    let a = complaints::insert(db, &first, &reg, 0, 1, t).unwrap();
    let b = complaints::insert(db, &second, &reg, 0, 1, t).unwrap();
    assert_eq!((a, b), (1, 2));
    assert_eq!(complaints::max_id(db).unwrap(), 2);
    let mut c = complaints::get(db, a).unwrap().unwrap();
    assert_eq!(c.case_no, first);
    assert_eq!(
        (c.room.as_str(), c.state, c.valid),
        (reg.room.as_str(), ComplaintState::Registered, true)
    );
    assert_eq!(c.received_at, reg.received_at);
    assert_eq!(complaints::by_case_no(db, &second).unwrap().unwrap().id, b);
    assert!(complaints::get(db, 3).unwrap().is_none());
    // A step moves it on; a correction rewrites the form.
    c.state = ComplaintState::Dispatched;
    complaints::update_standing(db, &c, &Waits::default(), t).unwrap();
    c.room = "5-1-302".into();
    c.description = "楼上漏水，已两天".into();
    complaints::update_form(db, &c).unwrap();
    let again = complaints::get(db, a).unwrap().unwrap();
    assert_eq!(again.state, ComplaintState::Dispatched);
    assert_eq!(
        (again.room.as_str(), again.description.as_str()),
        ("5-1-302", "楼上漏水，已两天")
    );
    let later = t + chrono::Duration::days(40);
    assert_eq!(complaints::raise_candidates(db, later).unwrap(), [1, 2]);
    let exported = complaints::export(db, &ListQuery::default(), (None, None), later).unwrap();
    assert_eq!(exported.len(), 2);
    assert!(exported
        .iter()
        .all(|r| r.department == "工程维修部" && r.category == "维修"));
    assert_eq!(exported[0].receptionist, "系统");
}

#[test]
fn complaints_are_kept_alike_by_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    complaints_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    complaints_behave_alike(&server_store(&pg, "complaints"));
}

/// `form` received at `received`, written straight to the store as the desk registers it
/// (case number, row) and left waiting for dispatch, due ten minutes after its receipt.
fn waiting_for_dispatch(
    db: &dyn complaint_core::storage::db::Db,
    ctx: complaint_core::complaint::FormContext<'_>,
    mut form: complaint_core::complaint::NewComplaint,
    received: chrono::DateTime<chrono::Utc>,
) -> i64 {
    use complaint_core::deadline::DeadlineKind;
    use complaint_core::storage::complaints::{self, Waits};
    form.received_at = Some(
        received
            .with_timezone(&ctx.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    );
    let reg = form.check(ctx).unwrap();
    let day = ctx.now.with_timezone(&ctx.tz).date_naive();
    let case_no = complaints::allocate_case_no(db, day).unwrap();
    let id = complaints::insert(db, &case_no, &reg, 0, 1, ctx.now).unwrap();
    let mut c = complaints::get(db, id).unwrap().unwrap();
    c.next_due_at = Some(c.received_at + chrono::Duration::minutes(10));
    c.next_due_kind = Some(DeadlineKind::Dispatch);
    complaints::update_standing(db, &c, &Waits::default(), c.received_at).unwrap();
    id
}

/// The list, the queues and the lines, asserted on either store: the page and its total,
/// the text found anywhere in the five fields (three characters or more) or at the start
/// of a name, room or phone, a case number, the filters, a page past the end, a queue in
/// due order, one line, repeats, what crossed a deadline.
fn lists_behave_alike(db: &dyn complaint_core::storage::db::Db) {
    use complaint_core::args;
    use complaint_core::model::{ComplaintState, Severity};
    use complaint_core::storage::complaints::{self, ListQuery, Queue, QueueScope};
    let tz = chrono_tz::Asia::Shanghai;
    let t = super::fixture::t0();
    let reference = reference_rows(db);
    let ctx = reference.form_context();
    // Three complaints an hour apart: the second about noise, in 秩序维护部, 100% sure.
    let mut ids = Vec::new();
    for i in 0..3i64 {
        let mut form = super::fixture::form(Severity::Minor);
        if i == 1 {
            form.description = "夜间装修噪音_100%扰民".into();
            form.room = "5-1-302".into();
            form.phone = "13900000000".into();
            form.department_id = Some(2);
        }
        ids.push(waiting_for_dispatch(
            db,
            ctx,
            form,
            t - chrono::Duration::hours(3 - i),
        ));
    }
    let page = |q: ListQuery| complaints::list(db, &q, (None, None), tz, t).unwrap();
    let found = |text: &str| {
        let p = page(ListQuery {
            text: Some(text.into()),
            ..ListQuery::default()
        });
        let mut ids: Vec<i64> = p.rows.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        (p.total, ids)
    };
    let all = page(ListQuery::default());
    assert_eq!(all.total, 3);
    assert_eq!(all.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(all.rows[1].department_name, "秩序维护部");
    assert_eq!(found("装修噪"), (1, vec![2]));
    assert_eq!(found("水管漏"), (2, vec![1, 3]));
    assert_eq!(found("_100%"), (1, vec![2]));
    assert_eq!(found("%%%"), (0, vec![]));
    assert_eq!(found("5-"), (1, vec![2]));
    assert_eq!(found("139"), (1, vec![2]));
    let case_no = all.rows[0].case_no.clone();
    assert_eq!(found(&case_no), (1, vec![3]));
    assert_eq!(found(&case_no.to_lowercase()), (1, vec![3]));
    let in_two = page(ListQuery {
        department_id: Some(2),
        ..ListQuery::default()
    });
    assert_eq!((in_two.total, in_two.rows[0].id), (1, 2));
    let dispatched = page(ListQuery {
        state: Some(ComplaintState::Dispatched),
        ..ListQuery::default()
    });
    assert_eq!(dispatched.total, 0);
    let past = page(ListQuery {
        page: 9,
        page_size: 2,
        ..ListQuery::default()
    });
    assert_eq!((past.total, past.rows.len()), (3, 0));
    // The queue: all three wait for dispatch, the earliest due first; two are overdue.
    let (count, rows) =
        complaints::queue(db, Queue::ToDispatch, QueueScope::default(), 2, tz, t).unwrap();
    assert_eq!(
        (count, rows.iter().map(|r| r.id).collect::<Vec<_>>()),
        (3, vec![1, 2])
    );
    assert!(rows[0].overdue);
    let (count, _) = complaints::queue(
        db,
        Queue::ToDispatch,
        QueueScope {
            department: Some(2),
            approver: None,
        },
        20,
        tz,
        t,
    )
    .unwrap();
    assert_eq!(count, 1);
    // Every queue at once (the dashboard: two statements on the server) reads as each
    // queue alone, in the whole center and in one department, the first two kept.
    for department in [None, Some(2)] {
        let scope = QueueScope {
            department,
            approver: None,
        };
        let at_once = complaints::queues(db, &Queue::ALL, scope, 2, tz, t).unwrap();
        let alone: Vec<_> = Queue::ALL
            .iter()
            .map(|q| complaints::queue(db, *q, scope, 2, tz, t).unwrap())
            .collect();
        assert_eq!(
            format!("{at_once:?}"),
            format!("{alone:?}"),
            "{department:?}"
        );
        assert_eq!(at_once[0].0, if department.is_some() { 1 } else { 3 });
    }
    let line = complaints::row(db, 2, tz, t).unwrap().unwrap();
    assert_eq!(
        (line.room.as_str(), line.state),
        ("5-1-302", ComplaintState::Registered)
    );
    let repeats =
        complaints::repeats(db, "3-2-1201", "", t - chrono::Duration::days(1), tz, t).unwrap();
    assert_eq!(repeats.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 1]);
    let crossed = complaints::crossed(db, t - chrono::Duration::minutes(200), tz, t).unwrap();
    assert_eq!(crossed.len(), 3);
    assert_eq!(crossed[0].0, 1, "the department id beside the line");
    assert_eq!(
        db.scalar::<i64>("SELECT count(*) FROM complaints", args![])
            .unwrap(),
        3
    );
}

#[test]
fn lists_and_queues_read_alike_on_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    lists_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    lists_behave_alike(&server_store(&pg, "lists"));
}

/// A search counts its matches up to `COUNT_CAP` alone and to `FILTERED_COUNT_CAP` with
/// another filter, and says when there are more, on either store: 1,003 complaints with
/// one phrase, 1,001 of them in one department, 2 in another; the page is the newest.
fn search_caps_behave_alike(db: &dyn complaint_core::storage::db::Db) {
    use complaint_core::model::Severity;
    use complaint_core::storage::complaints::{self, ListQuery, FILTERED_COUNT_CAP};
    let tz = chrono_tz::Asia::Shanghai;
    let t = super::fixture::t0();
    let reference = reference_rows(db);
    let ctx = reference.form_context();
    let n = FILTERED_COUNT_CAP + 3;
    db.batch("BEGIN").unwrap();
    for i in 0..n {
        let mut form = super::fixture::form(Severity::Minor);
        form.occurred_at = None;
        form.description = format!("信报箱锈蚀脱落，第 {i} 件");
        form.department_id = Some(if i % 500 == 7 { 2 } else { 1 });
        waiting_for_dispatch(db, ctx, form, t - chrono::Duration::minutes(n - i));
    }
    db.batch("COMMIT").unwrap();
    let search = |department_id| {
        let page = complaints::list(
            db,
            &ListQuery {
                text: Some("信报箱锈蚀".into()),
                department_id,
                ..ListQuery::default()
            },
            (None, None),
            tz,
            t,
        )
        .unwrap();
        (
            page.total,
            page.more,
            page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        )
    };
    let (total, more, rows) = search(None);
    assert_eq!((total, more), (n, false));
    assert_eq!(
        rows,
        (n - 49..=n).rev().collect::<Vec<_>>(),
        "the newest first"
    );
    let (total, more, rows) = search(Some(1));
    assert_eq!((total, more), (FILTERED_COUNT_CAP, true));
    assert_eq!(rows.len(), 50);
    let (total, more, rows) = search(Some(2));
    assert_eq!((total, more, rows), (2, false, vec![508, 8]));
    let (total, more, _) = search(Some(3));
    assert_eq!((total, more), (0, false));
}

#[test]
fn searches_count_to_their_caps_alike_on_both_stores() {
    let dir = tempfile::tempdir().unwrap();
    let file = complaint_core::storage::open(&dir.path().join("desk.db")).unwrap();
    search_caps_behave_alike(&file);
    let Some(pg) = Pg::find() else { return };
    search_caps_behave_alike(&server_store(&pg, "caps"));
}
