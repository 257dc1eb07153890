//! The property tests' inputs through the database: a refused registration or step
//! writes nothing, an accepted one reads back as checked. 256 cases each, in the ordinary
//! test run (the 100,000-case run is for the pure checks in `properties`).

use super::fixture::{form, t0, Fixture};
use super::properties::{complaint, is_clean, nasty, when};
use complaint_core::model::{Role, Severity};
use complaint_core::validation::field_label;
use complaint_core::workflow::*;
use complaint_core::DeskError;
use proptest::prelude::*;

/// One set-up desk for all cases of a property (setting one up hashes eight passwords).
/// What is checked here is what gets written, not that it survives a power cut (the crash
/// tests do that): without an fsync per commit the cases run five times faster.
static SHARED: std::sync::LazyLock<std::sync::Mutex<Fixture>> = std::sync::LazyLock::new(|| {
    let f = Fixture::new();
    if let Some(file) = f.desk.connection().sqlite() {
        file.pragma_update(None, "synchronous", "OFF").unwrap();
    }
    std::sync::Mutex::new(f)
});

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
            2 => (clerk.clone(), Step::PromiseNextReply(NextReplyInput { promised_on: when.clone(), said: "已联系配件厂家，下周到货后上门更换".into() })),
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
