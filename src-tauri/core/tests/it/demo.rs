//! Demo data stays demo: never written into a center's own desk, marked as such, and
//! audited when it is generated in bulk.

use super::fixture::{t0, Fixture};
use complaint_core::args;
use complaint_core::seed;
use complaint_core::storage::db::Db;
use complaint_core::{Desk, DeskError};

#[test]
fn a_centers_own_desk_takes_no_demo_data() {
    let mut f = Fixture::new();
    let audit = f.count("audit_log");
    if !super::fixture::on_server() {
        assert!(!seed::demo_allowed(&f.path()).unwrap());
    }
    let err = seed::seed_demo(&mut f.desk, 1, t0()).unwrap_err();
    assert!(matches!(err, DeskError::NotADemoDesk), "{err:?}");
    let err = seed::seed_many(&mut f.desk, 100, t0()).unwrap_err();
    assert!(matches!(err, DeskError::NotADemoDesk), "{err:?}");
    assert_eq!(f.count("complaints"), 0);
    assert_eq!(f.count("audit_log"), audit);
    assert!(!f.desk.status(t0()).unwrap().demo);
}

#[test]
fn generated_complaints_are_audited_batch_by_batch_and_the_desk_says_demo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complaintdesk.db");
    assert!(seed::demo_allowed(&path).unwrap());
    let mut desk = Desk::open(&path).unwrap();
    seed::seed_many(&mut desk, 25_000, t0()).unwrap();
    assert!(desk.status(t0()).unwrap().demo);
    assert!(seed::demo_allowed(&path).unwrap(), "a demo desk takes more");
    let db: &dyn Db = desk.connection();
    let batches: Vec<(i64, i64, i64)> = db
        .all(
            "SELECT after FROM audit_log WHERE action = 'demo.generate' ORDER BY id",
            args![],
            |r| r.get::<String>(0),
        )
        .unwrap()
        .iter()
        .map(|after| {
            let after: serde_json::Value = serde_json::from_str(after).unwrap();
            let n = |key: &str| after[key].as_i64().unwrap();
            (n("fromId"), n("toId"), n("complaints"))
        })
        .collect();
    assert_eq!(batches, vec![(1, 20_000, 20_000), (20_001, 25_000, 5_000)]);
    assert_eq!(desk.verify_audit().unwrap().first_broken, None);
}
