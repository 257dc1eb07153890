//! Bad input: every bad field is named, in Chinese, and nothing is written.

use super::fixture::{form, t0, Fixture};
use complaint_core::model::{Role, Severity};
use complaint_core::DeskError;

fn tables(f: &Fixture) -> [i64; 4] {
    ["complaints", "events", "audit_log", "case_counters"].map(|t| f.count(t))
}

fn refused_fields(
    f: &mut Fixture,
    input: &complaint_core::complaint::NewComplaint,
) -> Vec<(String, String)> {
    let before = tables(f);
    let clerk = f.user(Role::Receptionist);
    let err = f
        .desk
        .register(&clerk, input, t0())
        .expect_err("must be refused");
    assert_eq!(tables(f), before, "a refused registration wrote something");
    match err {
        DeskError::Invalid(fields) => fields.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn an_empty_form_names_every_required_field_at_once() {
    let mut f = Fixture::new();
    let mut empty = form(Severity::Minor);
    empty.resident_name = " ".into();
    empty.room.clear();
    empty.phone.clear();
    empty.department_id = None;
    empty.description.clear();
    empty.resident_request.clear();
    empty.category_id = None;
    empty.severity = None;
    let fields = refused_fields(&mut f, &empty);
    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "residentName",
            "room",
            "phone",
            "departmentId",
            "description",
            "residentRequest",
            "categoryId",
            "severity"
        ]
    );
    assert_eq!(fields[0].1, "住户姓名不能为空");
    assert_eq!(fields[3].1, "被投诉部门不能为空");
}

#[test]
fn each_bad_field_is_named() {
    let mut f = Fixture::new();
    type Edit = fn(&mut complaint_core::complaint::NewComplaint);
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "description",
            |c| c.description = "漏".repeat(5001),
            "投诉事件经过不能超过 5000 个字符",
        ),
        (
            "phone",
            |c| c.phone = "1380013800".into(),
            "联系电话格式不正确",
        ),
        ("phone", |c| c.phone = "12345".into(), "联系电话格式不正确"),
        (
            "occurredAt",
            |c| c.occurred_at = Some("2026-11-28 12:00".into()),
            "事件发生时间不能晚于当前时间",
        ),
        (
            "occurredAt",
            |c| c.occurred_at = Some("昨天下午".into()),
            "事件发生时间格式不正确",
        ),
        (
            "receivedAt",
            |c| c.received_at = Some("2027-01-01 00:00".into()),
            "受理时间不能晚于当前时间",
        ),
        (
            "residentDeadline",
            |c| c.resident_deadline = Some("2026-11-27 18:00".into()),
            "住户要求期限不能早于受理时间",
        ),
        (
            "departmentId",
            |c| c.department_id = Some(99),
            "被投诉部门不存在或已停用",
        ),
        (
            "categoryId",
            |c| c.category_id = Some(99),
            "投诉类别不存在或已停用",
        ),
        ("invalidReason", |c| c.valid = false, "无效原因不能为空"),
        (
            "immediateMeasure",
            |c| c.ongoing_harm = true,
            "已采取的紧急措施不能为空",
        ),
        (
            "residentName",
            |c| c.resident_name = "张\u{0}三".into(),
            "住户姓名含有不可见的控制字符",
        ),
        (
            "residentName",
            |c| c.resident_name = "名".repeat(51),
            "住户姓名不能超过 50 个字符",
        ),
    ];
    for (field, edit, message) in cases {
        let mut input = form(Severity::Minor);
        edit(&mut input);
        let fields = refused_fields(&mut f, &input);
        assert_eq!(fields.len(), 1, "{field}: {fields:?}");
        assert_eq!(fields[0].0, field);
        assert!(
            fields[0].1.starts_with(message),
            "{field}: {:?}",
            fields[0].1
        );
    }
    // The good form still goes through afterwards, as number 001 of the day.
    let clerk = f.user(Role::Receptionist);
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    assert_eq!(row.case_no, "TS-20261128-001");
}

#[test]
fn a_refused_step_changes_nothing() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let before = tables(&f);
    let step = complaint_core::workflow::Step::Dispatch(complaint_core::workflow::DispatchInput {
        department_id: None,
        recipient: "  ".into(),
    });
    let err = f.desk.step(&clerk, row.id, step, t0()).unwrap_err();
    assert!(
        matches!(&err, DeskError::Invalid(fields) if fields[0].message == "领表人不能为空"),
        "{err:?}"
    );
    let patrol = f.user(Role::Patrol);
    let step = complaint_core::workflow::Step::Dispatch(complaint_core::workflow::DispatchInput {
        department_id: None,
        recipient: "吴涛".into(),
    });
    let err = f.desk.step(&patrol, row.id, step, t0()).unwrap_err();
    assert_eq!(err.to_string(), "“巡楼组”无权执行“派发”");
    assert_eq!(tables(&f), before);
}
