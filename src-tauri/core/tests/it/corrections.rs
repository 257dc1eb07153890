//! 更正: the registered form corrected after registration, with the reason; each change
//! before → after in the timeline, the printed form and the audit; the deadlines follow.

use super::fixture::{dispatch, form, sh, t0, Fixture};
use super::pdf::{font, poppler, save, squeeze};
use chrono::Duration;
use complaint_core::args;
use complaint_core::complaint::NewComplaint;
use complaint_core::deadline::{self, DeadlineKind as K, DeadlineStatus as St};
use complaint_core::event::{EventData, FieldChange};
use complaint_core::model::{ComplaintState as S, Role, Severity};
use complaint_core::storage::complaints::ListQuery;
use complaint_core::workflow::*;
use complaint_core::DeskError;

fn correction(form: NewComplaint, reason: &str) -> CorrectionInput {
    CorrectionInput {
        form,
        reason: reason.into(),
        last_event_id: None,
    }
}

fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.into(),
        before: before.map(Into::into),
        after: after.map(Into::into),
    }
}

/// The stored next deadline and statistics outcome are what the history gives.
fn assert_restated(f: &mut Fixture, id: i64) {
    let (c, events, policy) = f.desk.case(id).unwrap();
    let last = events.last().unwrap().at;
    let next = deadline::next_due(&deadline::deadlines(&c, &events, &policy, last));
    assert_eq!(
        (c.next_due_at, c.next_due_kind),
        (next.map(|n| n.0), next.map(|n| n.1))
    );
    let stored = complaint_core::storage::stats::stored_outcome(f.sql(), id)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored,
        complaint_core::stats::outcome(&c, &events, &policy, last)
    );
}

#[test]
fn the_receptionist_corrects_a_mistyped_phone_and_room_before_dispatch() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let mut fixed = form(Severity::Minor);
    fixed.room = "3-2-1202".into();
    fixed.phone = "139 0013 9000".into();
    let at = t0() + Duration::minutes(3);
    let audits = f.count("audit_log");
    let after = f
        .desk
        .correct(&clerk, row.id, &correction(fixed, "房号、电话登记错误"), at)
        .unwrap();
    assert_eq!(after.case_no, row.case_no, "the case number stays");
    assert_eq!(after.room, "3-2-1202");
    let (c, events, _) = f.desk.case(row.id).unwrap();
    assert_eq!(c.phone, "13900139000", "normalised as at registration");
    assert_eq!(
        c.received_at,
        t0(),
        "an empty received time keeps the stored one"
    );
    assert_eq!(
        events.last().unwrap().data,
        EventData::Corrected {
            changes: vec![
                change("room", Some("3-2-1201"), Some("3-2-1202")),
                change("phone", Some("13800138000"), Some("13900139000")),
            ],
            reason: "房号、电话登记错误".into(),
        }
    );
    assert_eq!(events.last().unwrap().at, at);
    // The audit entry carries the changes.
    assert_eq!(f.count("audit_log"), audits + 1);
    let audited: String = f
        .sql()
        .scalar(
            "SELECT after FROM audit_log WHERE action = 'complaint.correct'",
            args![],
        )
        .unwrap();
    assert!(audited.contains("13900139000") && audited.contains("13800138000"));
    // The search finds the new number, not the old one.
    let search = |f: &mut Fixture, text: &str| {
        f.desk
            .list(
                &clerk,
                &ListQuery {
                    text: Some(text.into()),
                    ..ListQuery::default()
                },
                at,
            )
            .unwrap()
            .total
    };
    // A form corrected from a timeline that has moved on since is refused.
    let (_, seen, _) = f.desk.case(row.id).unwrap();
    f.desk.step(&clerk, row.id, dispatch(), at).unwrap();
    let mut stale = correction(form(Severity::Minor), "按旧页面更正");
    stale.last_event_id = Some(seen.last().unwrap().id);
    let refused = f.desk.correct(&clerk, row.id, &stale, at).unwrap_err();
    assert!(
        matches!(refused, DeskError::ChangedMeanwhile),
        "{refused:?}"
    );
    assert_eq!(search(&mut f, "13900139000"), 1);
    assert_eq!(search(&mut f, "13800138000"), 0);
    assert_restated(&mut f, row.id);
}

#[test]
fn who_may_correct_what_and_when() {
    let mut f = Fixture::new();
    let [clerk, sup, head, mgr] = [
        Role::Receptionist,
        Role::Supervisor,
        Role::DepartmentHead,
        Role::Manager,
    ]
    .map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let mut fixed = form(Severity::Minor);
    fixed.location = "3号楼2单元 1202 厨房".into();
    for who in [&head, &mgr] {
        let refused = f
            .desk
            .correct(who, id, &correction(fixed.clone(), "改地点"), t0())
            .unwrap_err();
        assert!(
            matches!(refused, DeskError::NotPermitted { .. }),
            "{refused:?}"
        );
    }
    // Before dispatch the receptionist may move it to another department or grade.
    let mut other = fixed.clone();
    other.department_id = Some(2);
    other.severity = Some(Severity::Important);
    f.desk
        .correct(&clerk, id, &correction(other, "部门、等级登记错误"), t0())
        .unwrap();
    let (c, _, _) = f.desk.case(id).unwrap();
    assert_eq!((c.department_id, c.severity), (2, Severity::Important));
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    // After dispatch: the receptionist no longer; the supervisor yes, but neither the
    // department (回退) nor the grade (复核等级).
    let mut later = fixed.clone();
    later.department_id = Some(2);
    later.severity = Some(Severity::Important);
    later.location = "3号楼2单元 1202 厨房及阳台".into();
    let refused = f
        .desk
        .correct(&clerk, id, &correction(later.clone(), "再改地点"), t0())
        .unwrap_err();
    assert!(
        matches!(
            refused,
            DeskError::Workflow(WorkflowError::CorrectionAfterDispatch)
        ),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("公共事务部主管"));
    let (_, before, _) = f.desk.case(id).unwrap();
    let mut moved = later.clone();
    moved.department_id = Some(1);
    moved.severity = Some(Severity::Minor);
    let DeskError::Invalid(fields) = f
        .desk
        .correct(&sup, id, &correction(moved, "再改地点"), t0())
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(
        fields.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["departmentId", "severity"]
    );
    assert!(fields[1].message.contains("复核等级"), "{fields:?}");
    f.desk
        .correct(&sup, id, &correction(later, "地点补充到户"), t0())
        .unwrap();
    // Nothing is changed twice, and nothing is written for a refused one.
    let (c, events, _) = f.desk.case(id).unwrap();
    assert_eq!(events.len(), before.len() + 1);
    assert_eq!(c.location, "3号楼2单元 1202 厨房及阳台");
    let mut same = form(Severity::Important);
    same.department_id = Some(2);
    same.location = c.location.clone();
    let unchanged = f
        .desk
        .correct(&sup, id, &correction(same.clone(), "再看一遍"), t0())
        .unwrap_err();
    assert!(
        matches!(
            unchanged,
            DeskError::Workflow(WorkflowError::NothingCorrected)
        ),
        "{unchanged:?}"
    );
    // Bad fields and a missing reason come back together, nothing written.
    let mut bad = same;
    bad.phone = "12345".into();
    let DeskError::Invalid(fields) = f
        .desk
        .correct(&sup, id, &correction(bad, " "), t0())
        .unwrap_err()
    else {
        panic!()
    };
    let mut named: Vec<_> = fields.iter().map(|e| e.field.as_str()).collect();
    named.sort_unstable();
    assert_eq!(named, ["phone", "reason"]);
    assert_eq!(f.desk.case(id).unwrap().1.len(), events.len());
    // A closed complaint is not corrected.
    f.desk
        .step(
            &sup,
            id,
            Step::Void(ReasonInput {
                reason: "重复登记".into(),
            }),
            t0(),
        )
        .unwrap();
    let refused = f
        .desk
        .correct(&sup, id, &correction(form(Severity::Minor), "x"), t0())
        .unwrap_err();
    assert!(
        matches!(
            refused,
            DeskError::Workflow(WorkflowError::WrongState {
                state: S::Voided,
                ..
            })
        ),
        "{refused:?}"
    );
}

/// A letter typed in later: the supervisor corrects the received time to the paper's.
/// The dispatch clock (10 minutes) runs from the corrected time, so a dispatch that was on
/// time becomes late; the time cannot pass the first step after registration.
#[test]
fn a_corrected_received_time_moves_the_deadlines_and_the_search_order() {
    let mut f = Fixture::new();
    let [clerk, sup] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let a = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let mut second = form(Severity::Minor);
    second.received_at = Some("2026-11-28 11:00".into());
    let b = f
        .desk
        .register(&clerk, &second, t0() + Duration::hours(1))
        .unwrap()
        .id;
    f.desk
        .step(&clerk, a, dispatch(), t0() + Duration::minutes(5))
        .unwrap();
    let status = |f: &mut Fixture, id, at| {
        f.desk
            .deadlines(id, at)
            .unwrap()
            .into_iter()
            .find(|d| d.kind == K::Dispatch)
            .map(|d| (d.due_at, d.status))
            .unwrap()
    };
    let now = t0() + Duration::hours(3);
    assert_eq!(
        status(&mut f, a, now),
        (t0() + Duration::minutes(10), St::MetOnTime)
    );
    // Not after the dispatch (10:05).
    let mut late = form(Severity::Minor);
    late.received_at = Some("2026-11-28 10:06".into());
    let DeskError::Invalid(fields) = f
        .desk
        .correct(&sup, a, &correction(late, "按纸质表时间"), now)
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(fields[0].field, "receivedAt");
    assert!(fields[0].message.contains("10:05"), "{fields:?}");
    // Half an hour earlier: the dispatch at 10:05 is now late.
    let mut earlier = form(Severity::Minor);
    earlier.received_at = Some("2026-11-28 09:30".into());
    f.desk
        .correct(&sup, a, &correction(earlier, "信函收到时间为 9:30"), now)
        .unwrap();
    let paper = sh(2026, 11, 28, 9, 30, 0);
    assert_eq!(f.desk.case(a).unwrap().0.received_at, paper);
    assert_eq!(
        status(&mut f, a, now),
        (paper + Duration::minutes(10), St::MetLate)
    );
    let (_, events, _) = f.desk.case(a).unwrap();
    assert!(matches!(
        &events.last().unwrap().data,
        EventData::Corrected { changes, .. }
            if changes == &[change("receivedAt", Some("2026-11-28 10:00"), Some("2026-11-28 09:30"))]
    ));
    assert_restated(&mut f, a);
    // The newest-received first, through a text search's walk: b (11:00) then a (09:30);
    // with b corrected to 08:00, a comes first.
    let order = |f: &mut Fixture| -> Vec<i64> {
        f.desk
            .list(
                &clerk,
                &ListQuery {
                    text: Some("厨房水管漏水".into()),
                    ..ListQuery::default()
                },
                now,
            )
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(order(&mut f), [b, a]);
    let mut early = second.clone();
    early.received_at = Some("2026-11-28 08:00".into());
    f.desk
        .correct(&clerk, b, &correction(early, "受理时间登记错误"), now)
        .unwrap();
    assert_eq!(order(&mut f), [a, b]);
    // And b back later than a, past a's registration: a's walk bound follows.
    let mut back = second;
    back.received_at = Some("2026-11-28 12:00".into());
    f.desk
        .correct(&clerk, b, &correction(back, "受理时间登记错误"), now)
        .unwrap();
    assert_eq!(order(&mut f), [b, a]);
    assert_restated(&mut f, b);
}

/// The resident's own deadline sets a minor complaint's handling deadline: corrected, the
/// handling deadline follows; the printed form shows the correction.
#[test]
fn a_corrected_resident_deadline_moves_handling_and_the_form_prints_the_record() {
    let mut f = Fixture::new();
    let [clerk, sup] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let mut typed = form(Severity::Minor);
    typed.resident_deadline = Some("2026-11-29 18:00".into());
    let id = f.desk.register(&clerk, &typed, t0()).unwrap().id;
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    let handling = |f: &mut Fixture| {
        f.desk
            .deadlines(id, t0())
            .unwrap()
            .into_iter()
            .find(|d| d.kind == K::Handling)
            .unwrap()
            .due_at
    };
    let before = handling(&mut f);
    let mut fixed = typed.clone();
    fixed.resident_deadline = Some("2026-11-30 18:00".into());
    fixed.channel = complaint_core::model::Channel::Phone;
    f.desk
        .correct(
            &sup,
            id,
            &correction(fixed, "住户要求期限听错一天；实为来电"),
            t0(),
        )
        .unwrap();
    assert_eq!(handling(&mut f), before + Duration::days(1));
    assert_restated(&mut f, id);
    let printed = f.desk.print_form(&clerk, id, font(), t0()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "form-corrected.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for value in [
        "更正记录",
        "受理方式：来访→来电",
        "住户要求期限：2026-11-2918:00→2026-11-3018:00",
        "更正原因：住户要求期限听错一天；实为来电",
        "公共事务部主管",
    ] {
        assert!(text.contains(&squeeze(value)), "{value} missing:\n{text}");
    }
}
