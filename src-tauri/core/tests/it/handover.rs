//! 月度归档移交 (1.6): a month's complaints ready to archive, archived in one step, the
//! hand-over recorded and its 《投诉档案移交清单》 printed (again) and read back.

use super::fixture::{callback_step, form, handled_and_notified, t0, Fixture};
use super::pdf::{font, poppler, save, squeeze};
use chrono::Duration;
use complaint_core::args;
use complaint_core::desk::HandoverInput;
use complaint_core::model::{ComplaintState, Role, Satisfaction, Severity};
use complaint_core::DeskError;

/// Registered, dispatched, handled, returned, notified and called back with `result`.
fn called_back(f: &mut Fixture, result: Satisfaction) -> i64 {
    let [clerk, sup] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let at = t0() + Duration::hours(1);
    handled_and_notified(f, id, "已更换水管接头", at);
    f.desk
        .step(&sup, id, callback_step(true, result, false), at)
        .unwrap();
    id
}

#[test]
fn a_months_ready_complaints_are_archived_in_one_step_and_the_list_printed() {
    let mut f = Fixture::new();
    let [clerk, quality] = [Role::Receptionist, Role::Quality].map(|r| f.user(r));
    let a = called_back(&mut f, Satisfaction::Satisfied);
    let b = called_back(&mut f, Satisfaction::Fair);
    let unhappy = called_back(&mut f, Satisfaction::Dissatisfied);
    let now = t0() + Duration::days(3);
    // Printed once: its pages go on the list.
    f.desk.print_form(&clerk, a, font(), now).unwrap();

    let ready: Vec<i64> = f
        .desk
        .handover_candidates(&quality, "2026-11")
        .unwrap()
        .iter()
        .map(|l| l.complaint_id)
        .collect();
    assert_eq!(ready, [a, b], "not the unsatisfied one");
    assert!(f
        .desk
        .handover_candidates(&quality, "2026-10")
        .unwrap()
        .is_empty());
    assert!(matches!(
        f.desk.handover_candidates(&clerk, "2026-11").unwrap_err(),
        DeskError::NotPermitted { .. }
    ));

    // One not ready: nothing is archived.
    let input = |ids: Vec<i64>| HandoverInput {
        month: "2026-11".into(),
        complaint_ids: ids,
        receiver: "王芳".into(),
    };
    let DeskError::Invalid(fields) = f
        .desk
        .hand_over(&quality, &input(vec![a, unhappy]), now)
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(fields[0].field, "complaintIds");
    assert_eq!(f.desk.case(a).unwrap().0.state, ComplaintState::CalledBack);

    let handover = f.desk.hand_over(&quality, &input(vec![b, a]), now).unwrap();
    assert_eq!((handover.number, handover.lines.len()), (1, 2));
    for id in [a, b] {
        assert_eq!(f.desk.case(id).unwrap().0.state, ComplaintState::Archived);
    }
    assert!(f
        .desk
        .handover_candidates(&quality, "2026-11")
        .unwrap()
        .is_empty());
    let line = &handover.lines[0];
    assert_eq!(line.complaint_id, a);
    assert_eq!(line.result, "已更换水管接头");
    assert_eq!(line.satisfaction, "满意");
    assert!(line.pages.is_some_and(|p| p >= 1));
    assert_eq!(handover.lines[1].satisfaction, "基本满意");
    assert_eq!(handover.lines[1].pages, None);
    // Recorded: listed for the month, audited, printed again from the record.
    let kept = f.desk.handovers(&quality, "2026-11").unwrap();
    assert_eq!(kept, std::slice::from_ref(&handover));
    let audited: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'handover.record'",
            args![],
        )
        .unwrap();
    assert_eq!(audited, 1);
    let job = f.desk.handover_job(&quality, handover.id, now).unwrap();
    let printed = job.render(font()).unwrap();
    f.desk.record_print(&quality, &job, &printed, now).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "handover.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for value in [
        "《投诉档案移交清单》",
        "2026-11受理",
        "第1次移交",
        "共2件",
        &line.case_no,
        &handover.lines[1].case_no,
        "已更换水管接头",
        "基本满意",
        "未打印",
        "接收人（品质部王芳）",
    ] {
        assert!(text.contains(&squeeze(value)), "{value} missing:\n{text}");
    }
    // Again: nothing left to hand over.
    assert!(f.desk.hand_over(&quality, &input(vec![a]), now).is_err());
}
