//! A set-up desk with one user of every role: on a temporary file, or, when
//! `COMPLAINTDESK_TEST_STORE=server`, on a fresh database of the throwaway PostgreSQL
//! cluster (`scripts/with-postgres.sh`), so that the same tests hold the same behaviour
//! on both stores (`make test` runs the suite once for each).

use chrono::{DateTime, TimeZone, Utc};
use complaint_core::args;
use complaint_core::complaint::NewComplaint;
use complaint_core::desk::{NewUser, SetupInput};
use complaint_core::model::{
    CallbackMethod, Channel, ContactMethod, Exclusion, NotifyMethod, Role, Satisfaction, Severity,
    User,
};
use complaint_core::storage::db::Db;
use complaint_core::workflow::{
    CallbackInput, DispatchInput, DoneFor, HandledInput, NotifyInput, Step,
};
use complaint_core::Desk;
use postgres::Client;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub const PASSWORD: &str = "Test@12345";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    pub users: HashMap<Role, User>,
    /// The server database this desk works on (dropped with the fixture), and its URL.
    server_db: Option<(String, String)>,
}

/// Whether this run holds the desks on the center's server rather than on files.
pub fn on_server() -> bool {
    std::env::var("COMPLAINTDESK_TEST_STORE").is_ok_and(|v| v == "server")
}

/// A test of what only a desk's own file has (its pages, pragmas, planner, key and
/// anchor files, the processes that share it): says so and returns on the server run.
#[macro_export]
macro_rules! file_only {
    () => {
        if $crate::fixture::on_server() {
            eprintln!("a desk file's own behaviour: not a server test");
            return;
        }
    };
}

/// A fresh database on the cluster, set up as `server-setup` leaves it: a copy of a
/// template set up once per test process. Returns its name and the desks' URL.
fn server_database() -> (String, String) {
    use complaint_core::storage::server;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::OnceLock;
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    static N: AtomicU32 = AtomicU32::new(0);
    let pg = Pg::find().expect("COMPLAINTDESK_TEST_STORE=server needs the throwaway cluster");
    let template = TEMPLATE.get_or_init(|| {
        let name = pg.fresh_database("template", BYTEWISE);
        server::setup(&mut pg.connect("postgres", &name), None).unwrap();
        name
    });
    let name = format!(
        "t_desk_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    pg.connect("postgres", "postgres")
        .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .unwrap();
    let url = pg.url(server::APP_ROLE, &name);
    (name, url)
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let (Some((name, _)), Some(pg)) = (&self.server_db, Pg::find()) {
            let _ = pg
                .connect("postgres", "postgres")
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The first-run set-up every test center makes: 阳光花园物业服务中心, `admin` with
/// [`PASSWORD`].
pub fn setup_input() -> SetupInput {
    SetupInput {
        center_name: "阳光花园物业服务中心".into(),
        admin_username: "admin".into(),
        admin_display_name: "管理员".into(),
        admin_password: PASSWORD.into(),
    }
}

/// 2026-11-28 10:00 Shanghai.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap()
}

/// A Shanghai wall-clock time.
pub fn sh(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(y, m, d, h, min, s)
        .unwrap()
        .with_timezone(&Utc)
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (mut desk, server_db) = if on_server() {
            let (name, url) = server_database();
            (Desk::open_server(&url).unwrap(), Some((name, url)))
        } else {
            (
                Desk::open(&dir.path().join("complaintdesk.db")).unwrap(),
                None,
            )
        };
        let admin = desk.setup(&setup_input(), t0()).unwrap();
        let mut users = HashMap::new();
        for &role in Role::ALL {
            if role == Role::Admin {
                continue;
            }
            let u = desk
                .create_user(
                    &admin,
                    &NewUser {
                        username: role.code().to_lowercase(),
                        display_name: role.label_zh().into(),
                        role,
                        department_id: (role == Role::DepartmentHead).then_some(1),
                        password: PASSWORD.into(),
                        extra_roles: Vec::new(),
                    },
                    t0(),
                )
                .unwrap();
            users.insert(role, u);
        }
        users.insert(Role::Admin, admin);
        Self {
            dir,
            desk,
            users,
            server_db,
        }
    }

    /// A desk marked as demo data, as `seed-demo` marks the desks it makes: the demo
    /// generators write only into such a desk.
    pub fn demo() -> Self {
        let f = Self::new();
        f.sql()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('demo', '1')",
                args![],
            )
            .unwrap();
        f
    }

    /// The server database this desk works on (the server run only).
    pub fn server_database(&self) -> Option<&str> {
        self.server_db.as_ref().map(|(name, _)| name.as_str())
    }

    /// Where the desk's data is, for another process: `file:PATH`, or the server's URL.
    pub fn target(&self) -> String {
        match &self.server_db {
            Some((_, url)) => url.clone(),
            None => format!("file:{}", self.path().display()),
        }
    }

    /// Another desk on the same data (another window on the file; another PC on the
    /// server).
    pub fn another_desk(&self) -> Desk {
        match &self.server_db {
            Some((_, url)) => Desk::open_server(url).unwrap(),
            None => Desk::open(&self.path()).unwrap(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("complaintdesk.db")
    }

    pub fn user(&self, role: Role) -> User {
        self.users[&role].clone()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.sql()
            .scalar(&format!("SELECT count(*) FROM {table}"), args![])
            .unwrap()
    }

    /// The desk's store, to read or change around the desk in a test: the same SQL on
    /// both stores (`?1` placeholders, `storage::db` values).
    pub fn sql(&self) -> &dyn Db {
        self.desk.connection()
    }

    /// The desk's SQLite file, for a [`file_only`] test.
    pub fn file(&self) -> &rusqlite::Connection {
        self.desk.connection().sqlite().expect("a file-only test")
    }
}

impl Fixture {
    /// A complaint of `severity` registered by the receptionist at `t0()`: its id.
    pub fn registered(&mut self, severity: Severity) -> i64 {
        let clerk = self.user(Role::Receptionist);
        self.desk
            .register(&clerk, &form(severity), t0())
            .unwrap()
            .id
    }
}

/// A valid form against department 1 (工程维修部), category 1 (维修).
pub fn form(severity: Severity) -> NewComplaint {
    NewComplaint {
        received_at: None,
        channel: Channel::Visit,
        resident_name: "张三".into(),
        room: "3-2-1201".into(),
        phone: "13800138000".into(),
        contact_method: ContactMethod::Phone,
        occurred_at: Some("2026-11-28 08:30".into()),
        location: "3号楼2单元".into(),
        department_id: Some(1),
        accused_person: None,
        accused_user_id: None,
        description: "厨房水管漏水，楼下天花板渗水。".into(),
        resident_request: "尽快维修".into(),
        resident_deadline: None,
        category_id: Some(1),
        severity: Some(severity),
        valid: true,
        invalid_reason: None,
        ongoing_harm: false,
        immediate_measure: None,
        from_paper: false,
        confidential: false,
    }
}

/// 派发 to the registered department, signed for by 吴涛.
pub fn dispatch() -> Step {
    Step::Dispatch(DispatchInput {
        department_id: None,
        recipient: "吴涛".into(),
    })
}

/// Dispatched, handled with `result`, the form back at the desk, the resident told.
pub fn handled_and_notified(f: &mut Fixture, id: i64, result: &str, at: DateTime<Utc>) {
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    let steps: Vec<(&User, Step)> = vec![
        (&clerk, dispatch()),
        (
            &head,
            Step::MarkHandled(HandledInput {
                result: result.into(),
            }),
        ),
        (&clerk, Step::LogFormReturn),
        (
            &clerk,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "住户认可".into(),
                done: DoneFor::default(),
            }),
        ),
    ];
    for (who, step) in steps {
        f.desk.step(who, id, step, at).unwrap();
    }
}

/// A callback: reached with `result` on all three aspects (excluded as an unreasonable
/// demand when asked), or the resident not reached.
pub fn callback_step(reached: bool, result: Satisfaction, exclusion: bool) -> Step {
    let aspect = reached.then_some(result);
    Step::Callback(CallbackInput {
        reached,
        method: CallbackMethod::Phone,
        attitude: aspect,
        conduct: aspect,
        result: aspect,
        remarks: String::new(),
        exclusion: exclusion.then_some(Exclusion::UnreasonableDemand),
        exclusion_reason: exclusion.then(|| "要求超出物业服务范围".into()),
        done: DoneFor::default(),
    })
}

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
        complaint_core::storage::server::connect(&self.url(user, db)).unwrap()
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

pub const BYTEWISE: &str = "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'";
