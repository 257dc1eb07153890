//! The desk at ten years' scale (issue "performance"): registering, the dashboard, a list
//! page, full-text search and opening a complaint, over 1,000,000 complaints, on the
//! core's functions (no IPC), each beside the floor it is compared with.
//! `cargo bench -p complaint-core --bench desk`; figures go to BENCHMARKS.md.
//!
//! The database is generated once under the target folder by `seed::seed_many` (the
//! path of `seed-demo --complaints`) and reused; COMPLAINTDESK_BENCH_COMPLAINTS changes its
//! size. Each run works on a copy of it, so that its registrations do not pile up (on the
//! server they do: BENCHMARKS.md).
//! Besides criterion's own report, each benchmark prints the median and 95th percentile
//! of its single calls.

use chrono::{DateTime, TimeZone, Utc};
use complaint_core::complaint::NewComplaint;
use complaint_core::model::{Channel, ContactMethod, Severity, User};
use complaint_core::storage::complaints::{ListQuery, SortKey};
use complaint_core::storage::db::Db;
use complaint_core::storage::{self, DB_FILE};
use complaint_core::{args, Desk};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::{params, Connection};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// When the data was generated (and the desk's clock in every benchmark).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap()
}

/// With `COMPLAINTDESK_BENCH_POLICY=working`: every deadline but the promised reply
/// counted in working time (office hours, the 2026 holidays and 调休), the policy in
/// force for every generated complaint.
fn working_policy() -> Option<complaint_core::deadline::DeadlinePolicy> {
    (std::env::var("COMPLAINTDESK_BENCH_POLICY").as_deref() == Ok("working"))
        .then(complaint_core::seed::working_time_policy)
}

fn database(n: u64) -> PathBuf {
    let policy = working_policy();
    let suffix = if policy.is_some() { "-working" } else { "" };
    let dir = target().join(format!("desk-bench-{n}{suffix}"));
    let path = dir.join(DB_FILE);
    if path.exists() {
        return path;
    }
    let partial = target().join(format!("desk-bench-{n}{suffix}.partial"));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).unwrap();
    let started = Instant::now();
    let mut desk = Desk::open(&partial.join(DB_FILE)).unwrap();
    let report =
        complaint_core::seed::seed_many_under(&mut desk, n, now(), policy.as_ref()).unwrap();
    desk.connection()
        .sqlite()
        .unwrap()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(desk);
    std::fs::rename(&partial, &dir).unwrap();
    println!(
        "generated in {:.1} s: {report} ({})",
        started.elapsed().as_secs_f64(),
        path.display()
    );
    path
}

fn form(i: u64) -> NewComplaint {
    NewComplaint {
        received_at: None,
        channel: Channel::Phone,
        resident_name: "张三".into(),
        room: format!("3-2-{}", 1201 + i % 400),
        phone: "13800138000".into(),
        contact_method: ContactMethod::Phone,
        occurred_at: None,
        location: "3号楼2单元".into(),
        department_id: Some(1),
        accused_person: None,
        accused_user_id: None,
        description: "厨房水管接头漏水，楼下住户天花板已出现水渍。".into(),
        resident_request: "尽快维修".into(),
        resident_deadline: None,
        category_id: Some(1),
        severity: Some(Severity::Minor),
        valid: true,
        invalid_reason: None,
        ongoing_harm: false,
        immediate_measure: None,
        from_paper: false,
        confidential: false,
    }
}

/// Single-call times of every benchmark, for the median and p95 printed at the end.
struct Calls(RefCell<Vec<(String, Vec<Duration>)>>);

impl Calls {
    /// Runs `f` as a criterion benchmark, timing each call on its own.
    fn bench<T>(&self, c: &mut Criterion, name: &str, mut f: impl FnMut() -> T) {
        let mut times = Vec::new();
        c.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    std::hint::black_box(f());
                    let took = started.elapsed();
                    times.push(took);
                    total += took;
                }
                total
            })
        });
        self.0.borrow_mut().push((name.to_owned(), times));
    }

    fn report(&self) {
        println!(
            "\n{:<58} {:>10} {:>10} {:>8}",
            "benchmark", "median", "p95", "calls"
        );
        for (name, times) in self.0.borrow_mut().iter_mut() {
            if times.is_empty() {
                continue; // not selected by the command line's filter
            }
            times.sort();
            let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            println!(
                "{name:<58} {:>8.3}ms {:>8.3}ms {:>8}",
                at(0.5).as_secs_f64() * 1e3,
                at(0.95).as_secs_f64() * 1e3,
                times.len()
            );
        }
    }
}

/// A plain table with the complaint's columns in a file of its own, with the desk's
/// durability (WAL, synchronous=FULL): the floor of one registration.
fn bare_table(dir: &Path) -> Connection {
    let path = dir.join("bare.db");
    let _ = std::fs::remove_file(&path);
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch(
        "CREATE TABLE complaints (id INTEGER PRIMARY KEY, case_no TEXT, received_at INTEGER,
            channel TEXT, receptionist_id INTEGER, resident_name TEXT, room TEXT, phone TEXT,
            contact_method TEXT, location TEXT, department_id INTEGER, description TEXT,
            resident_request TEXT, category_id INTEGER, severity TEXT, valid INTEGER,
            state TEXT, policy_version INTEGER, updated_at INTEGER)",
    )
    .unwrap();
    conn
}

fn desk_at_scale(c: &mut Criterion) {
    let n: u64 = std::env::var("COMPLAINTDESK_BENCH_COMPLAINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = database(n);
    if let Ok(cluster) = std::env::var("COMPLAINTDESK_BENCH_PG") {
        return on_the_server(c, n, &path, &cluster);
    }
    // Each run works on a copy, so that its registrations do not pile up in the
    // generated file (they all wait in one department's queue).
    let run_dir = tempfile::tempdir_in(target()).unwrap();
    let copy = run_dir.path().join(DB_FILE);
    std::fs::copy(&path, &copy).unwrap();
    let path = copy;
    let mut desk = Desk::open(&path).unwrap();
    // As the desk is after its daily upkeep (the day's backup, then the search index
    // merged): each run of this benchmark registers thousands of complaints, each a
    // segment of the search index until merged.
    let upkeep = desk
        .daily_upkeep(now())
        .unwrap()
        .expect("a desk that is set up");
    upkeep.tidy_search_index().unwrap();
    let user = |name: &str| -> User {
        storage::users::by_username(desk.connection(), name)
            .unwrap()
            .unwrap()
            .user
    };
    let (clerk, head, admin) = (user("jiedai"), user("gongcheng"), user("admin"));
    let conn = desk.connection().sqlite().unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    println!(
        "{} complaints, {} events; {:.0} MB on disk",
        count("SELECT count(*) FROM complaints"),
        count("SELECT count(*) FROM events"),
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    // Opening one complaint: one with a long history, from the middle of the file.
    let id: i64 = conn
        .query_row(
            "SELECT complaint_id FROM events WHERE kind = 'reopened'
             ORDER BY complaint_id LIMIT 1
             OFFSET (SELECT count(*) / 2 FROM events WHERE kind = 'reopened')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let calls = Calls(RefCell::new(Vec::new()));
    let now = now();
    let people = People { clerk, head, admin };
    the_desks_calls(c, &calls, &mut desk, &people, id, "");

    // Full-text search against a LIKE scan of the same column.
    {
        let conn = desk.connection().sqlite().unwrap();
        let ids = |sql: &str, arg: &str| -> Vec<i64> {
            let mut stmt = conn.prepare_cached(sql).unwrap();
            let rows = stmt.query_map([arg], |r| r.get(0)).unwrap();
            rows.map(Result::unwrap).collect()
        };
        let fts_first = "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?1 LIMIT 50";
        let like_first = "SELECT id FROM complaints WHERE description LIKE ?1 LIMIT 50";
        let fts_count = "SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH ?1";
        let like_count = "SELECT count(*) FROM complaints WHERE description LIKE ?1";
        let scalar = |sql: &str, arg: &str| -> i64 {
            conn.prepare_cached(sql)
                .unwrap()
                .query_row([arg], |r| r.get(0))
                .unwrap()
        };
        println!(
            "水管接: {} hits (FTS) / {} (LIKE); 消防通道: {} / {}",
            scalar(fts_count, "\"水管接\""),
            scalar(like_count, "%水管接%"),
            scalar(fts_count, "\"消防通道\""),
            scalar(like_count, "%消防通道%"),
        );
        calls.bench(c, "FTS: 3-character term, first 50 hits", || {
            ids(fts_first, "\"水管接\"")
        });
        calls.bench(c, "LIKE scan: 3-character term, first 50 hits", || {
            ids(like_first, "%水管接%")
        });
        calls.bench(c, "FTS: count every hit of a rare 4-character term", || {
            scalar(fts_count, "\"消防通道\"")
        });
        calls.bench(
            c,
            "LIKE scan: count every hit of a rare 4-character term",
            || scalar(like_count, "%消防通道%"),
        );
    }

    // The floor of a registration.
    let scratch = tempfile::tempdir_in(target()).unwrap();
    let bare = bare_table(scratch.path());
    let row = form(0);
    let mut j = 0i64;
    calls.bench(c, "bare INSERT + COMMIT of the same row (floor)", || {
        j += 1;
        bare.execute_batch("BEGIN IMMEDIATE").unwrap();
        bare.prepare_cached(
            "INSERT INTO complaints (case_no, received_at, channel, receptionist_id,
                resident_name, room, phone, contact_method, location, department_id,
                description, resident_request, category_id, severity, valid, state,
                policy_version, updated_at)
             VALUES (?1, ?2, 'phone', 2, ?3, ?4, ?5, 'phone', ?6, 1, ?7, ?8, 1, 'minor', 1,
                'registered', 1, ?2)",
        )
        .unwrap()
        .execute(params![
            format!("TS-20261201-{j:03}"),
            now.timestamp_millis(),
            row.resident_name,
            row.room,
            row.phone,
            row.location,
            row.description,
            row.resident_request,
        ])
        .unwrap();
        bare.execute_batch("COMMIT").unwrap();
    });
    calls.report();
}

/// The app role's password on the benchmark's cluster.
const BENCH_PASSWORD: &str = "bench-only";

/// With `COMPLAINTDESK_BENCH_PG` (a cluster's `host=… port=…`, its superuser `postgres`
/// let in without a password: `scripts/bench-postgres.sh`): the same desk on the center's
/// server, over that connection. The server's database is the generated file moved onto
/// it once by `migrate` (`backup::move_to_server`), then kept on the cluster.
fn on_the_server(c: &mut Criterion, n: u64, file: &Path, cluster: &str) {
    use complaint_core::storage::server;
    let suffix = if working_policy().is_some() {
        "_working"
    } else {
        ""
    };
    let name = format!("desk_bench_{n}{suffix}");
    let superuser = |db: &str| format!("{cluster} user=postgres dbname={db}");
    let app = |db: &str| {
        format!(
            "{cluster} user={} password={BENCH_PASSWORD} dbname={db}",
            server::APP_ROLE
        )
    };
    let mut pg = server::connect(&superuser("postgres")).unwrap();
    let exists: bool = pg
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
            &[&name],
        )
        .unwrap()
        .get(0);
    if !exists {
        // The file at this program's schema version first, as a desk opening it leaves it.
        drop(Desk::open(file).unwrap());
        let partial = format!("{name}_partial");
        pg.batch_execute(&format!("DROP DATABASE IF EXISTS {partial} WITH (FORCE)"))
            .unwrap();
        pg.batch_execute(&format!(
            "CREATE DATABASE {partial} TEMPLATE template0 ENCODING 'UTF8'
                 LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        ))
        .unwrap();
        let mut owner = server::connect(&superuser(&partial)).unwrap();
        server::setup(&mut owner, Some(BENCH_PASSWORD)).unwrap();
        let started = Instant::now();
        let moved =
            complaint_core::backup::move_to_server(file, None, &app(&partial), now()).unwrap();
        let took = started.elapsed();
        owner.batch_execute("VACUUM ANALYZE").unwrap();
        drop(owner);
        pg.batch_execute(&format!("ALTER DATABASE {partial} RENAME TO {name}"))
            .unwrap();
        println!(
            "moved onto the server in {:.0} s ({} complaints, {} events), analysed in {:.0} s",
            took.as_secs_f64(),
            moved.of("complaints"),
            moved.of("events"),
            (started.elapsed() - took).as_secs_f64()
        );
    }
    // At this program's schema (server-setup after an upgrade), and as autovacuum leaves
    // it: the statistics current (each run registers thousands).
    let mut owner = server::connect(&superuser(&name)).unwrap();
    server::setup(&mut owner, None).unwrap();
    owner.batch_execute("ANALYZE").unwrap();
    drop(owner);
    // Each run works on a copy (its statistics copied with it), so that its
    // registrations do not pile up in the kept database, as on a file.
    let run = format!("{name}_run");
    let started = Instant::now();
    pg.batch_execute(&format!("DROP DATABASE IF EXISTS {run} WITH (FORCE)"))
        .unwrap();
    pg.batch_execute(&format!(
        "CREATE DATABASE {run} TEMPLATE {name} STRATEGY FILE_COPY"
    ))
    .unwrap();
    println!(
        "copied for this run in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let name = run;
    let mut desk = Desk::open_server(&app(&name)).unwrap();
    let db = desk.connection();
    let user =
        |name: &str| -> User { storage::users::by_username(db, name).unwrap().unwrap().user };
    let people = People {
        clerk: user("jiedai"),
        head: user("gongcheng"),
        admin: user("admin"),
    };
    let count = |sql: &str| -> i64 { (db as &dyn Db).scalar(sql, args![]).unwrap() };
    println!(
        "{} complaints, {} events; {:.0} MB on the server",
        count("SELECT count(*) FROM complaints"),
        count("SELECT count(*) FROM events"),
        count("SELECT pg_database_size(current_database())") as f64 / 1e6
    );
    let id = count(
        "SELECT complaint_id FROM events WHERE kind = 'reopened'
         ORDER BY complaint_id LIMIT 1
         OFFSET (SELECT count(*) / 2 FROM events WHERE kind = 'reopened')",
    );
    let calls = Calls(RefCell::new(Vec::new()));
    the_desks_calls(c, &calls, &mut desk, &people, id, "server: ");

    // The floor: the same row inserted and committed on a plain table of the server,
    // over the same connection path, with the server's durability.
    pg.batch_execute(
        "DROP TABLE IF EXISTS bench_floor;
         CREATE TABLE bench_floor (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            case_no TEXT, received_at BIGINT, channel TEXT, receptionist_id BIGINT,
            resident_name TEXT, room TEXT, phone TEXT, contact_method TEXT, location TEXT,
            department_id BIGINT, description TEXT, resident_request TEXT,
            category_id BIGINT, severity TEXT, valid BOOLEAN, state TEXT,
            policy_version BIGINT, updated_at BIGINT)",
    )
    .unwrap();
    let insert = pg
        .prepare(
            "INSERT INTO bench_floor (case_no, received_at, channel, receptionist_id,
                resident_name, room, phone, contact_method, location, department_id,
                description, resident_request, category_id, severity, valid, state,
                policy_version, updated_at)
             VALUES ($1, $2, 'phone', 2, $3, $4, $5, 'phone', $6, 1, $7, $8, 1, 'minor', true,
                'registered', 1, $2)",
        )
        .unwrap();
    let row = form(0);
    let mut j = 0i64;
    let at = now().timestamp_millis();
    calls.bench(
        c,
        "server: bare INSERT + COMMIT of the same row (floor)",
        || {
            j += 1;
            let mut tx = pg.transaction().unwrap();
            tx.execute(
                &insert,
                &[
                    &format!("TS-20261201-{j:03}"),
                    &at,
                    &row.resident_name,
                    &row.room,
                    &row.phone,
                    &row.location,
                    &row.description,
                    &row.resident_request,
                ],
            )
            .unwrap();
            tx.commit().unwrap();
        },
    );
    calls.report();
    drop(desk);
    pg.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .unwrap();
}

/// Who works at the desk in the benchmarks.
struct People {
    clerk: User,
    head: User,
    admin: User,
}

/// What a person at the desk waits for, on either store: `label` names the store.
fn the_desks_calls(
    c: &mut Criterion,
    calls: &Calls,
    desk: &mut Desk,
    people: &People,
    id: i64,
    label: &str,
) {
    let now = now();
    let People { clerk, head, admin } = people;
    // Reading.
    calls.bench(
        c,
        &format!("{label}dashboard, every queue (receptionist)"),
        || desk.dashboard(clerk, 20, now).unwrap(),
    );
    calls.bench(
        c,
        &format!("{label}dashboard, every queue (department head)"),
        || desk.dashboard(head, 20, now).unwrap(),
    );
    let filtered = ListQuery {
        department_id: Some(1),
        severity: Some(Severity::Important),
        sort: SortKey::ReceivedAt,
        desc: true,
        ..ListQuery::default()
    };
    calls.bench(
        c,
        &format!("{label}list page of 50: department + severity, newest first"),
        || desk.list(clerk, &filtered, now).unwrap(),
    );
    let month = ListQuery {
        from: Some("2026-10-01".into()),
        to: Some("2026-10-31".into()),
        sort: SortKey::CaseNo,
        ..ListQuery::default()
    };
    calls.bench(
        c,
        &format!("{label}list page of 50: one month by case number"),
        || desk.list(clerk, &month, now).unwrap(),
    );
    let page_200 = ListQuery {
        page: 200,
        ..ListQuery::default()
    };
    calls.bench(c, &format!("{label}list page 200 of everything"), || {
        desk.list(clerk, &page_200, now).unwrap()
    });
    let search = ListQuery {
        text: Some("水管接".into()),
        ..ListQuery::default()
    };
    calls.bench(
        c,
        &format!("{label}list: search 水管接 (3 chars), first 50 + total"),
        || desk.list(clerk, &search, now).unwrap(),
    );
    // As the window asks: the page (on the server, uncounted when the newest complaints
    // fill it), then its count.
    calls.bench(
        c,
        &format!("{label}list: search 水管接 (3 chars), first 50 as the window asks"),
        || desk.list_first(clerk, &search, now).unwrap(),
    );
    calls.bench(
        c,
        &format!("{label}list: search 水管接 (3 chars), its count after"),
        || desk.list_count(clerk, &search, now).unwrap(),
    );
    // Within a department none of the hits is (秩序维护部), and within the one that has
    // the term's complaints (工程维修部): most hits match.
    for (department, name) in [(2, "one department"), (1, "its department")] {
        let within = ListQuery {
            department_id: Some(department),
            ..search.clone()
        };
        calls.bench(
            c,
            &format!("{label}list: search 水管接 in {name}, first 50 + total"),
            || desk.list(clerk, &within, now).unwrap(),
        );
        calls.bench(
            c,
            &format!("{label}list: search 水管接 in {name}, first 50 as the window asks"),
            || desk.list_first(clerk, &within, now).unwrap(),
        );
    }

    calls.bench(
        c,
        &format!("{label}detail: form, timeline, deadlines, actions"),
        || desk.detail(clerk, id, now).unwrap(),
    );
    let october = complaint_core::stats::Period::month(2026, 10).unwrap();
    calls.bench(
        c,
        &format!("{label}one month's statistics (October 2026, generated)"),
        || desk.statistics(admin, october, now).unwrap(),
    );

    // Writing, beside the floor.
    let mut i = 0u64;
    calls.bench(
        c,
        &format!("{label}register one complaint (durable commit)"),
        || {
            i += 1;
            desk.register(clerk, &form(i), now).unwrap()
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = desk_at_scale
}
criterion_main!(benches);
