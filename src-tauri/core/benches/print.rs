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
        .sqlite()
        .unwrap()
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

    // A month's hand-over: the month with most complaints ready to archive, archived in one
    // step; its list is what is timed.
    let sup = users::by_username(desk.connection(), "zhuguan")
        .unwrap()
        .unwrap()
        .user;
    let (month, ready) = (0..25)
        .filter_map(|back| {
            let day = NaiveDate::from_ymd_opt(2026, 11, 1)?
                .checked_sub_months(chrono::Months::new(back))?;
            let month = day.format("%Y-%m").to_string();
            let ready = desk.handover_candidates(&sup, &month).ok()?;
            Some((month, ready))
        })
        .max_by_key(|(_, r)| r.len())
        .unwrap();
    let handover = desk
        .hand_over(
            &sup,
            &complaint_core::desk::HandoverInput {
                month: month.clone(),
                complaint_ids: ready.iter().map(|l| l.complaint_id).collect(),
                receiver: "品质部 王芳".into(),
            },
            now,
        )
        .unwrap();
    let list = desk
        .handover_job(&sup, handover.id, now)
        .unwrap()
        .render(font)
        .unwrap();
    println!(
        "hand-over {month}: {} complaints, {} pages, {} bytes",
        handover.lines.len(),
        list.pages,
        list.bytes.len()
    );
    let blank = desk.print_blank_form(&clerk, font, now).unwrap();
    println!(
        "blank form: {} bytes, {} pages",
        blank.bytes.len(),
        blank.pages
    );

    let mut group = c.benchmark_group("print");
    group.sample_size(20);
    group.bench_function("form (one complaint, in-process)", |b| {
        b.iter(|| desk.print_form(&clerk, id, font, now).unwrap())
    });
    group.bench_function("receipt (A5, in-process)", |b| {
        b.iter(|| desk.print_receipt(&clerk, id, font, now).unwrap())
    });
    group.bench_function(
        format!("hand-over list ({} complaints)", handover.lines.len()),
        |b| {
            b.iter(|| {
                let job = desk.handover_job(&sup, handover.id, now).unwrap();
                let printed = job.render(font).unwrap();
                desk.record_print(&sup, &job, &printed, now).unwrap();
            })
        },
    );
    // A busy month: 400 complaints handed over at once (laid out, without the database).
    let busy: Vec<pdf::HandoverLine> = (0..400)
        .map(|i| pdf::HandoverLine {
            complaint_id: i,
            case_no: format!("TS-202611{:02}-{:03}", i % 30 + 1, i / 30 + 1),
            received_at: now.with_timezone(&chrono_tz::Asia::Shanghai).fixed_offset(),
            resident: format!("住户{i} {}-{}-{}", i % 12 + 1, i % 3 + 1, 1000 + i),
            department: "工程维修部".into(),
            severity: Severity::Minor,
            result: "已更换水管接头，经住户确认不再渗漏。".into(),
            satisfaction: "满意".into(),
            pages: Some(2),
        })
        .collect();
    let at = now.with_timezone(&chrono_tz::Asia::Shanghai).fixed_offset();
    let big = pdf::handover_list(
        font,
        "阳光花园物业服务中心",
        ("2026-11", 1),
        &busy,
        ("周明", "王芳"),
        ("周明", at),
    )
    .unwrap();
    println!(
        "hand-over of 400: {} pages, {} bytes",
        big.pages,
        big.bytes.len()
    );
    group.bench_function("hand-over list (400 complaints, layout only)", |b| {
        b.iter(|| {
            pdf::handover_list(
                font,
                "阳光花园物业服务中心",
                ("2026-11", 1),
                &busy,
                ("周明", "王芳"),
                ("周明", at),
            )
            .unwrap()
        })
    });
    group.bench_function("blank form", |b| {
        b.iter(|| desk.print_blank_form(&clerk, font, now).unwrap())
    });
    group.bench_function(format!("register ({} rows)", rows.len()), |b| {
        b.iter(|| desk.print_register(&clerk, range, font, now).unwrap())
    });
    group.finish();
}

criterion_group!(benches, printing);
criterion_main!(benches);
