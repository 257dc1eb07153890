//! 保密: a confidential complainant's name, phone and room reach only the desk and the
//! managers; every other role reads them masked — list, search, dashboard, detail,
//! timeline corrections, step results, prints, exports and the hand-over list — and may
//! reveal them only with a reason, written to the audit.

use super::fixture::{callback_step, dispatch, form, handled_and_notified, t0, Fixture};
use super::pdf::{font, poppler, save, squeeze};
use chrono::Duration;
use complaint_core::args;
use complaint_core::model::{Role, Satisfaction, Severity, User};
use complaint_core::storage::complaints::ListQuery;
use complaint_core::workflow::{CorrectionInput, NoteInput, Step};
use complaint_core::DeskError;

const NAME: &str = "张三";
const PHONE: &str = "13800138000";
const ROOM: &str = "3-2-1201";

fn confidential(f: &mut Fixture) -> i64 {
    let clerk = f.user(Role::Receptionist);
    let mut secret = form(Severity::Minor);
    secret.confidential = true;
    f.desk.register(&clerk, &secret, t0()).unwrap().id
}

/// Every place `who` reads the resident, as one text.
fn seen_by(f: &mut Fixture, who: &User, id: i64) -> String {
    let now = t0() + Duration::hours(2);
    let detail = f.desk.detail(who, id, now).unwrap();
    let list = f.desk.list(who, &ListQuery::default(), now).unwrap();
    let row = list.rows.iter().find(|r| r.id == id).unwrap();
    let dashboard = f.desk.dashboard(who, 50, now).unwrap();
    let queued: Vec<String> = dashboard
        .queues
        .iter()
        .flat_map(|q| q.rows.iter())
        .filter(|r| r.id == id)
        .map(|r| format!("{}{}{}", r.resident_name, r.phone, r.room))
        .collect();
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}",
        detail.form.resident_name,
        detail.form.phone,
        detail.form.room,
        detail.row.resident_name,
        row.resident_name,
        row.phone,
        row.room,
        queued.join(",")
    )
}

#[test]
fn the_desk_and_the_managers_read_it_everyone_else_reads_it_masked() {
    let mut f = Fixture::new();
    let id = confidential(&mut f);
    let clerk = f.user(Role::Receptionist);
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    for role in [
        Role::Receptionist,
        Role::Supervisor,
        Role::Manager,
        Role::GeneralManager,
    ] {
        let who = f.user(role);
        let seen = seen_by(&mut f, &who, id);
        assert!(
            seen.contains(NAME) && seen.contains(PHONE) && seen.contains(ROOM),
            "{role:?}: {seen}"
        );
    }
    for role in [Role::DepartmentHead, Role::Quality, Role::Patrol] {
        let who = f.user(role);
        let seen = seen_by(&mut f, &who, id);
        assert!(
            !seen.contains(NAME) && !seen.contains(PHONE) && !seen.contains(ROOM),
            "{role:?}: {seen}"
        );
        assert!(
            seen.contains("张*") && seen.contains("138****8000") && seen.contains("3-2-****"),
            "{role:?}: {seen}"
        );
        let detail = f
            .desk
            .detail(&f.user(role), id, t0() + Duration::hours(2))
            .unwrap();
        assert!(detail.row.confidential && detail.row.masked);
    }
    // A complaint not marked confidential is read as registered by everyone.
    let open = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let head = f.user(Role::DepartmentHead);
    let detail = f.desk.detail(&head, open, t0()).unwrap();
    assert_eq!(detail.form.phone, PHONE);
    assert!(!detail.row.masked);
}

#[test]
fn a_department_cannot_find_it_by_the_residents_name_or_phone_but_by_its_number() {
    let mut f = Fixture::new();
    let id = confidential(&mut f);
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    let case_no = f.desk.detail(&clerk, id, t0()).unwrap().row.case_no;
    let search = |text: &str| ListQuery {
        text: Some(text.into()),
        ..ListQuery::default()
    };
    for text in [PHONE, NAME, "天花板渗水", "张"] {
        assert_eq!(
            f.desk.list(&head, &search(text), t0()).unwrap().total,
            0,
            "{text}"
        );
        assert_eq!(
            f.desk.list(&clerk, &search(text), t0()).unwrap().total,
            1,
            "{text}"
        );
    }
    assert_eq!(
        f.desk.list(&head, &search(&case_no), t0()).unwrap().total,
        1
    );
}

#[test]
fn steps_corrections_prints_and_exports_keep_it_masked() {
    let mut f = Fixture::new();
    let id = confidential(&mut f);
    let [clerk, sup, head, quality] = [
        Role::Receptionist,
        Role::Supervisor,
        Role::DepartmentHead,
        Role::Quality,
    ]
    .map(|r| f.user(r));
    // The phone was mistyped: the correction's before → after is masked for the head.
    let mut corrected = form(Severity::Minor);
    corrected.confidential = true;
    corrected.phone = "13900139000".into();
    f.desk
        .correct(
            &clerk,
            id,
            &CorrectionInput {
                form: corrected,
                reason: "电话记错".into(),
                last_event_id: None,
            },
            t0(),
        )
        .unwrap();
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    let row = f
        .desk
        .step(
            &head,
            id,
            Step::AddHandlingNote(NoteInput {
                note: "已联系维修".into(),
            }),
            t0(),
        )
        .unwrap();
    assert_eq!(row.phone, "139****9000");
    let detail = f.desk.detail(&head, id, t0()).unwrap();
    let timeline = serde_json::to_string(&detail.timeline).unwrap();
    assert!(!timeline.contains("13800138000") && !timeline.contains("13900139000"));
    assert!(timeline.contains("138****8000") && timeline.contains("139****9000"));

    // The form printed for the department is masked; the desk's is not.
    let dir = tempfile::tempdir().unwrap();
    let printed = f.desk.print_form(&head, id, font(), t0()).unwrap();
    let text = squeeze(&poppler(
        "pdftotext",
        &["-enc", "UTF-8"],
        &save(dir.path(), "masked.pdf", &printed),
    ));
    assert!(text.contains("张*") && text.contains("139****9000") && text.contains("3-2-****"));
    assert!(
        !text.contains("13900139000") && !text.contains("3-2-1201"),
        "{text}"
    );
    let printed = f.desk.print_form(&clerk, id, font(), t0()).unwrap();
    let text = squeeze(&poppler(
        "pdftotext",
        &["-enc", "UTF-8"],
        &save(dir.path(), "desk.pdf", &printed),
    ));
    assert!(text.contains("13900139000") && text.contains("3-2-1201"));

    // The quality department's export and hand-over list are masked too.
    let (rows, _) = f
        .desk
        .export_rows(&quality, &ListQuery::default(), t0())
        .unwrap();
    assert_eq!(rows[0].complaint.phone, "139****9000");
    let (rows, _) = f
        .desk
        .export_rows(&sup, &ListQuery::default(), t0())
        .unwrap();
    assert_eq!(rows[0].complaint.phone, "13900139000");
    let at = t0() + Duration::hours(1);
    f.desk
        .step(
            &head,
            id,
            Step::MarkHandled(complaint_core::workflow::HandledInput {
                result: "已修好".into(),
            }),
            at,
        )
        .unwrap();
    f.desk.step(&clerk, id, Step::LogFormReturn, at).unwrap();
    f.desk
        .step(
            &clerk,
            id,
            Step::NotifyResident(complaint_core::workflow::NotifyInput {
                method: complaint_core::model::NotifyMethod::Phone,
                response: "认可".into(),
                done: Default::default(),
            }),
            at,
        )
        .unwrap();
    f.desk
        .step(
            &sup,
            id,
            callback_step(true, Satisfaction::Satisfied, false),
            at,
        )
        .unwrap();
    let lines = f.desk.handover_candidates(&quality, "2026-11").unwrap();
    assert_eq!(lines[0].resident, "张* 3-2-****");
    let lines = f.desk.handover_candidates(&sup, "2026-11").unwrap();
    assert_eq!(lines[0].resident, "张三 3-2-1201");
    let _ = handled_and_notified;
}

#[test]
fn revealing_takes_a_reason_and_is_audited() {
    let mut f = Fixture::new();
    let [clerk, head, patrol] =
        [Role::Receptionist, Role::DepartmentHead, Role::Patrol].map(|r| f.user(r));
    // Registered against another department, then re-dispatched to the head's.
    let mut secret = form(Severity::Minor);
    secret.confidential = true;
    secret.department_id = Some(2);
    let id = f.desk.register(&clerk, &secret, t0()).unwrap().id;
    let reveals = |f: &Fixture| f.count("audit_log WHERE action = 'complaint.reveal'");
    // Not yet the department's: refused, like its detail page.
    assert!(matches!(
        f.desk.reveal_resident(&head, id, "上门维修需要", t0()),
        Err(DeskError::OtherDepartment)
    ));
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(complaint_core::workflow::DispatchInput {
                department_id: Some(1),
                recipient: "吴涛".into(),
            }),
            t0(),
        )
        .unwrap();
    let no_reason = f.desk.reveal_resident(&head, id, "  ", t0()).unwrap_err();
    assert!(no_reason.to_string().contains("原因"), "{no_reason}");
    assert_eq!(reveals(&f), 0);
    let shown = f
        .desk
        .reveal_resident(&head, id, "上门维修需要联系住户", t0())
        .unwrap();
    assert_eq!(
        (shown.resident_name.as_str(), shown.phone.as_str()),
        (NAME, PHONE)
    );
    assert_eq!(reveals(&f), 1);
    let reason: String = f
        .sql()
        .scalar(
            "SELECT after FROM audit_log WHERE action = 'complaint.reveal'",
            args![],
        )
        .unwrap();
    assert!(reason.contains("上门维修需要联系住户"), "{reason}");
    f.desk
        .reveal_resident(&patrol, id, "上门告知处理结果", t0())
        .unwrap();
    // The desk sees it anyway: nothing to reveal, nothing audited.
    f.desk.reveal_resident(&clerk, id, "", t0()).unwrap();
    assert_eq!(reveals(&f), 2);
    // Too long a reason is refused.
    let long = "因".repeat(201);
    assert!(f.desk.reveal_resident(&head, id, &long, t0()).is_err());
    assert_eq!(reveals(&f), 2);
}

/// The person complained about never reveals who complained, whatever reason they give.
#[test]
fn the_person_complained_about_cannot_reveal_the_complainant() {
    let mut f = Fixture::new();
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    let mut secret = form(Severity::Minor);
    secret.confidential = true;
    secret.accused_user_id = Some(head.id);
    let id = f.desk.register(&clerk, &secret, t0()).unwrap().id;
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    let detail = f.desk.detail(&head, id, t0()).unwrap();
    assert_eq!(detail.form.accused_person.as_deref(), Some("部门主管"));
    assert!(matches!(
        f.desk.reveal_resident(&head, id, "需要上门核实", t0()),
        Err(DeskError::Refused(..))
    ));
    assert_eq!(f.count("audit_log WHERE action = 'complaint.reveal'"), 0);
}
