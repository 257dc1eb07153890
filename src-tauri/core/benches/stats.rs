//! Statistics speed (issue 5, item 7): every figure of one month over 1,000,000
//! complaints (about 10,000 a month), and a 12-month trend.
//! `cargo bench -p complaint-core --bench stats`; figures go to BENCHMARKS.md.
//! The database is generated once under the target folder and reused
//! (COMPLAINTDESK_BENCH_COMPLAINTS changes its size; COMPLAINTDESK_BENCH_POLICY=working
//! counts every complaint under a policy with every deadline but the promised reply in
//! working time, in a file of its own).

use chrono::{TimeZone, Utc};
use complaint_core::desk::{NewUser, SetupInput};
use complaint_core::model::Role;
use complaint_core::pdf;
use complaint_core::stats::Period;
use complaint_core::storage::{self, bulk};
use complaint_core::Desk;
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use std::time::Instant;

const PASSWORD: &str = "Bench@12345";

/// The bundled font (parsed once per process).
fn font() -> &'static printpdf::ParsedFont {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../resources/fonts")
        .join(pdf::FONT_FILE);
    static FONT: std::sync::OnceLock<printpdf::ParsedFont> = std::sync::OnceLock::new();
    FONT.get_or_init(|| pdf::load_font(&path).expect("bundled font"))
}

fn database(n: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let working = working_policy();
    let suffix = if working.is_some() { "-working" } else { "" };
    let path = target.join(format!("stats-bench-{n}{suffix}.db"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let started = Instant::now();
    // 100 months of 30.4 days end on 2026-12-31: 10,000 a month at 1,000,000.
    let end = Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).unwrap();
    let start = end - chrono::Duration::days(3040);
    let mut desk = Desk::open(&partial).unwrap();
    let admin = desk
        .setup(
            &SetupInput {
                center_name: "阳光花园物业服务中心".into(),
                admin_username: "admin".into(),
                admin_display_name: "管理员".into(),
                admin_password: PASSWORD.into(),
            },
            start,
        )
        .unwrap();
    let mut user = |name: &str, role, department_id| {
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
            start,
        )
        .unwrap()
        .id
    };
    let clerk = user("jiedai", Role::Receptionist, None);
    let heads = [1, 2, 3, 4, 5].map(|d| user(&format!("head{d}"), Role::DepartmentHead, Some(d)));
    drop(desk);
    let mut conn = storage::open(&partial).unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    bulk::generate(&mut conn, n, (start, end), clerk, heads).unwrap();
    if let Some(policy) = &working {
        // In force for every generated complaint: the first open fills their outcomes
        // under it.
        let version = storage::reference::insert_policy(&conn, policy, admin.id, start).unwrap();
        bulk::count_under(&conn, 1, version).unwrap();
    }
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
    conn.execute_batch("ANALYZE").unwrap();
    drop(conn);
    std::fs::rename(&partial, &path).unwrap();
    let _ = std::fs::remove_file(partial.with_extension("partial-wal"));
    let _ = std::fs::remove_file(partial.with_extension("partial-shm"));
    println!(
        "generated {n} complaints in {:.0?} at {}",
        started.elapsed(),
        path.display()
    );
    path
}

fn working_policy() -> Option<complaint_core::deadline::DeadlinePolicy> {
    (std::env::var("COMPLAINTDESK_BENCH_POLICY").as_deref() == Ok("working"))
        .then(complaint_core::seed::working_time_policy)
}

fn statistics(c: &mut Criterion) {
    let n: u64 = std::env::var("COMPLAINTDESK_BENCH_COMPLAINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = database(n);
    let opened = Instant::now();
    // The first open of a freshly generated file fills every complaint's outcome.
    let mut desk = Desk::open(&path).unwrap();
    println!("opened in {:.1?}", opened.elapsed());
    let admin = storage::users::by_username(desk.connection(), "admin")
        .unwrap()
        .unwrap()
        .user;
    let now = Utc.with_ymd_and_hms(2027, 1, 15, 2, 0, 0).unwrap();
    let december = Period::month(2026, 12).unwrap();
    let total: i64 = desk
        .connection()
        .sqlite()
        .unwrap()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    let s = desk.statistics(&admin, december, now).unwrap();
    println!(
        "{total} complaints; December: {} received, {} breaches, {} employees; November: {}",
        s.figures.counts.total,
        s.figures.breaches.len(),
        s.figures.employees.len(),
        s.comparison.headline[0].previous
    );
    let mut group = c.benchmark_group("statistics");
    group.sample_size(20);
    group.bench_function("one month, every figure and the comparison", |b| {
        b.iter(|| desk.statistics(&admin, december, now).unwrap())
    });
    group.bench_function("12-month trend", |b| {
        b.iter(|| desk.statistics_trend(&admin, 12, now).unwrap())
    });
    group.bench_function("statistics workbook (.xlsx)", |b| {
        b.iter(|| desk.export_statistics(&admin, december, now).unwrap())
    });
    let font = font();
    let report = desk.print_report(&admin, "2026-12", font, now).unwrap();
    println!(
        "monthly report: {} pages, {} bytes",
        report.pages,
        report.bytes.len()
    );
    group.bench_function("monthly report PDF", |b| {
        b.iter(|| desk.print_report(&admin, "2026-12", font, now).unwrap())
    });
    group.finish();
}

criterion_group!(benches, statistics);
criterion_main!(benches);
