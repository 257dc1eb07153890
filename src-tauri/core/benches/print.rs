//! Printing speed: one 《住户投诉意见表》 in-process, and a 1,000-row 《投诉处置记录表》.
//! `cargo bench -p complaint-core --bench print`; figures go to BENCHMARKS.md.

use chrono::{NaiveDate, TimeZone, Utc};
use complaint_core::model::{ComplaintState, Role, Severity};
use complaint_core::storage::users;
use complaint_core::{pdf, Desk};
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;

fn font() -> &'static printpdf::ParsedFont {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../resources/fonts")
        .join(pdf::FONT_FILE);
    static FONT: std::sync::OnceLock<printpdf::ParsedFont> = std::sync::OnceLock::new();
    FONT.get_or_init(|| pdf::load_font(&path).expect("bundled font"))
}

fn printing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
    // 25 months of demo data: about 1,000 complaints, most of them through the whole procedure.
    complaint_core::seed::seed_demo(&mut desk, 25, now).unwrap();
    let clerk = users::by_username(desk.connection(), "jiedai")
        .unwrap()
        .unwrap()
        .user;
    assert_eq!(clerk.role, Role::Receptionist);
    let id: i64 = desk
        .connection()
        .query_row(
            "SELECT id FROM complaints WHERE state = ?1 AND severity = ?2 ORDER BY id LIMIT 1",
            [ComplaintState::Archived.code(), Severity::Important.code()],
            |r| r.get(0),
        )
        .unwrap();
    let font = font();
    let form = desk.print_form(&clerk, id, font, now).unwrap();
    println!("form: {} bytes, {} pages", form.bytes.len(), form.pages);
    let receipt = desk.print_receipt(&clerk, id, font, now).unwrap();
    println!(
        "receipt: {} bytes, {} pages",
        receipt.bytes.len(),
        receipt.pages
    );
    let range = (
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    );
    let rows = desk.register_rows(range.0, range.1, None).unwrap();
    let register = desk.print_register(&clerk, range, font, now).unwrap();
    println!(
        "register: {} rows, {} pages, {} bytes",
        rows.len(),
        register.pages,
        register.bytes.len()
    );

    let mut group = c.benchmark_group("print");
    group.sample_size(20);
    group.bench_function("form (one complaint, in-process)", |b| {
        b.iter(|| desk.print_form(&clerk, id, font, now).unwrap())
    });
    group.bench_function("receipt (A5, in-process)", |b| {
        b.iter(|| desk.print_receipt(&clerk, id, font, now).unwrap())
    });
    group.bench_function(format!("register ({} rows)", rows.len()), |b| {
        b.iter(|| desk.print_register(&clerk, range, font, now).unwrap())
    });
    group.finish();
}

criterion_group!(benches, printing);
criterion_main!(benches);
