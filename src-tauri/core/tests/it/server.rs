//! The center's server (PostgreSQL): set-up, roles and what the app role may do. Each
//! test makes a fresh database on the throwaway cluster `scripts/with-postgres.sh`
//! starts (`make test` runs the suite inside it); without one they say so and pass, unless
//! `COMPLAINTDESK_REQUIRE_PG` is set.

use complaint_core::storage::server::{self, ServerError};
use postgres::Client;
use std::sync::atomic::{AtomicU32, Ordering};

/// The throwaway cluster.
pub struct Pg {
    dir: String,
}

impl Pg {
    /// The cluster of this run, if any.
    pub fn find() -> Option<Self> {
        match std::env::var("COMPLAINTDESK_TEST_PG_DIR") {
            Ok(dir) => Some(Self { dir }),
            Err(_) => {
                assert!(
                    std::env::var_os("COMPLAINTDESK_REQUIRE_PG").is_none(),
                    "COMPLAINTDESK_REQUIRE_PG is set but no cluster was started \
                     (run the tests through scripts/with-postgres.sh)"
                );
                eprintln!("no PostgreSQL cluster (scripts/with-postgres.sh): skipped");
                None
            }
        }
    }

    /// The connection string of `user` to `db` (over the cluster's socket).
    pub fn url(&self, user: &str, db: &str) -> String {
        format!("host={} user={user} dbname={db}", self.dir)
    }

    /// Connects as `user` to `db`.
    pub fn connect(&self, user: &str, db: &str) -> Client {
        server::connect(&self.url(user, db)).unwrap()
    }

    /// A fresh, empty database as `server-setup` expects it, named after `what`.
    pub fn fresh_database(&self, what: &str, locale: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "t_{what}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.connect("postgres", "postgres")
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' {locale}"
            ))
            .unwrap();
        name
    }
}

const BYTEWISE: &str = "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'";

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
    assert!(report.created_app_role);
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
            format!("UPDATE {table} SET at = 1"),
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
