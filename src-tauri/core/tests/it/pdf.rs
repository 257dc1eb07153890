//! Printed records read back with poppler: pdftotext, pdffonts, pdfinfo.

use super::fixture::{form, t0, Fixture};
use chrono::{Duration, NaiveDate};
use complaint_core::args;
use complaint_core::model::{CallbackMethod, NotifyMethod, Role, Satisfaction, Severity, User};
use complaint_core::pdf::{self, Printed};
use complaint_core::workflow::*;
use printpdf::ParsedFont;
use std::path::PathBuf;
use std::process::Command;

pub fn font() -> &'static ParsedFont {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../resources/fonts")
        .join(pdf::FONT_FILE);
    static FONT: std::sync::OnceLock<printpdf::ParsedFont> = std::sync::OnceLock::new();
    FONT.get_or_init(|| pdf::load_font(&path).unwrap())
}

pub fn save(dir: &std::path::Path, name: &str, p: &Printed) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, &p.bytes).unwrap();
    // COMPLAINTDESK_KEEP_PDF=DIR keeps a copy to look at.
    if let Some(keep) = std::env::var_os("COMPLAINTDESK_KEEP_PDF") {
        std::fs::write(PathBuf::from(keep).join(name), &p.bytes).unwrap();
    }
    path
}

pub fn poppler(tool: &str, args: &[&str], path: &std::path::Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e} (poppler-utils is installed by make test)"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text with every kind of white space removed: wrapped lines join up again.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pages(path: &std::path::Path) -> usize {
    poppler("pdfinfo", &[], path)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap()
}

/// An important complaint taken through the whole procedure.
fn full_case(f: &mut Fixture) -> (i64, User) {
    let [clerk, sup, head, mgr, patrol] = [
        Role::Receptionist,
        Role::Supervisor,
        Role::DepartmentHead,
        Role::Manager,
        Role::Patrol,
    ]
    .map(|r| f.user(r));
    let mut input = form(Severity::Important);
    input.accused_person = Some("维修工老李".into());
    input.resident_deadline = Some("2026-11-30 18:00".into());
    let id = f.desk.register(&clerk, &input, t0()).unwrap().id;
    let mut t = t0();
    let mut go = |f: &mut Fixture, who: &User, step: Step| {
        t += Duration::minutes(20);
        f.desk.step(who, id, step, t).unwrap();
    };
    go(
        f,
        &clerk,
        Step::Dispatch(DispatchInput {
            department_id: None,
            recipient: "吴涛".into(),
        }),
    );
    go(
        f,
        &sup,
        Step::Forward(ForwardInput {
            to_name: Some("郑国强".into()),
        }),
    );
    go(
        f,
        &head,
        Step::AddHandlingNote(NoteInput {
            note: "已派维修工到现场关闭总阀".into(),
        }),
    );
    go(
        f,
        &head,
        Step::MarkHandled(HandledInput {
            result: "更换厨房水管接头并试压合格".into(),
        }),
    );
    go(f, &clerk, Step::LogFormReturn);
    go(
        f,
        &head,
        Step::RecordCorrective(CorrectiveInput {
            cause: "水管接头老化".into(),
            corrective_action: "更换同批次接头".into(),
            preventive_action: "纳入季度巡检".into(),
            verified_by: "周明".into(),
            verified_on: Some("2026-11-28".into()),
        }),
    );
    go(
        f,
        &mgr,
        Step::SignOff(SignOffInput {
            approved: true,
            comment: "同意，跟进楼下损失".into(),
        }),
    );
    go(
        f,
        &clerk,
        Step::NotifyResident(NotifyInput {
            method: NotifyMethod::Phone,
            response: "住户表示认可".into(),
            done: Default::default(),
        }),
    );
    go(
        f,
        &patrol,
        Step::Callback(CallbackInput {
            reached: true,
            method: CallbackMethod::Visit,
            attitude: Some(Satisfaction::Satisfied),
            conduct: Some(Satisfaction::Fair),
            result: Some(Satisfaction::Satisfied),
            remarks: "住户赞扬维修及时".into(),
            exclusion: None,
            exclusion_reason: None,
            done: Default::default(),
        }),
    );
    (id, clerk)
}

#[test]
fn the_form_carries_every_recorded_fact_with_the_font_embedded_and_subset() {
    let mut f = Fixture::new();
    let (id, clerk) = full_case(&mut f);
    let printed = f
        .desk
        .print_form(&clerk, id, font(), t0() + Duration::hours(5))
        .unwrap();
    assert!(printed.missing.is_empty());
    assert!(
        printed.bytes.len() < 100 * 1024,
        "a form is {} bytes",
        printed.bytes.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "form.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for value in [
        "《住户投诉意见表》",
        "阳光花园物业服务中心",
        "TS-20261128-001",
        "2026-11-2810:00",
        "来访",
        "张三",
        "3-2-1201",
        "13800138000",
        "2026-11-2808:30",
        "3号楼2单元",
        "工程维修部",
        "维修工老李",
        "厨房水管漏水，楼下天花板渗水。",
        "尽快维修",
        "2026-11-3018:00",
        "维修",
        "重要",
        "接待员",
        "派发至工程维修部，领表人：吴涛",
        "转呈管理处主管经理郑国强",
        "已派维修工到现场关闭总阀",
        "更换厨房水管接头并试压合格",
        "意见表已返回",
        "【同意】同意，跟进楼下损失",
        "管理处主管经理",
        "水管接头老化",
        "更换同批次接头",
        "纳入季度巡检",
        "周明",
        "住户表示认可",
        "住户赞扬维修及时",
        "服务态度",
        "工作作风",
        "基本满意",
        "领表人签字",
        "部门主管签字",
        "主管经理/总经理签字",
        "住户意见及签字",
        "办理期限",
        "计时规则",
        "登记后 10 分钟内（按自然时间计）",
        "登记后 3 天内（按自然日计）",
        "按时完成",
        "第1页共",
    ] {
        assert!(
            text.contains(&squeeze(value)),
            "the form lacks {value:?}:\n{text}"
        );
    }
    let fonts = poppler("pdffonts", &[], &path);
    let line = fonts
        .lines()
        .find(|l| l.contains("NotoSansCJK"))
        .unwrap_or_else(|| panic!("{fonts}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert!(cols[0].contains('+'), "subset names carry a tag: {line}");
    assert_eq!(
        cols[cols.len() - 5..cols.len() - 2],
        ["yes", "yes", "yes"],
        "emb sub uni: {fonts}"
    );
    let audited: i64 = f.sql().scalar("SELECT count(*) FROM audit_log WHERE action = 'complaint.print' AND actor_id = ?1 AND entity_id = ?2", args![clerk.id, id])
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn a_long_account_continues_on_a_second_page_with_nothing_lost() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let mut input = form(Severity::Minor);
    let sentence = "三号楼二单元厨房水管漏水，楼下天花板渗水（已持续两天）。";
    let mut description = String::new();
    while description.chars().count() + sentence.chars().count() <= 5000 {
        description.push_str(sentence);
    }
    input.description = description.clone();
    let id = f.desk.register(&clerk, &input, t0()).unwrap().id;
    let printed = f.desk.print_form(&clerk, id, font(), t0()).unwrap();
    assert!(printed.pages >= 2, "{} pages", printed.pages);
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "long.pdf", &printed);
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &path);
    // Page furniture stands between the parts of the account: take it out, then the
    // account must read whole, in order.
    let mut body = squeeze(&text);
    for n in 1..=printed.pages {
        body = body.replace(&format!("第{n}页共{}页", printed.pages), "");
    }
    for furniture in [
        "《住户投诉意见表》（续页）投诉编号：TS-20261128-001",
        "打印：接待员2026-11-2810:00",
        "投诉事件经过（续）",
    ] {
        body = body.replace(furniture, "");
    }
    assert!(
        body.contains(&squeeze(&description)),
        "the account is not whole in the PDF:\n{body}"
    );
    assert!(text.contains("续页") && text.contains("TS-20261128-001"));
    assert!(squeeze(&text).contains(&format!("共{}页", printed.pages)));
    // No line starts with closing punctuation.
    for line in text.lines() {
        let first = line.trim_start().chars().next();
        assert!(
            !matches!(first, Some('，' | '。' | '）' | '、')),
            "line starts with punctuation: {line:?}"
        );
    }
}

#[test]
fn characters_the_font_lacks_are_reported_and_the_pdf_still_made() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let mut input = form(Severity::Minor);
    input.resident_name = "王\u{2A6D6}".into();
    let id = f.desk.register(&clerk, &input, t0()).unwrap().id;
    let printed = f.desk.print_form(&clerk, id, font(), t0()).unwrap();
    assert_eq!(printed.missing, ['\u{2A6D6}']);
    let dir = tempfile::tempdir().unwrap();
    let text = poppler(
        "pdftotext",
        &["-enc", "UTF-8"],
        &save(dir.path(), "rare.pdf", &printed),
    );
    assert!(text.contains("王□"));
}

#[test]
fn a_sixty_row_register_has_three_pages_with_the_header_on_each() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let head = f.user(Role::DepartmentHead);
    for i in 0..60 {
        let at = t0() + Duration::minutes(i * 7);
        let id = f
            .desk
            .register(&clerk, &form(Severity::Minor), at)
            .unwrap()
            .id;
        f.desk
            .step(
                &clerk,
                id,
                Step::Dispatch(DispatchInput {
                    department_id: None,
                    recipient: format!("领表人{i}"),
                }),
                at + Duration::minutes(2),
            )
            .unwrap();
        if i % 10 == 0 {
            f.desk
                .step(
                    &head,
                    id,
                    Step::ReturnMisdirected(ReasonInput {
                        reason: "不属本部门".into(),
                    }),
                    at + Duration::minutes(3),
                )
                .unwrap();
        }
    }
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let printed = f
        .desk
        .print_register(&clerk, (day, day + chrono::Days::new(1)), font(), t0())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "register.pdf", &printed);
    assert_eq!((printed.pages, pages(&path)), (3, 3));
    for page in 1..=3 {
        let p = page.to_string();
        let text = poppler("pdftotext", &["-enc", "UTF-8", "-f", &p, "-l", &p], &path);
        for header in [
            "编号",
            "日期",
            "等级",
            "被投诉部门",
            "发出时间",
            "领表人签收",
            "返回时间",
            "接收人",
            "备注",
        ] {
            assert!(
                text.contains(header),
                "page {page} lacks the header {header}"
            );
        }
        assert!(squeeze(&text).contains(&format!("第{page}页共3页")));
    }
    let all = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for i in 0..60 {
        assert!(all.contains(&format!("领表人{i}")), "row {i} missing");
    }
    assert!(all.contains("回退：不属本部门") && all.contains("审核人"));
    let bad = f
        .desk
        .print_register(&clerk, (day, day - chrono::Days::new(1)), font(), t0());
    assert!(bad.is_err());
}

/// An entry made for someone else prints who did it and who entered it; a promise prints
/// what the resident was told.
#[test]
fn the_form_says_who_did_what_someone_else_entered() {
    let mut f = Fixture::new();
    let [clerk, head, patrol] =
        [Role::Receptionist, Role::DepartmentHead, Role::Patrol].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let t = t0() + Duration::hours(1);
    let steps: Vec<(&User, Step)> = vec![
        (
            &clerk,
            Step::PromiseNextReply(NextReplyInput {
                promised_on: "2026-11-29".into(),
                said: "已安排明早上门检查".into(),
            }),
        ),
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
                result: "已更换水管接头".into(),
            }),
        ),
        (&clerk, Step::LogFormReturn),
        (
            &clerk,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::InPerson,
                response: "住户表示认可".into(),
                done: DoneFor {
                    user_id: Some(patrol.id),
                    ..DoneFor::default()
                },
            }),
        ),
    ];
    for (who, step) in steps {
        f.desk.step(who, id, step, t).unwrap();
    }
    let printed = f.desk.print_form(&clerk, id, font(), t).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "form-done-for.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for value in [
        patrol.display_name.as_str(),
        "代录",
        "已答复住户：已安排明早上门检查",
    ] {
        assert!(text.contains(&squeeze(value)), "{value} missing:\n{text}");
    }
}

/// 投诉受理回执: half-A4, the case number (and its QR code), what was taken, who handles
/// it, by when, how to ask — read back with pdftotext, the page size with pdfinfo.
#[test]
fn the_receipt_is_an_a5_slip_with_what_the_resident_needs_to_ask_later() {
    let mut f = Fixture::new();
    let [clerk, admin, head] =
        [Role::Receptionist, Role::Admin, Role::DepartmentHead].map(|r| f.user(r));
    f.desk
        .save_settings(
            &admin,
            &complaint_core::desk::SettingsInput {
                center_name: "阳光花园物业服务中心".into(),
                center_phone: "0755-88886666".into(),
                idle_lock_minutes: 10,
            },
            t0(),
        )
        .unwrap();
    let row = f
        .desk
        .register(&clerk, &form(Severity::Major), t0())
        .unwrap();
    let started = std::time::Instant::now();
    let printed = f.desk.print_receipt(&clerk, row.id, font(), t0()).unwrap();
    let took = started.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "receipt.pdf", &printed);
    assert_eq!(printed.pages, 1);
    let info = poppler("pdfinfo", &[], &path);
    assert!(info.contains("419.528 x 595.276 pts"), "A5: {info}");
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for value in [
        "投诉受理回执",
        "阳光花园物业服务中心",
        &row.case_no,
        "张三3-2-1201",
        "厨房水管漏水，楼下天花板渗水。",
        "工程维修部",
        // Major: a clear answer within 2 days, resolution within 10.
        "2026-11-3010:00前给予明确答复",
        "2026-12-0810:00前处理完毕",
        "0755-88886666",
    ] {
        assert!(text.contains(&squeeze(value)), "{value} missing:\n{text}");
    }
    let fonts = poppler("pdffonts", &[], &path);
    assert!(fonts.contains("yes yes"), "embedded and subset: {fonts}");
    // Printed at the desk, audited; not a department head's to hand out.
    let audited: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'complaint.printReceipt'",
            args![],
        )
        .unwrap();
    assert_eq!(audited, 1);
    assert!(f.desk.print_receipt(&head, row.id, font(), t0()).is_err());
    eprintln!("receipt laid out and written in {took:?}");
}

/// The blank form for a desk whose PC or power is down: every field empty, the 4.3
/// definitions beside the severity, the departments to tick, the signature boxes, no case
/// number — read back with pdftotext and rendered with pdftoppm.
#[test]
fn the_blank_form_has_empty_fields_the_definitions_and_the_signature_boxes() {
    let mut f = Fixture::new();
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    let printed = f.desk.print_blank_form(&clerk, font(), t0()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "blank.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for value in [
        "《住户投诉意见表》",
        "纸质表补录",
        "受理时间",
        "年月日时分",
        "工程维修部",
        "重大投诉：a)公司承诺或合同规定提供的服务没有实施",
        "重要投诉：因公司的管理服务工作不到位",
        "轻微投诉：因公司的设施、设备和管理水平有限",
        "住户要求保密",
        "服务态度",
        "领表人签字",
        "住户意见及签字",
        "空白表",
    ] {
        assert!(text.contains(&squeeze(value)), "{value} missing:\n{text}");
    }
    assert!(!text.contains("TS-"), "no case number on a blank form");
    let fonts = poppler("pdffonts", &[], &path);
    assert!(fonts.contains("yes yes"), "embedded and subset: {fonts}");
    // It renders (and fits on two A4 pages at most).
    assert!(printed.pages <= 2, "{} pages", printed.pages);
    let png = dir.path().join("blank");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg(&png)
        .status()
        .unwrap();
    assert!(out.success());
    assert!(std::fs::read_dir(dir.path()).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".png")));
    // Printing is audited; a department head does not register, so prints none.
    let audited: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'blankForm.print'",
            args![],
        )
        .unwrap();
    assert_eq!(audited, 1);
    assert!(f.desk.print_blank_form(&head, font(), t0()).is_err());
}

/// A paper form typed in later (补录) keeps the time written on it, says so in the
/// timeline with when it was typed in, and prints 【补录】 in the handling record.
#[test]
fn a_paper_form_typed_in_later_keeps_its_time_and_is_marked_backfilled() {
    use complaint_core::event::EventData;
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let now = t0() + Duration::hours(5);
    let mut paper = form(Severity::Minor);
    paper.from_paper = true;
    // The time on the paper must be given.
    let refused = f.desk.register(&clerk, &paper, now).unwrap_err();
    assert!(refused.to_string().contains("受理时间"), "{refused}");
    assert_eq!(f.count("complaints"), 0);
    paper.received_at = Some(
        (t0() + Duration::minutes(3))
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    );
    let row = f.desk.register(&clerk, &paper, now).unwrap();
    let detail = f.desk.detail(&clerk, row.id, now).unwrap();
    assert_eq!(
        detail.timeline[0].event,
        EventData::Registered {
            backfilled_at: Some(now)
        }
    );
    assert_eq!(
        detail.timeline[0].at.with_timezone(&chrono::Utc),
        t0() + Duration::minutes(3)
    );
    let printed = f.desk.print_form(&clerk, row.id, font(), now).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "backfilled.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    let typed = now
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d%H:%M")
        .to_string();
    assert!(
        text.contains(&format!("【补录】纸质意见表于{typed}录入系统")),
        "{text}"
    );
    // A form registered as it came says nothing of paper.
    let fresh = f
        .desk
        .register(&clerk, &form(Severity::Minor), now)
        .unwrap();
    let detail = f.desk.detail(&clerk, fresh.id, now).unwrap();
    assert_eq!(detail.timeline[0].event, EventData::REGISTERED);
}

/// 《催办通知单》: only for a handling deadline overdue by the policy's day, from the desk or
/// a manager; printed A5 with what is late and since when, and recorded as an event.
#[test]
fn an_overdue_complaint_gets_a_reminder_notice_recorded_in_its_timeline() {
    use complaint_core::event::EventData;
    let mut f = Fixture::new();
    let [clerk, sup, head] =
        [Role::Receptionist, Role::Supervisor, Role::DepartmentHead].map(|r| f.user(r));
    let mut secret = form(Severity::Minor);
    secret.confidential = true;
    let id = f.desk.register(&clerk, &secret, t0()).unwrap().id;
    f.desk
        .step(&clerk, id, super::fixture::dispatch(), t0())
        .unwrap();
    // Minor: 2 days to handle. Half a day late is not yet a day.
    let early = t0() + Duration::hours(60);
    assert!(f.desk.urge_job(&sup, id, early).is_err());
    let late = t0() + Duration::days(3) + Duration::hours(1);
    // The department does not urge itself.
    assert!(f.desk.urge_job(&head, id, late).is_err());
    let job = f.desk.urge_job(&sup, id, late).unwrap();
    let printed = job.render(font()).unwrap();
    f.desk.record_print(&sup, &job, &printed, late).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "urge.pdf", &printed);
    let info = poppler("pdfinfo", &[], &path);
    assert!(info.contains("419.528 x 595.276 pts"), "A5: {info}");
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for needle in [
        "催办通知单",
        "（第1次催办）",
        "工程维修部",
        "处理期限2026-11-3010:00，已逾期1天",
        "张*3-2-****（保密）",
        "部门主管签收",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert!(
        !text.contains("3-2-1201"),
        "the complainant stays masked: {text}"
    );
    let detail = f.desk.detail(&sup, id, late).unwrap();
    assert!(matches!(
        detail.timeline.last().unwrap().event,
        EventData::Urged { days_late: 1, .. }
    ));
    assert_eq!(f.count("audit_log WHERE action = 'complaint.urge'"), 1);
    // The second notice says so.
    let again = f.desk.urge_job(&sup, id, late + Duration::days(1)).unwrap();
    assert!(again.document_name().ends_with("-2"));
}
