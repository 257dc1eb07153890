//! Arbitrary input never panics, never stores an invalid record, and always names the
//! bad field. (A `cargo fuzz` target needs a nightly toolchain, which this machine does
//! not have; `make test` runs the pure checks with 100,000 generated cases instead —
//! `PROPTEST_CASES`; a plain `cargo test` runs 5,000.)

use super::fixture::{form, t0, Fixture};
use chrono::{Duration, TimeZone, Utc};
use complaint_core::complaint::{FormContext, NewComplaint};
use complaint_core::deadline::{deadlines, DeadlinePolicy};
use complaint_core::model::{Channel, ContactMethod, Role, Severity};
use complaint_core::storage::reference::{Category, Department};
use complaint_core::validation::field_label;
use complaint_core::workflow::*;
use complaint_core::DeskError;
use proptest::prelude::*;

/// Nasty text: emoji, right-to-left marks, NUL and other control characters, SQL
/// fragments, CJK, and now and then a very long string.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just(String::new()),
        Just("张三".to_owned()),
        Just("3-2-1201".to_owned()),
        Just("13800138000".to_owned()),
        Just("'; DROP TABLE complaints; --".to_owned()),
        Just("\" OR 1=1 --".to_owned()),
        Just("\u{202E}\u{200F}مرحبا".to_owned()),
        Just("😀👨‍👩‍👧".to_owned()),
        Just("\u{0}\u{7}\u{1b}[2J".to_owned()),
        Just("  \t\n ".to_owned()),
        "\\PC{0,40}",
        any::<String>(),
    ];
    prop_oneof![
        200 => prop::collection::vec(pieces, 0..4).prop_map(|v| v.concat()),
        1 => (1usize..3).prop_map(|k| "漏".repeat(k * 34_000)),
    ]
}

fn when() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        nasty().prop_map(Some),
        (1900i32..2200, 0u32..14, 0u32..33, 0u32..25, 0u32..61)
            .prop_map(|(y, m, d, h, mi)| Some(format!("{y}-{m:02}-{d:02} {h:02}:{mi:02}"))),
        Just(Some("2026-11-28 09:59".to_owned())),
        Just(Some("9999-12-31 23:59".to_owned())),
        Just(Some("0000-01-01 00:00".to_owned())),
    ]
}

fn complaint() -> impl Strategy<Value = NewComplaint> {
    (
        (
            when(),
            nasty(),
            nasty(),
            nasty(),
            when(),
            nasty(),
            proptest::option::of(-3i64..8),
        ),
        (
            proptest::option::of(nasty()),
            nasty(),
            nasty(),
            when(),
            proptest::option::of(-3i64..12),
        ),
        (
            any::<bool>(),
            proptest::option::of(nasty()),
            any::<bool>(),
            proptest::option::of(nasty()),
            0usize..4,
        ),
    )
        .prop_map(
            |(
                (received, name, room, phone, occurred, location, dept),
                (accused, description, request, deadline, category),
                (valid, invalid_reason, harm, measure, sev),
            )| NewComplaint {
                received_at: received,
                channel: Channel::ALL[sev % Channel::ALL.len()],
                resident_name: name,
                room,
                phone,
                contact_method: ContactMethod::ALL[sev % ContactMethod::ALL.len()],
                occurred_at: occurred,
                location,
                department_id: dept,
                accused_person: accused,
                description,
                resident_request: request,
                resident_deadline: deadline,
                category_id: category,
                severity: [
                    Some(Severity::Major),
                    Some(Severity::Important),
                    Some(Severity::Minor),
                    None,
                ][sev],
                valid,
                invalid_reason,
                ongoing_harm: harm,
                immediate_measure: measure,
            },
        )
}

fn reference() -> (Vec<Department>, Vec<Category>) {
    let departments = (1..=5)
        .map(|id| Department {
            id,
            name: format!("部门{id}"),
            head_user_id: None,
            active: id != 5,
        })
        .collect();
    let categories = (1..=9)
        .map(|id| Category {
            id,
            name: format!("类别{id}"),
            active: true,
        })
        .collect();
    (departments, categories)
}

fn is_clean(s: &str, multiline: bool) -> bool {
    s == s.trim()
        && !s
            .chars()
            .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\t' | '\r')))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000), ..ProptestConfig::default() })]

    /// The validator alone: every outcome is either a clean record or named fields.
    #[test]
    fn the_form_check_never_lets_bad_input_through(input in complaint()) {
        let (departments, categories) = reference();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        let ctx = FormContext { tz: chrono_tz::Asia::Shanghai, now, departments: &departments, categories: &categories };
        match input.check(ctx) {
            Ok(r) => {
                for (text, max, multi) in [(&r.resident_name, 50, false), (&r.room, 30, false), (&r.description, 5000, true), (&r.resident_request, 1000, true), (&r.location, 100, false)] {
                    prop_assert!(text.chars().count() <= max && is_clean(text, multi), "stored {text:?}");
                }
                prop_assert!(!r.resident_name.is_empty() && !r.room.is_empty() && !r.description.is_empty());
                prop_assert!(complaint_core::validation::normalize_phone(&r.phone).as_deref() == Some(r.phone.as_str()));
                prop_assert!(r.received_at <= now + Duration::minutes(1));
                prop_assert!(r.occurred_at.is_none_or(|t| t <= now + Duration::minutes(1)));
                prop_assert!(r.resident_deadline.is_none_or(|d| d > r.received_at));
                prop_assert!((1..=4).contains(&r.department_id) && (1..=9).contains(&r.category_id));
                prop_assert!(r.valid || r.invalid_reason.as_deref().is_some_and(|x| !x.is_empty()));
                prop_assert!(!r.ongoing_harm || r.immediate_measure.as_deref().is_some_and(|x| !x.is_empty()));
            }
            Err(fields) => {
                prop_assert!(!fields.is_empty());
                for f in &fields {
                    let (zh, en) = field_label(&f.field);
                    prop_assert!(zh != "字段", "unknown field {}", f.field);
                    prop_assert!(f.message.starts_with(zh) && f.message_en.starts_with(en), "{f:?}");
                }
            }
        }
    }

    /// Deadlines over extreme instants never panic and come out ordered.
    #[test]
    fn deadlines_never_panic(received in -2_000_000_000_000i64..32_000_000_000_000, mut offsets in prop::collection::vec(0i64..10_000_000_000, 0..12), tz in 0usize..3) {
        // Events are recorded in time order.
        offsets.sort_unstable();
        let zones = ["Asia/Shanghai", "America/New_York", "Pacific/Kiritimati"];
        let policy = DeadlinePolicy { time_zone: zones[tz].into(), ..DeadlinePolicy::default() };
        let received = Utc.timestamp_millis_opt(received).unwrap();
        let mut c = super::deadlines::case_in(complaint_core::model::ComplaintState::InHandling, Severity::Major).0;
        c.received_at = received;
        let events: Vec<_> = offsets.iter().enumerate().map(|(i, o)| complaint_core::event::Event {
            id: i as i64 + 1, complaint_id: 1, at: received + Duration::milliseconds(*o), actor_id: 1,
            data: [complaint_core::event::EventData::Registered, complaint_core::event::EventData::WaitEnded,
                   complaint_core::event::EventData::WaitStarted { reason: "r".into() },
                   complaint_core::event::EventData::Handled { result: "ok".into() }][i % 4].clone(),
        }).collect();
        for d in deadlines(&c, &events, &policy, received + Duration::days(40)) {
            prop_assert!(d.due_at >= d.started_at || d.paused, "{d:?}");
        }
    }
}

/// One set-up desk for all cases of a property (setting one up hashes eight passwords).
static SHARED: std::sync::LazyLock<std::sync::Mutex<Fixture>> =
    std::sync::LazyLock::new(|| std::sync::Mutex::new(Fixture::new()));

fn shared() -> std::sync::MutexGuard<'static, Fixture> {
    SHARED.lock().unwrap_or_else(|p| p.into_inner())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Through the database: a refused registration writes nothing; an accepted one
    /// reads back exactly as checked.
    #[test]
    fn registration_stores_only_valid_records(input in complaint()) {
        let mut f = shared();
        let clerk = f.user(Role::Receptionist);
        let counts = |f: &Fixture| ["complaints", "events", "audit_log", "case_counters"].map(|t| f.count(t));
        let before = counts(&f);
        match f.desk.register(&clerk, &input, t0()) {
            Ok(row) => {
                let (c, _, _) = f.desk.case(row.id).unwrap();
                prop_assert!(is_clean(&c.resident_name, false) && c.description.chars().count() <= 5000);
            }
            Err(DeskError::Invalid(fields)) => {
                prop_assert!(!fields.is_empty());
                prop_assert_eq!(counts(&f), before);
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    /// Every workflow input: arbitrary text in every field never panics; a refusal
    /// names a field or a rule, and writes nothing.
    #[test]
    fn workflow_inputs_are_checked(text in nasty(), when in when(), approved in any::<bool>(), pick in 0usize..9) {
        let mut f = shared();
        let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
        let id = f.desk.register(&clerk, &form(Severity::Important), t0()).unwrap().id;
        let when = when.unwrap_or_default();
        let (actor, step) = match pick {
            0 => (clerk.clone(), Step::Dispatch(DispatchInput { department_id: None, recipient: text.clone() })),
            1 => (f.user(Role::Supervisor), Step::Forward(ForwardInput { to_name: Some(text.clone()) })),
            2 => (clerk.clone(), Step::PromiseNextReply(NextReplyInput { promised_on: when.clone() })),
            3 => (f.user(Role::Supervisor), Step::Void(ReasonInput { reason: text.clone() })),
            4 => (head.clone(), Step::RecordCorrective(CorrectiveInput { cause: text.clone(), corrective_action: text.clone(), preventive_action: "x".into(), verified_by: text.clone(), verified_on: Some(when.clone()) })),
            5 => (clerk.clone(), Step::StartWait(ReasonInput { reason: text.clone() })),
            _ => (clerk.clone(), Step::Dispatch(DispatchInput { department_id: Some(if approved { 2 } else { 99 }), recipient: text.clone() })),
        };
        let counts = |f: &Fixture| ["events", "audit_log"].map(|t| f.count(t));
        let before = counts(&f);
        match f.desk.step(&actor, id, step, t0()) {
            Ok(_) => prop_assert_eq!(counts(&f)[0], before[0] + 1),
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                if let DeskError::Invalid(fields) = &e {
                    prop_assert!(fields.iter().all(|x| field_label(&x.field).0 != "字段"), "{fields:?}");
                }
                prop_assert_eq!(counts(&f), before);
            }
        }
    }
}
