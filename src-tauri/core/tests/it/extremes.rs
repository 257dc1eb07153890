//! Every date and number a user can send has bounds: extreme values through `Desk` give a
//! named field error, never a panic, and a stored far date (a file written before dates
//! had bounds) cannot take a reader down. The list never allocates for a page past its end.

use super::fixture::{form, t0, Fixture};
use chrono::Duration;
use complaint_core::args;
use complaint_core::model::{Role, Severity};
use complaint_core::storage::complaints::{ListQuery, SortKey};
use complaint_core::validation::field_label;
use complaint_core::workflow::*;
use complaint_core::DeskError;
use proptest::prelude::*;

/// One set-up desk for the generated cases (see `stored_inputs`).
static SHARED: std::sync::LazyLock<std::sync::Mutex<Fixture>> = std::sync::LazyLock::new(|| {
    let mut f = Fixture::new();
    // Only for speed: a file's writes need not reach the disk in this test.
    if let Some(file) = f.desk.connection().sqlite() {
        file.pragma_update(None, "synchronous", "OFF").unwrap();
    }
    let clerk = f.user(Role::Receptionist);
    for i in 0..30 {
        let mut input = form(Severity::Minor);
        input.resident_name = format!("住户{i}");
        f.desk.register(&clerk, &input, t0()).unwrap();
    }
    std::sync::Mutex::new(f)
});

fn shared() -> std::sync::MutexGuard<'static, Fixture> {
    SHARED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Dates at and past chrono's ends, far years, and ordinary ones, with and without a time.
fn extreme_date() -> impl Strategy<Value = String> {
    let day = prop_oneof![
        Just("-262143-01-01".to_owned()), // NaiveDate::MIN
        Just("+262142-12-31".to_owned()), // NaiveDate::MAX
        Just("262142-12-31".to_owned()),
        Just("9999-12-31".to_owned()),
        Just("0000-01-01".to_owned()),
        Just("0001-01-01".to_owned()),
        Just("1970-01-01".to_owned()),
        Just("2021-11-27".to_owned()),
        Just("2026-11-28".to_owned()),
        Just("2026-12-05".to_owned()),
        Just("2028-11-28".to_owned()),
        Just("2028-11-29".to_owned()),
        (-262_144i32..=262_143, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| format!("{y:+}-{m:02}-{d:02}")),
        (1000i32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
    ];
    let time = prop_oneof![
        Just(String::new()),
        Just(" 23:59".to_owned()),
        Just(" 00:00".to_owned()),
        Just("T10:00:00+08:00".to_owned()),
        Just("T23:59:59-12:00".to_owned()),
    ];
    (day, time).prop_map(|(d, t)| format!("{d}{t}"))
}

/// A refusal that names a known field (or a workflow rule), never a panic or a storage error.
/// (A step's bad fields arrive as `DeskError::Invalid`, as registration's do.)
fn named(result: Result<impl std::fmt::Debug, DeskError>, fields: &[&str]) -> Result<(), String> {
    match result {
        Ok(_) => Ok(()),
        Err(DeskError::Invalid(errors)) => {
            if errors
                .iter()
                .all(|e| fields.contains(&e.field.as_str()) && field_label(&e.field).0 != "字段")
            {
                Ok(())
            } else {
                Err(format!("unexpected fields {errors:?}"))
            }
        }
        Err(DeskError::Workflow(_)) => Ok(()), // a rule of the procedure, not a date
        Err(other) => Err(format!("unexpected {other:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Registration and every step that takes a date, with extreme dates: a named field
    /// error or a stored value within the bounds; the complaint still opens, and the
    /// background raise and the dashboard still run.
    #[test]
    fn extreme_dates_through_every_step(
        received in proptest::option::of(extreme_date()),
        occurred in proptest::option::of(extreme_date()),
        deadline in proptest::option::of(extreme_date()),
        new_deadline in extreme_date(),
        promised in extreme_date(),
        verified in extreme_date(),
        severity in prop_oneof![Just(Severity::Minor), Just(Severity::Important), Just(Severity::Major)],
    ) {
        let mut f = shared();
        let [clerk, head, supervisor] =
            [Role::Receptionist, Role::DepartmentHead, Role::Supervisor].map(|r| f.user(r));
        let mut input = form(severity);
        input.received_at = received;
        input.occurred_at = occurred;
        input.resident_deadline = deadline;
        let registered = f.desk.register(&clerk, &input, t0());
        let id = match registered {
            Ok(row) => row.id,
            Err(e) => {
                if let Err(msg) = named(Err::<(), _>(e), &["receivedAt", "occurredAt", "residentDeadline"]) {
                    prop_assert!(false, "{}", msg);
                }
                f.desk.register(&clerk, &form(severity), t0()).unwrap().id
            }
        };
        let c = f.desk.case(id).unwrap().0;
        prop_assert!(c.received_at >= t0() - Duration::days(5 * 366) && c.received_at <= t0() + Duration::minutes(1));
        if let Some(d) = c.resident_deadline {
            prop_assert!(d >= c.received_at && d <= c.received_at + Duration::days(2 * 366));
        }
        let now = t0() + Duration::minutes(5);
        f.desk.step(&clerk, id, Step::Dispatch(DispatchInput { department_id: None, recipient: "李四".into() }), now).unwrap();
        let steps: [(&User, Step, &[&str]); 4] = [
            (&head, Step::RequestExtension(ExtensionRequestInput { new_deadline: new_deadline.clone(), reason: "需要采购配件".into() }), &["newDeadline"]),
            (&clerk, Step::PromiseNextReply(NextReplyInput { promised_on: promised.clone(), said: "已联系配件厂家，下周到货后上门更换".into() }), &["promisedOn"]),
            (&head, Step::RecordCorrective(CorrectiveInput { cause: "管道老化".into(), corrective_action: "更换".into(), preventive_action: "巡检".into(), verified_by: "王五".into(), verified_on: Some(verified.clone()) }), &["verifiedOn"]),
            (&supervisor, Step::StartWait(ReasonInput { reason: "等住户在家".into() }), &[]),
        ];
        for (actor, step, fields) in steps {
            let result = f.desk.step(actor, id, step, now);
            if let Err(e) = named(result, fields) {
                prop_assert!(false, "{}", e);
            }
        }
        let _ = f.desk.step(&supervisor, id, Step::EndWait, now + Duration::hours(1));
        let later = now + Duration::days(40);
        prop_assert!(f.desk.detail(&supervisor, id, later).is_ok());
        prop_assert!(f.desk.raise_stale(later).is_ok());
        prop_assert!(f.desk.dashboard(&supervisor, 50, later).is_ok());
    }

    /// Any list query: no panic, at most a page of rows, a page past the end empty with
    /// the total (`tests/memory.rs` measures what such a call allocates).
    #[test]
    fn any_list_query_is_bounded(
        page in prop_oneof![Just(0u32), Just(1u32), Just(2u32), Just(u32::MAX), Just(u32::MAX / 2), any::<u32>()],
        page_size in prop_oneof![Just(0u32), Just(1u32), Just(50u32), Just(200u32), Just(201u32), Just(u32::MAX), any::<u32>()],
        text in proptest::option::of(prop_oneof![Just("住户".to_owned()), Just("张三".to_owned()), Just("漏水".to_owned()), Just("TS-".to_owned()), "\\PC{0,12}", Just("漏".repeat(101))]),
        department_id in proptest::option::of(prop_oneof![Just(1i64), Just(0i64), Just(-1i64), Just(i64::MAX), Just(i64::MIN), any::<i64>()]),
        category_id in proptest::option::of(prop_oneof![Just(1i64), Just(i64::MAX), any::<i64>()]),
        from in proptest::option::of(extreme_date()),
        to in proptest::option::of(extreme_date()),
        sort in prop_oneof![Just(SortKey::ReceivedAt), Just(SortKey::NextDueAt), Just(SortKey::Severity), Just(SortKey::State), Just(SortKey::CaseNo)],
        desc in any::<bool>(),
        overdue_only in any::<bool>(),
    ) {
        let f = shared();
        let clerk = f.user(Role::Receptionist);
        let q = ListQuery {
            text: text.clone(),
            department_id,
            category_id,
            from: from.map(|d| d.chars().take(12).collect()),
            to: to.map(|d| d.chars().take(12).collect()),
            sort,
            desc,
            overdue_only,
            page,
            page_size,
            ..ListQuery::default()
        };
        match f.desk.list(&clerk, &q, t0()) {
            Ok(p) => {
                prop_assert!(page >= 1 && (1..=200).contains(&page_size));
                prop_assert!(p.rows.len() <= page_size as usize);
                let offset = (u64::from(page) - 1) * u64::from(page_size);
                if offset >= p.total as u64 {
                    prop_assert!(p.rows.is_empty());
                }
                // The window's page first, its count after: the same as the whole list.
                let first = f.desk.list_first(&clerk, &q, t0()).unwrap();
                prop_assert_eq!(&first.rows, &p.rows);
                if first.counted {
                    prop_assert_eq!(&first, &p);
                }
                let count = f.desk.list_count(&clerk, &q, t0()).unwrap();
                prop_assert_eq!((count.total, count.more), (p.total, p.more));
            }
            Err(e) => {
                if let Err(msg) = named(Err::<(), _>(e), &["page", "pageSize", "text", "from", "to"]) {
                    prop_assert!(false, "{}", msg);
                }
            }
        }
    }
}

use complaint_core::model::User;

/// The reviewer's case: a minor complaint whose resident deadline is the last day chrono
/// knows. It is refused at the desk with a field error.
#[test]
fn a_deadline_in_the_year_262142_is_refused_with_its_field() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let mut input = form(Severity::Minor);
    input.resident_deadline = Some("+262142-12-31 23:59".into());
    let Err(DeskError::Invalid(fields)) = f.desk.register(&clerk, &input, t0()) else {
        panic!("accepted");
    };
    assert_eq!(fields[0].field, "residentDeadline");
    input.resident_deadline = Some("2029-01-01 10:00".into());
    let Err(DeskError::Invalid(fields)) = f.desk.register(&clerk, &input, t0()) else {
        panic!("accepted");
    };
    assert_eq!(
        fields[0].message,
        "住户要求期限不能晚于受理后2年（2028-11-28）"
    );
    assert_eq!(
        fields[0].message_en,
        "Resident's deadline cannot be after 2 years after receipt (2028-11-28)"
    );
    input.received_at = Some("2021-11-27 10:00".into());
    input.resident_deadline = None;
    let Err(DeskError::Invalid(fields)) = f.desk.register(&clerk, &input, t0()) else {
        panic!("accepted");
    };
    assert_eq!(fields[0].message, "受理时间不能早于5年前（2021-11-28）");
}

/// A far deadline already in a file (written before the bounds) does not take the detail
/// page, the one-month raise or the dashboard down after a wait on the resident.
#[test]
fn a_stored_far_deadline_after_a_wait_does_not_panic_any_reader() {
    let mut f = Fixture::new();
    let [clerk, supervisor] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let far = chrono::NaiveDate::MAX
        .and_hms_opt(15, 59, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    f.sql()
        .execute(
            "UPDATE complaints SET resident_deadline = ?1 WHERE id = ?2",
            args![far, id],
        )
        .unwrap();
    let now = t0() + Duration::minutes(5);
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "李四".into(),
            }),
            now,
        )
        .unwrap();
    f.desk
        .step(
            &supervisor,
            id,
            Step::StartWait(ReasonInput {
                reason: "住户出差".into(),
            }),
            now + Duration::hours(1),
        )
        .unwrap();
    f.desk
        .step(&supervisor, id, Step::EndWait, now + Duration::days(3))
        .unwrap();
    let later = now + Duration::days(40);
    let detail = f.desk.detail(&supervisor, id, later).unwrap();
    assert!(!detail.deadlines.is_empty());
    f.desk.raise_stale(later).unwrap();
    f.desk.dashboard(&supervisor, 50, later).unwrap();
}

/// The reviewer's case: an unfiltered search by date with the last page number used to
/// reserve `(page - 1) × size` entries and abort.
#[test]
fn the_last_page_number_gives_an_empty_page_with_the_total() {
    let f = shared();
    let clerk = f.user(Role::Receptionist);
    let q = ListQuery {
        text: Some("住户".into()),
        page: u32::MAX,
        page_size: 200,
        ..ListQuery::default()
    };
    let page = f.desk.list(&clerk, &q, t0()).unwrap();
    assert!(page.rows.is_empty());
    assert!(page.total >= 30, "{}", page.total);
    let q = ListQuery { page_size: 0, ..q };
    let Err(DeskError::Invalid(fields)) = f.desk.list(&clerk, &q, t0()) else {
        panic!("accepted");
    };
    assert_eq!(fields[0].field, "pageSize");
    assert_eq!(fields[0].message, "每页条数须在 1 至 200 之间");
}

/// A wall clock set back (NTP) between two steps: the later step is recorded at the time
/// of the one before, never before it, so the timeline and its deadlines stay in order.
#[test]
fn a_clock_set_back_never_records_an_event_before_the_last_one() {
    let mut f = Fixture::new();
    let [clerk, supervisor] = [Role::Receptionist, Role::Supervisor].map(|r| f.user(r));
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let dispatched_at = t0() + Duration::minutes(5);
    f.desk
        .step(
            &clerk,
            id,
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "李四".into(),
            }),
            dispatched_at,
        )
        .unwrap();
    let set_back = dispatched_at - Duration::minutes(3);
    f.desk
        .step(
            &supervisor,
            id,
            Step::StartWait(ReasonInput {
                reason: "住户出差".into(),
            }),
            set_back,
        )
        .unwrap();
    let events = f.desk.case(id).unwrap().1;
    let times: Vec<_> = events.iter().map(|e| e.at).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(*times.last().unwrap(), dispatched_at);
    // Once the clock is past the last event again, events take the clock's time.
    let later = dispatched_at + Duration::minutes(1);
    f.desk.step(&supervisor, id, Step::EndWait, later).unwrap();
    assert_eq!(f.desk.case(id).unwrap().1.last().unwrap().at, later);
}
