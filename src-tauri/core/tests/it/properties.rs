//! Arbitrary input never panics, never stores an invalid record, and always names the
//! bad field. (A `cargo fuzz` target needs a nightly toolchain, which this machine does
//! not have; `make test` runs these pure checks with 100,000 generated cases instead —
//! `PROPTEST_CASES`; a plain `cargo test` runs 5,000. The same inputs through the
//! database are `stored_inputs`, 256 cases.)

use chrono::{Duration, TimeZone, Utc};
use complaint_core::complaint::{FormContext, NewComplaint};
use complaint_core::deadline::{deadlines, DeadlinePolicy};
use complaint_core::model::{Channel, ContactMethod, Severity};
use complaint_core::storage::reference::{Category, Department};
use complaint_core::validation::field_label;
use proptest::prelude::*;

/// Nasty text: emoji, right-to-left marks, NUL and other control characters, SQL
/// fragments, CJK, and now and then a very long string.
pub(super) fn nasty() -> impl Strategy<Value = String> {
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

pub(super) fn when() -> impl Strategy<Value = Option<String>> {
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

pub(super) fn complaint() -> impl Strategy<Value = NewComplaint> {
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
                accused_user_id: None,
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
                from_paper: false,
                confidential: false,
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

pub(super) fn is_clean(s: &str, multiline: bool) -> bool {
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
            data: [complaint_core::event::EventData::Registered { backfilled_at: None }, complaint_core::event::EventData::WaitEnded,
                   complaint_core::event::EventData::WaitStarted { reason: "r".into() },
                   complaint_core::event::EventData::Handled { result: "ok".into() }][i % 4].clone(),
        }).collect();
        for d in deadlines(&c, &events, &policy, received + Duration::days(40)) {
            prop_assert!(d.due_at >= d.started_at || d.paused, "{d:?}");
        }
    }
}
