//! The statistics of the hand-built month (`month.rs`): every figure against numbers
//! counted by hand from its table; the report PDF and the .xlsx files read back.

use super::month::{now, Month};
use super::pdf::{font, poppler, save, squeeze};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use complaint_core::args;
use complaint_core::deadline::DeadlineKind as K;
use complaint_core::model::{Exclusion, Role};
use complaint_core::roles::Action;
use complaint_core::stats::{outcome, Count, Outcome, Period, Rate, Scorecard, Statistics};
use complaint_core::storage::complaints::{ListQuery, SortKey};
use complaint_core::storage::db::Db;
use complaint_core::storage::stats as stats_sql;
use complaint_core::DeskError;
use std::sync::OnceLock;

fn december() -> Period {
    Period::month(2026, 12).unwrap()
}

/// Built once: 44 complaints through the desk take a while.
fn month() -> &'static std::sync::Mutex<Month> {
    static M: OnceLock<std::sync::Mutex<Month>> = OnceLock::new();
    M.get_or_init(|| std::sync::Mutex::new(Month::build()))
}

fn stats() -> Statistics {
    let m = month().lock().unwrap();
    let sup = m.f.user(Role::Supervisor);
    m.f.desk.statistics(&sup, december(), now()).unwrap()
}

fn counts(list: &[Count]) -> Vec<(&str, i64)> {
    list.iter().map(|c| (c.label.as_str(), c.count)).collect()
}

fn r(count: i64, of: i64) -> Rate {
    Rate::new(count, of)
}

#[test]
fn counts_by_every_key() {
    let s = stats();
    let c = &s.figures.counts;
    // 40 rows; rows 26–28 invalid; rows 38, 39 voided.
    assert_eq!((c.total, c.valid, c.invalid, c.voided), (40, 37, 3, 2));
    // J rows 32, 33; I rows 29–31; the other 35.
    assert_eq!(
        counts(&c.by_severity),
        [("重大", 2), ("重要", 3), ("轻微", 35)]
    );
    // Current department: rows 20, 21 were re-dispatched from 1 to 2.
    // 1: rows 1–4, 12–14, 17, 18, 22, 24, 26, 29, 32, 34, 37, 38 = 17;
    // 2: 5, 6, 15, 20, 21, 23, 30, 33, 35 = 9; 3: 7–9, 16, 19, 27, 31, 39, 40 = 9;
    // 4: 10, 11, 25, 28, 36 = 5.
    assert_eq!(
        counts(&c.by_department),
        [
            ("工程维修部", 17),
            ("秩序维护部", 9),
            ("环境绿化部", 9),
            ("客户服务部", 5),
            ("停车管理处", 0)
        ]
    );
    // 维修 = department 1's 17 rows; 安保 5, 6, 15, 20, 23, 30, 33; 保洁 7, 16, 19, 31, 39;
    // 绿化 8, 9, 40; 收费 25; 服务态度 10, 11, 36; 噪声 27; 停车 21, 35; 其他 28.
    assert_eq!(
        counts(&c.by_category),
        [
            ("维修", 17),
            ("安保", 7),
            ("保洁", 5),
            ("绿化", 3),
            ("收费", 1),
            ("服务态度", 3),
            ("噪声", 1),
            ("停车", 2),
            ("其他", 1)
        ]
    );
    // Visit: 1, 5, 10, 15, 18, 24, 29, 32, 33; letter: 8, 28; other: 12; phone: the rest.
    assert_eq!(
        counts(&c.by_channel),
        [("来访", 9), ("来电", 28), ("信函", 2), ("其他", 1)]
    );
    // Archived: A ×12 and the invalid rows (path A) ×3; called back: B 4, C 3, D 2,
    // E 2, F 1, G 1, I 3, J 2, N 1 = 19; in handling: K ×3; dispatched: L; voided: M ×2.
    assert_eq!(
        counts(&c.by_state),
        [
            ("已登记", 0),
            ("已派发", 1),
            ("处理中", 3),
            ("等待住户", 0),
            ("已处理", 0),
            ("待签批", 0),
            ("已签批", 0),
            ("已回复", 0),
            ("已回访", 19),
            ("已归档", 15),
            ("已作废", 2)
        ]
    );
}

#[test]
fn on_time_rates_and_breaches() {
    let s = stats();
    let got: Vec<(K, i64, i64, i64)> = s
        .figures
        .deadlines
        .iter()
        .map(|d| (d.kind, d.on_time, d.late, d.overdue))
        .collect();
    // 38 complaints not voided. Dispatch: every one once, D twice (first on time, the
    // re-dispatch late), B late: on time 38 − 4 B = 34, late 4 B + 2 D = 6.
    // Forward: I ×3 + J ×2. First reply: J ×2.
    // Handling: 34 handled complaints, C twice (two cycles) = 37 decided by handling:
    // B ×4 late; K ×3 overdue; L not yet due; on time 33.
    // Return, notify, callback: the same 37 clocks minus K: on time 33, B ×4 late.
    // Sign-off: I ×3 + J ×2.
    assert_eq!(
        got,
        [
            (K::Dispatch, 34, 6, 0),
            (K::Forward, 5, 0, 0),
            (K::FirstReply, 2, 0, 0),
            (K::Handling, 33, 4, 3),
            (K::Return, 33, 4, 0),
            (K::SignOff, 5, 0, 0),
            (K::Notify, 33, 4, 0),
            (K::Callback, 33, 4, 0),
        ]
    );
    assert_eq!(s.figures.deadlines[0].rate, r(34, 40));
    assert_eq!(s.figures.deadlines[3].rate, r(33, 40));
    // Case numbers: row k on day ((k − 1) mod 20) + 1, -001 for k ≤ 20, -002 after.
    // B rows 13–16: five late deadlines each; D rows 20 (day 20) and 21 (day 1 -002):
    // the re-dispatch; K rows 34–36 (days 14–16, -002): handling still open.
    let got: Vec<(&str, K, bool)> = s
        .figures
        .breaches
        .iter()
        .map(|b| (b.case_no.as_str(), b.kind, b.met_at.is_some()))
        .collect();
    let b = |day: u32| {
        let no: &'static str = Box::leak(format!("TS-202612{day:02}-001").into_boxed_str());
        [
            (no, K::Dispatch, true),
            (no, K::Handling, true),
            (no, K::Return, true),
            (no, K::Notify, true),
            (no, K::Callback, true),
        ]
    };
    let mut expected = vec![("TS-20261201-002", K::Dispatch, true)];
    expected.extend(b(13));
    expected.extend(b(14));
    expected.push(("TS-20261214-002", K::Handling, false));
    expected.extend(b(15));
    expected.push(("TS-20261215-002", K::Handling, false));
    expected.extend(b(16));
    expected.push(("TS-20261216-002", K::Handling, false));
    expected.push(("TS-20261220-001", K::Dispatch, true));
    assert_eq!(got, expected);
    // Row 21: registered 12-01 10:00, returned at 10:20 (due 10:30), re-dispatched 10:50.
    let d = &s.figures.breaches[0];
    assert_eq!(d.due_at.to_rfc3339(), "2026-12-01T10:30:00+08:00");
    assert_eq!(d.met_at.unwrap().to_rfc3339(), "2026-12-01T10:50:00+08:00");
    assert_eq!(d.department, "秩序维护部");
    // Row 34: registered 12-14 10:00, handling due two days later.
    let k = &s.figures.breaches[11];
    assert_eq!(k.due_at.to_rfc3339(), "2026-12-16T10:00:00+08:00");
}

type Line = (&'static str, i64, [Rate; 5], Option<f64>);

fn lines(list: &[Scorecard]) -> Vec<(String, i64, [Rate; 5], Option<f64>)> {
    list.iter()
        .map(|s| {
            (
                s.name.clone(),
                s.received,
                [
                    s.dispatched_on_time,
                    s.returned,
                    s.reopened,
                    s.handled_on_time,
                    s.satisfaction,
                ],
                s.average_handling_hours,
            )
        })
        .collect()
}

fn check_lines(got: &[Scorecard], expected: &[Line]) {
    let got = lines(got);
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(expected) {
        assert_eq!((g.0.as_str(), g.1, g.2), (e.0, e.1, e.2), "{}", e.0);
        match (g.3, e.3) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{}: {a} vs {b}", e.0),
            (a, b) => assert_eq!(a, b, "{}", e.0),
        }
    }
}

#[test]
fn department_and_employee_scorecards() {
    let s = stats();
    // Valid, not voided. Columns: dispatched on time (clocks), 回退 (of received),
    // reopened (of handled), handled on time (clocks), satisfied (of counted callbacks);
    // average hours from registration to the first handled.
    // 1: A 1–4, 12; B 13, 14; C 17, 18; E 22; F 24; I 29; J 32; K 34; L 37 = 15.
    //    Dispatch 15 clocks, B ×2 late. Handled 13 (not K, L); C ×2 reopened.
    //    Handling: 13 handled + C's second cycles 2 + K = 16, on time 16 − B 2 − K 1.
    //    Callbacks counted: A 5, B 2, C 4, I 1, J 1 = 13 (E unreachable, F excluded);
    //    not satisfied: C's first ×2. Hours: 24×5 + 49×2 + 24×2 + 24 + 24 + 48 + 120 = 482.
    // 2: A 5, 6; B 15; D 20, 21; E 23; I 30; J 33; K 35 = 9. Dispatch clocks 11 (D two
    //    each), late B + D ×2. 回退 D ×2. Handled 8. Handling 9 clocks, B late, K overdue.
    //    Counted: A 2, B 1, D 2, I 1, J 1 = 7, all satisfied.
    //    Hours: 48 + 49 + 48 + 24 + 48 + 120 = 337.
    // 3: A 7–9; B 16; C 19; I 31; N 40 = 7 (27 invalid, 39 voided). Handling 8 clocks.
    //    Counted: A 3, B 1, C 2, I 1, N 1 = 8, C's first not satisfied.
    //    Hours: 72 + 49 + 24 + 48 + 49 = 242.
    // 4: A 10, 11; G 25; K 36 = 4 (28 invalid). G excluded. Hours 24 × 3.
    check_lines(
        &s.figures.departments,
        &[
            (
                "工程维修部",
                15,
                [r(13, 15), r(0, 15), r(2, 13), r(13, 16), r(11, 13)],
                Some(482.0 / 13.0),
            ),
            (
                "秩序维护部",
                9,
                [r(8, 11), r(2, 9), r(0, 8), r(7, 9), r(7, 7)],
                Some(337.0 / 8.0),
            ),
            (
                "环境绿化部",
                7,
                [r(6, 7), r(0, 7), r(1, 7), r(7, 8), r(7, 8)],
                Some(242.0 / 7.0),
            ),
            (
                "客户服务部",
                4,
                [r(4, 4), r(0, 4), r(0, 3), r(3, 4), r(2, 2)],
                Some(24.0),
            ),
            ("停车管理处", 0, [r(0, 0); 5], None),
        ],
    );
    // Employees: the one who recorded the latest `handled`: each department's head
    // (D's rows by 秩序主管). Their complaints are the department's handled ones.
    check_lines(
        &s.figures.employees,
        &[
            (
                "部门主管",
                13,
                [r(11, 13), r(0, 13), r(2, 13), r(13, 15), r(11, 13)],
                Some(482.0 / 13.0),
            ),
            (
                "秩序主管",
                8,
                [r(7, 10), r(2, 8), r(0, 8), r(7, 8), r(7, 7)],
                Some(337.0 / 8.0),
            ),
            (
                "环境主管",
                7,
                [r(6, 7), r(0, 7), r(1, 7), r(7, 8), r(7, 8)],
                Some(242.0 / 7.0),
            ),
            (
                "客服主管",
                3,
                [r(3, 3), r(0, 3), r(0, 3), r(3, 3), r(2, 2)],
                Some(24.0),
            ),
        ],
    );
}

#[test]
fn satisfaction_and_coverage() {
    let s = stats();
    let sat = &s.figures.satisfaction;
    // Reached: A 12, invalid A 3, B 4, C 6 (two each), D 2, F, G, I 3, J 2, N = 35.
    // Unreachable: D 2, E 2. Excluded: F, G. Counted 33.
    assert_eq!((sat.reached, sat.unreachable, sat.excluded), (35, 4, 2));
    let aspects: Vec<(&str, i64, i64, i64, Rate)> = sat
        .aspects
        .iter()
        .map(|a| {
            (
                a.label.as_str(),
                a.satisfied,
                a.fair,
                a.dissatisfied,
                a.rate,
            )
        })
        .collect();
    // 态度: all 满意. 作风: 基本满意 for B ×4 and J ×2. 结果: 基本满意 B ×4; 不满意 C's
    // first ×3; 满意 the other 26.
    assert_eq!(
        aspects,
        [
            ("服务态度", 33, 0, 0, r(33, 33)),
            ("工作作风", 27, 6, 0, r(33, 33)),
            ("处理结果", 26, 4, 3, r(30, 33)),
        ]
    );
    assert_eq!(sat.overall, r(30, 33));
    // Handled: 38 not voided − K ×3 − L = 34; reached at least once: all but E ×2.
    assert_eq!(sat.coverage, r(32, 34));
    let excluded: Vec<(&str, &str, Exclusion, &str)> = sat
        .exclusions
        .iter()
        .map(|e| {
            (
                e.case_no.as_str(),
                e.department.as_str(),
                e.exclusion,
                e.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        excluded,
        [
            (
                "TS-20261204-002",
                "工程维修部",
                Exclusion::ForceMajeure,
                "台风导致材料延期到货"
            ),
            (
                "TS-20261205-002",
                "客户服务部",
                Exclusion::UnreasonableDemand,
                "要求免除全年物业费"
            ),
        ]
    );
}

#[test]
fn hot_spots() {
    let s = stats();
    let h = &s.figures.hot_spots;
    // Not voided (rows 38 维修/3-1-101, 39 保洁/8-2-205 left out); ties by display
    // order for categories, by text (UTF-8 order) for the rest.
    assert_eq!(
        counts(&h.categories),
        [
            ("维修", 16),
            ("安保", 7),
            ("保洁", 4),
            ("绿化", 3),
            ("服务态度", 3),
            ("停车", 2),
            ("收费", 1),
            ("噪声", 1),
            ("其他", 1)
        ]
    );
    assert_eq!(
        counts(&h.locations),
        [
            ("3号楼", 12),
            ("5号楼", 6),
            ("物业服务中心", 5),
            ("8号楼", 4),
            ("东门", 4),
            ("中心花园", 3),
            ("12号楼", 2),
            ("地下车库", 2)
        ]
    );
    assert_eq!(
        counts(&h.buildings),
        [("3", 12), ("12", 9), ("8", 9), ("5", 8)]
    );
    assert_eq!(
        counts(&h.repeat_rooms),
        [
            ("3-1-101", 5),
            ("12-2-602", 3),
            ("3-2-202", 3),
            ("5-1-301", 3),
            ("8-1-102", 3),
            ("12-1-501", 2),
            ("5-2-401", 2),
            ("8-1-103", 2),
            ("8-2-201", 2)
        ]
    );
}

#[test]
fn comparison_with_november() {
    let s = stats();
    let c = &s.comparison;
    assert_eq!(c.previous, Period::month(2026, 11).unwrap());
    let deltas = |list: &[complaint_core::stats::Change]| -> Vec<(String, i64, i64, i64)> {
        list.iter()
            .map(|c| (c.label.clone(), c.current, c.previous, c.delta))
            .collect()
    };
    let own = |v: &[(&str, i64, i64, i64)]| -> Vec<(String, i64, i64, i64)> {
        v.iter()
            .map(|(l, a, b, d)| (l.to_string(), *a, *b, *d))
            .collect()
    };
    // November: A 工程维修部 来电, A 秩序维护部 来访, B 工程维修部 来电, K 环境绿化部 来电.
    assert_eq!(
        deltas(&c.headline),
        own(&[
            ("投诉总数", 40, 4, 36),
            ("有效投诉", 37, 4, 33),
            ("无效投诉", 3, 0, 3),
            ("已作废", 2, 0, 2)
        ])
    );
    assert_eq!(
        deltas(&c.by_severity),
        own(&[("重大", 2, 0, 2), ("重要", 3, 0, 3), ("轻微", 35, 4, 31)])
    );
    assert_eq!(
        deltas(&c.by_department),
        own(&[
            ("工程维修部", 17, 2, 15),
            ("秩序维护部", 9, 1, 8),
            ("环境绿化部", 9, 1, 8),
            ("客户服务部", 5, 0, 5),
            ("停车管理处", 0, 0, 0)
        ])
    );
    assert_eq!(
        deltas(&c.by_channel),
        own(&[
            ("来访", 9, 1, 8),
            ("来电", 28, 3, 25),
            ("信函", 2, 0, 2),
            ("其他", 1, 0, 1)
        ])
    );
    // November dispatch: B late → 3 of 4 (75%); December 34 of 40 (85%).
    let dispatch = &c.rates[0];
    assert_eq!((dispatch.current, dispatch.previous), (r(34, 40), r(3, 4)));
    assert!((dispatch.points.unwrap() - 10.0).abs() < 1e-9);
    // November: three callbacks, all satisfied; three handled, all reached.
    let sat = c.rates.iter().find(|r| r.key == "satisfaction").unwrap();
    assert_eq!((sat.current, sat.previous), (r(30, 33), r(3, 3)));
    let cov = c.rates.iter().find(|r| r.key == "coverage").unwrap();
    assert_eq!((cov.current, cov.previous), (r(32, 34), r(3, 3)));
}

#[test]
fn trend_reminder_and_permissions() {
    let mut m = month().lock().unwrap();
    let [sup, mgr, clerk] =
        [Role::Supervisor, Role::Manager, Role::Receptionist].map(|r| m.f.user(r));
    let trend = m.f.desk.statistics_trend(&mgr, 3, now()).unwrap();
    let got: Vec<(String, [i64; 10])> = trend
        .iter()
        .map(|t| {
            (
                t.period.month_key(),
                [
                    t.received,
                    t.valid,
                    t.invalid,
                    t.voided,
                    t.major,
                    t.important,
                    t.minor,
                    t.returned,
                    t.reopened,
                    t.callbacks,
                ],
            )
        })
        .collect();
    // Callbacks by when they were made: November's first on 11-30; its second (12-01)
    // and third (12-05) in December with December's 35 reached + 4 unreachable.
    assert_eq!(
        got,
        [
            ("2026-11".to_owned(), [4, 4, 0, 0, 0, 0, 4, 0, 0, 1]),
            ("2026-12".to_owned(), [40, 37, 3, 2, 2, 3, 35, 2, 3, 41]),
            ("2027-01".to_owned(), [0; 10]),
        ]
    );
    let refused = m.f.desk.statistics(&clerk, december(), now()).unwrap_err();
    assert!(matches!(
        refused,
        DeskError::NotPermitted {
            action: Action::Statistics,
            role: Role::Receptionist
        }
    ));
    let refused =
        m.f.desk
            .save_report_text(&mgr, "2026-12", "x", now())
            .unwrap_err();
    assert!(matches!(
        refused,
        DeskError::NotPermitted {
            action: Action::WriteReport,
            ..
        }
    ));
    assert!(matches!(
        m.f.desk.report_text(&sup, "2026-13"),
        Err(DeskError::Invalid(_))
    ));
    let dec26 = super::fixture::sh(2026, 12, 26, 9, 0, 0);
    // November's report (the desk was set up on the 28th) was never submitted: it stays
    // due, overdue, until it is — December waits behind it.
    let overdue = m.f.desk.report_reminder(&sup, dec26).unwrap().unwrap();
    assert_eq!(
        (overdue.month.as_str(), overdue.days_left),
        ("2026-11", -26)
    );
    m.f.desk
        .mark_report_submitted(&sup, "2026-11", dec26)
        .unwrap();
    let reminder = m.f.desk.report_reminder(&sup, dec26).unwrap().unwrap();
    assert_eq!(
        (
            reminder.month.as_str(),
            reminder.due_on.to_string(),
            reminder.days_left
        ),
        ("2026-12", "2026-12-30".to_owned(), 4)
    );
    let saved =
        m.f.desk
            .save_report_text(&sup, "2026-12", "3号楼维修响应偏慢，下月重点整改。", dec26)
            .unwrap();
    assert_eq!(saved.analysis, "3号楼维修响应偏慢，下月重点整改。");
    assert_eq!(saved.submitted_at, None);
    let submitted =
        m.f.desk
            .mark_report_submitted(&sup, "2026-12", dec26)
            .unwrap();
    assert_eq!(submitted.submitted_by.as_deref(), Some("公共事务部主管"));
    assert_eq!(m.f.desk.report_reminder(&sup, dec26).unwrap(), None);
    let audited: i64 =
        m.f.sql()
            .scalar(
                "SELECT count(*) FROM audit_log WHERE action = 'report.submit'",
                args![],
            )
            .unwrap();
    assert_eq!(audited, 2);
    assert_eq!(m.f.desk.verify_audit().unwrap().first_broken, None);
}

/// The public-affairs appraisal of December, counted from the paths (`month.rs`): the
/// receptionist registered the 40 rows and dispatched 40 times (rows 20, 21 twice; 38, 39
/// never), late for B (4) and D's re-dispatch (2); logged 38 returns and made 38
/// notifications — December's 37 (B's 4 late) and November's B row on 12-02 (late). The
/// supervisor forwarded the 5 important and major ones on time and called back 41 times:
/// December's 39 (37 meeting a deadline, B's 4 late) and November's A (on time) and B
/// (late) rows, each entered by the supervisor (arranged). The heads only handled.
#[test]
fn public_affairs_appraisal_by_hand() {
    let s = stats();
    let m = month().lock().unwrap();
    let [clerk, sup] = [Role::Receptionist, Role::Supervisor].map(|r| m.f.user(r));
    let lines: Vec<_> = s.figures.duties.iter().map(|d| d.name.clone()).collect();
    assert_eq!(
        lines,
        [clerk.display_name.clone(), sup.display_name.clone()]
    );
    let c = &s.figures.duties[0];
    assert_eq!(
        (c.registered, c.dispatched, c.returns_logged, c.notified),
        (40, 40, 38, 38)
    );
    assert_eq!(c.dispatched_on_time, r(34, 40));
    assert_eq!(c.returns_same_day, r(33, 38));
    assert_eq!(c.notified_same_day, r(33, 38));
    assert_eq!((c.forwarded, c.called_back, c.arranged), (0, 0, 0));
    let v = &s.figures.duties[1];
    assert_eq!((v.registered, v.dispatched, v.forwarded), (0, 0, 5));
    assert_eq!(v.forwarded_on_time, r(5, 5));
    assert_eq!((v.called_back, v.arranged), (41, 41));
    assert_eq!(v.called_back_on_time, r(34, 39));
    assert_eq!(v.arranged_on_time, r(34, 39));
}

/// 被投诉人 (valid, not voided): 维修工老李 typed on rows 1, 2 (minor) and 29 (important)
/// — rows 26 (invalid) and 38 (voided) left out — and the patrol's account on row 32
/// (major).
#[test]
fn people_complained_about_by_hand() {
    let s = stats();
    let got: Vec<_> = s
        .figures
        .accused
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.has_account,
                a.total,
                a.major,
                a.important,
                a.minor,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("维修工老李", false, 3, 0, 1, 2),
            ("巡楼组", true, 1, 1, 0, 0)
        ]
    );
}

/// Each figure against its target: the defaults (95 % / 90 % on time, 85 % / 80 %
/// satisfaction), then targets the administrator saved.
#[test]
fn figures_against_their_targets() {
    use complaint_core::stats::{Target, Targets, Verdict};
    let s = stats();
    let verdict = |s: &Statistics, key: &str| {
        s.checks
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.verdict)
            .unwrap()
    };
    // Dispatch 85.0 % (34/40): below the 90 % line; forward 5/5: met; satisfaction
    // 90.9 %: met; handling 33/40 = 82.5 %: failing.
    assert_eq!(verdict(&s, "dispatch"), Verdict::Failing);
    assert_eq!(verdict(&s, "forward"), Verdict::Met);
    assert_eq!(verdict(&s, "handling"), Verdict::Failing);
    assert_eq!(verdict(&s, "satisfaction"), Verdict::Met);
    // No department is under 80 %: 秩序维护部 77.8 %? Its satisfaction is 7/7.
    let failing: Vec<_> = s.failing.iter().map(|d| d.name.as_str()).collect();
    let m = month().lock().unwrap();
    let [admin, sup] = [Role::Admin, Role::Supervisor].map(|r| m.f.user(r));
    let mut targets = Targets::default();
    targets.on_time[0].target = Target {
        target: 85.0,
        line: 80.0,
    };
    targets.satisfaction = Target {
        target: 95.0,
        line: 92.0,
    };
    drop(m);
    let mut m = month().lock().unwrap();
    // Only the administrator saves them; a line above its target is refused.
    assert!(m.f.desk.save_targets(&sup, &targets, now()).is_err());
    let mut wrong = targets.clone();
    wrong.satisfaction.line = 99.0;
    let refused = m.f.desk.save_targets(&admin, &wrong, now()).unwrap_err();
    assert!(refused.to_string().contains("满意率目标"), "{refused}");
    m.f.desk.save_targets(&admin, &targets, now()).unwrap();
    let saved = m.f.desk.statistics(&sup, december(), now()).unwrap();
    assert_eq!(m.f.desk.targets(&sup).unwrap(), targets);
    // Put back for the other tests of the month.
    m.f.desk
        .save_targets(&admin, &Targets::default(), now())
        .unwrap();
    drop(m);
    assert_eq!(verdict(&saved, "dispatch"), Verdict::Met);
    // 90.9 %: below 95, under the 92 % line.
    assert_eq!(verdict(&saved, "satisfaction"), Verdict::Failing);
    let now_failing: Vec<_> = saved.failing.iter().map(|d| d.name.as_str()).collect();
    assert!(now_failing.len() > failing.len(), "{now_failing:?}");
}

#[test]
fn report_pdf_holds_the_tables() {
    let mut m = month().lock().unwrap();
    let sup = m.f.user(Role::Supervisor);
    m.f.desk
        .save_report_text(&sup, "2026-12", "3号楼维修响应偏慢，下月重点整改。", now())
        .unwrap();
    let printed =
        m.f.desk
            .print_report(&sup, "2026-12", font(), now())
            .unwrap();
    assert!(printed.missing.is_empty(), "{:?}", printed.missing);
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "monthly-report.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-layout"], &path));
    for needle in [
        "《月度投诉统计分析》",
        "阳光花园物业服务中心2026年12月",
        // 项目 本期 上期 环比
        "投诉总数404↑36",
        "工程维修部172↑15",
        // 时限 按时 超时完成 逾期未完成 按时率
        "派发346085.0%",
        "处理334382.5%",
        // The scorecard of 秩序维护部: 8/11, 2/9, 0/8, 7/9, 7/7, 337/8 h.
        "秩序维护部972.7%22.2%0.0%77.8%100.0%42.1",
        "TS-20261214-002",
        "未完成",
        "台风导致材料延期到货",
        "综合满意率90.9%（30/33）",
        "回访率94.1%（32/34）",
        "3-1-1015",
        "公共事务部主管",
        "管理处主管经理",
        "3号楼维修响应偏慢，下月重点整改。",
        // Against the targets: dispatch 85.0 % under the 90 % line.
        "考核目标对照",
        "派发按时率85.0%（34/40）95%90%不合格",
        "转呈按时率100.0%（5/5）95%90%达标",
        "满意率低于不合格线80%的部门：无",
        // 被投诉人 and the appraisal.
        "维修工老李3012",
        "公共事务人员",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    book.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn statistics_workbook_matches() {
    let mut m = month().lock().unwrap();
    let sup = m.f.user(Role::Supervisor);
    let bytes = m.f.desk.export_statistics(&sup, december(), now()).unwrap();
    let book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "概况",
            "目标对照",
            "按等级",
            "按部门",
            "按类别",
            "按受理方式",
            "按状态",
            "时限",
            "超时清单",
            "部门考核",
            "员工考核",
            "被投诉人",
            "公共事务考核",
            "满意度",
            "剔除回访",
            "热点类别",
            "热点地点",
            "热点楼栋",
            "重复投诉房号"
        ]
    );
    let depts = sheet(&bytes, "按部门");
    let rows: Vec<Vec<String>> = depts.iter().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0], ["项目", "本期", "上期", "增减"]);
    assert_eq!(rows[1], ["工程维修部", "17", "2", "15"]);
    assert_eq!(rows[5], ["停车管理处", "0", "0", "0"]);
    let score = sheet(&bytes, "部门考核");
    let row = &score[2];
    assert_eq!(text(&row[0]), "秩序维护部");
    let expected = [9.0, 8.0 / 11.0, 2.0 / 9.0, 0.0, 7.0 / 9.0, 1.0, 337.0 / 8.0];
    for (cell, want) in row[1..].iter().zip(expected) {
        let Data::Float(got) = cell else {
            panic!("{cell:?}")
        };
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    // 停车管理处: no complaints, every share blank.
    assert!(score[5][2..7].iter().all(|c| *c == Data::Empty));
    let deadlines = sheet(&bytes, "时限");
    let rows: Vec<Vec<String>> = deadlines
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(rows[1][..4], ["派发", "34", "6", "0"]);
    assert_eq!(sheet(&bytes, "超时清单").len(), 1 + 25);
    // Dispatch 85.0 % against 95 / 90: red; forward 5/5: green.
    let checks = sheet(&bytes, "目标对照");
    assert_eq!(text(&checks[1][0]), "派发按时率");
    assert_eq!(text(&checks[1][4]), "不合格");
    assert_eq!(text(&checks[2][4]), "达标");
    let accused = sheet(&bytes, "被投诉人");
    assert_eq!(text(&accused[1][0]), "维修工老李");
    assert_eq!(text(&accused[1][1]), "3");
    let duties = sheet(&bytes, "公共事务考核");
    assert_eq!(text(&duties[1][2]), "40");
    assert_eq!(duties[1][4], Data::Float(34.0 / 40.0));
    let excluded = sheet(&bytes, "剔除回访");
    assert_eq!(text(&excluded[2][2]), "要求不合理");
    let rooms = sheet(&bytes, "重复投诉房号");
    assert_eq!(
        (text(&rooms[1][0]), text(&rooms[1][1])),
        ("3-1-101".into(), "5".into())
    );
}

#[test]
fn complaint_list_workbook_matches() {
    let mut m = month().lock().unwrap();
    // Exporting is the supervisor's (and quality's, managers', the administrator's).
    let clerk = m.f.user(Role::Supervisor);
    let q = ListQuery {
        from: Some("2026-12-01".into()),
        to: Some("2026-12-31".into()),
        sort: SortKey::CaseNo,
        desc: false,
        page_size: 10,
        ..ListQuery::default()
    };
    let bytes = m.f.desk.export_complaints(&clerk, &q, now()).unwrap();
    let rows: Vec<Vec<String>> = sheet(&bytes, "投诉清单")
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    // Every match, not one page: the 40 of December and the header.
    assert_eq!(rows.len(), 41);
    assert_eq!(rows[0][..4], ["投诉编号", "受理时间", "受理方式", "接待员"]);
    assert_eq!(rows[0].len(), 25);
    // Row 1 of the month: 12-01 09:00, 来访, 3-1-101, 工程维修部, 维修, archived.
    let first = &rows[1];
    assert_eq!(
        [
            &first[0], &first[1], &first[2], &first[3], &first[5], &first[10], &first[15],
            &first[16], &first[17], &first[21]
        ],
        [
            "TS-20261201-001",
            "2026-12-01 09:00",
            "来访",
            "接待员",
            "3-1-101",
            "工程维修部",
            "维修",
            "轻微",
            "是",
            "已归档"
        ]
    );
    // Row 28 (day 8, second): invalid, with its reason.
    let invalid = rows.iter().find(|r| r[0] == "TS-20261208-002").unwrap();
    assert_eq!(
        (invalid[17].as_str(), invalid[18].as_str()),
        ("否", "属市政供水问题，非物业服务范围")
    );
}

/// A stored outcome with a paused clock, as of a fixed later instant: the same outcome
/// may be stored as of any instant of the pause.
fn settled(mut o: Outcome) -> Outcome {
    let later = now() + chrono::Duration::days(365);
    for m in &mut o.misses {
        if m.paused_at.is_some() {
            (m.due_at, m.paused_at) = (m.due_at(later), Some(later));
        }
    }
    o
}

/// What the desk stored with each event is what a replay of the whole history gives.
#[test]
fn stored_outcomes_equal_a_replay_of_each_history() {
    let mut m = month().lock().unwrap();
    let ids: Vec<i64> =
        m.f.sql()
            .all("SELECT id FROM complaints ORDER BY id", args![], |r| {
                r.get(0)
            })
            .unwrap();
    assert_eq!(ids.len(), 44);
    for id in ids {
        let (c, events, policy) = m.f.desk.case(id).unwrap();
        let at = events.last().unwrap().at.max(c.received_at);
        let stored = stats_sql::stored_outcome(m.f.sql(), id)
            .unwrap()
            .unwrap_or_else(|| panic!("{} has no stored outcome", c.case_no));
        assert_eq!(
            settled(stored),
            settled(outcome(&c, &events, &policy, at)),
            "{}",
            c.case_no
        );
    }
}

/// A file from before the outcomes were kept (schema version 5) gets them on its first
/// open, and its statistics come out as the desk's own.
#[test]
fn a_file_from_before_the_outcomes_is_filled_on_open() {
    crate::file_only!();
    let expected = stats();
    let copy = tempfile::tempdir().unwrap();
    let path = copy.path().join("complaintdesk.db");
    {
        let m = month().lock().unwrap();
        m.f.file()
            .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
            .unwrap();
    }
    {
        // As version 5 left it: no outcomes, and the upgrade's flag set.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DELETE FROM complaint_outcomes; DELETE FROM deadline_outcomes;
             INSERT INTO outcomes_pending (pending) VALUES (1);",
        )
        .unwrap();
    }
    let desk = complaint_core::Desk::open(&path).unwrap();
    let conn = desk.connection().sqlite().unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("complaint_outcomes"), 44);
    assert!(count("deadline_outcomes") > 0);
    assert!(!stats_sql::outcomes_pending(conn).unwrap());
    let sup = month().lock().unwrap().f.user(Role::Supervisor);
    assert_eq!(desk.statistics(&sup, december(), now()).unwrap(), expected);
}

/// A table longer than a page (here 150 breaches) repeats its header row at the top of
/// every page it goes on to.
#[test]
fn report_pdf_repeats_a_long_tables_header() {
    let mut s = stats();
    let first = s.figures.breaches[0].clone();
    s.figures.breaches = (1..=150)
        .map(|n| complaint_core::stats::Breach {
            case_no: format!("TS-20261201-{n:03}"),
            ..first.clone()
        })
        .collect();
    let printed = complaint_core::pdf::monthly_report(
        font(),
        "阳光花园物业服务中心",
        &s,
        "",
        ("周明", now().fixed_offset()),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "long-report.pdf", &printed);
    let mut pages_with_breaches = 0;
    for page in 1..=printed.pages {
        let n = page.to_string();
        let text = squeeze(&poppler(
            "pdftotext",
            &["-layout", "-f", &n, "-l", &n],
            &path,
        ));
        if !text.contains("TS-20261201-") {
            continue;
        }
        pages_with_breaches += 1;
        let head = text.find("超时投诉编号被投诉部门时限应完成完成");
        let row = text.find("TS-20261201-").unwrap();
        assert!(
            head.is_some_and(|h| h < row),
            "page {page} lists breaches without the header row above them:\n{text}"
        );
    }
    assert!(pages_with_breaches >= 3, "{pages_with_breaches} pages");
}

/// The public-affairs duties are credited to whoever did them: a callback the patrol made
/// and the receptionist typed in counts for the patrol, one made by a volunteer without
/// an account counts under the typed name, each in the month it was done.
#[test]
fn duties_are_credited_to_who_did_them_when_they_did_them() {
    use complaint_core::model::{CallbackMethod, NotifyMethod, Severity, User};
    use complaint_core::workflow::*;
    let mut f = super::fixture::Fixture::new();
    let [clerk, head, patrol, sup] = [
        Role::Receptionist,
        Role::DepartmentHead,
        Role::Patrol,
        Role::Supervisor,
    ]
    .map(|r| f.user(r));
    let t = super::fixture::t0(); // 2026-11-28
    let callback = |done: DoneFor| {
        Step::Callback(CallbackInput {
            reached: false,
            method: CallbackMethod::Visit,
            attitude: None,
            conduct: None,
            result: None,
            remarks: String::new(),
            exclusion: None,
            exclusion_reason: None,
            done,
        })
    };
    let id = f
        .desk
        .register(&clerk, &super::fixture::form(Severity::Minor), t)
        .unwrap()
        .id;
    let steps: Vec<(&User, Step)> = vec![
        (
            &clerk,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            }),
        ),
        (
            &head,
            Step::MarkHandled(HandledInput {
                result: "已修好".into(),
            }),
        ),
        (&clerk, Step::LogFormReturn),
        (
            &clerk,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::InPerson,
                response: "住户认可".into(),
                done: DoneFor {
                    user_id: Some(patrol.id),
                    ..DoneFor::default()
                },
            }),
        ),
        // Done on 11-29 by the patrol, typed in on 12-01.
        (
            &clerk,
            callback(DoneFor {
                user_id: Some(patrol.id),
                name: None,
                at: Some("2026-11-29 19:00".into()),
            }),
        ),
        // Done by a volunteer without an account, on 12-01.
        (
            &clerk,
            callback(DoneFor {
                user_id: None,
                name: Some("楼长 王阿姨".into()),
                at: None,
            }),
        ),
    ];
    let entered = super::fixture::sh(2026, 12, 1, 9, 0, 0);
    for (i, (who, step)) in steps.into_iter().enumerate() {
        let at = if i < 4 { t } else { entered };
        f.desk.step(who, id, step, at).unwrap();
    }
    let duties = |month: u32| {
        let period = Period::month(2026, month).unwrap();
        f.desk
            .statistics(&sup, period, entered)
            .unwrap()
            .figures
            .duties
            .into_iter()
            .map(|l| {
                (
                    l.name,
                    l.has_account,
                    l.dispatched,
                    l.notified,
                    l.called_back,
                )
            })
            .collect::<Vec<_>>()
    };
    // The receptionist registered, dispatched and logged the return: three duties.
    assert_eq!(
        duties(11),
        [
            (clerk.display_name.clone(), true, 1, 0, 0),
            (patrol.display_name.clone(), true, 0, 1, 1),
        ]
    );
    // The receptionist typed both callbacks in: arranged, not made — each counted in the
    // month it was done (the patrol's on 11-29, the volunteer's on 12-01).
    assert_eq!(
        duties(12),
        [
            ("楼长 王阿姨".to_owned(), false, 0, 0, 1),
            (clerk.display_name.clone(), true, 0, 0, 0),
        ]
    );
    let december = f
        .desk
        .statistics(&sup, Period::month(2026, 12).unwrap(), entered)
        .unwrap();
    assert_eq!(december.figures.duties[1].arranged, 1);
}

/// The per-day duty counts (migration 021), kept by triggers as every event rewrites a
/// complaint's credits, equal a count of the credits themselves, day by day.
#[test]
fn the_per_day_duty_counts_equal_the_credits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complaintdesk.db");
    let mut desk = complaint_core::Desk::open(&path).unwrap();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 28, 2, 0, 0).unwrap();
    complaint_core::seed::seed_many(&mut desk, 2_000, now).unwrap();
    let conn: &dyn Db = desk.connection();
    let rows = |sql: &str| -> Vec<(i64, String, i64, String, i64, i64, i64)> {
        conn.all(sql, args![], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
    };
    let kept = rows(
        "SELECT day, duty, user_id, name, done, on_time, decided FROM credit_days
         WHERE done > 0 ORDER BY 1, 2, 3, 4",
    );
    let counted = rows(
        "SELECT day, duty, coalesce(user_id, -1), coalesce(name, ''), count(*),
            count(CASE WHEN on_time = 1 THEN 1 END), count(on_time)
         FROM complaint_credits GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    );
    assert!(counted.len() > 100, "{}", counted.len());
    assert_eq!(kept, counted);
    // Nothing credited without its day.
    let undated: i64 = conn
        .scalar(
            "SELECT count(*) FROM complaint_credits WHERE day IS NULL",
            args![],
        )
        .unwrap();
    assert_eq!(undated, 0);
}
