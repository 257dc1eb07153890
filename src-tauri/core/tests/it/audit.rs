//! The audit chain: intact after real work, and a tampered row is named.

use super::fixture::{form, t0, Fixture};
use complaint_core::model::{Role, Severity};

#[test]
fn tampering_with_one_row_is_found_and_named() {
    crate::file_only!();
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    for _ in 0..3 {
        f.desk
            .register(&clerk, &form(Severity::Minor), t0())
            .unwrap();
    }
    let check = f.desk.verify_audit().unwrap();
    assert_eq!(check.first_broken, None);
    assert!(
        check.entries >= 10,
        "set-up, users and registrations are audited: {check:?}"
    );
    let target: i64 = f
        .file()
        .query_row("SELECT id FROM audit_log WHERE action = 'complaint.register' ORDER BY id LIMIT 1 OFFSET 1", [], |r| r.get(0))
        .unwrap();
    // Bypass the append-only trigger, as someone with the file and a SQLite shell could.
    let conn = f.file();
    conn.execute_batch("DROP TRIGGER audit_no_update").unwrap();
    conn.execute(
        "UPDATE audit_log SET after = replace(after, '张三', '王五') WHERE id = ?1",
        [target],
    )
    .unwrap();
    assert_eq!(f.desk.verify_audit().unwrap().first_broken, Some(target));
}

#[test]
fn a_removed_row_breaks_the_chain_at_the_next_one() {
    crate::file_only!();
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    for _ in 0..3 {
        f.desk
            .register(&clerk, &form(Severity::Minor), t0())
            .unwrap();
    }
    let conn = f.file();
    let last: i64 = conn
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("DROP TRIGGER audit_no_delete").unwrap();
    conn.execute("DELETE FROM audit_log WHERE id = ?1", [last - 1])
        .unwrap();
    assert_eq!(f.desk.verify_audit().unwrap().first_broken, Some(last));
}
