//! Every guarded call of the desk (what each window command runs) with every role:
//! refused with NotPermitted exactly when the role × action table says no.

use super::fixture::{form, t0, Fixture};
use chrono::NaiveDate;
use complaint_core::deadline::DeadlinePolicy;
use complaint_core::desk::{CategoryInput, DepartmentInput, NewUser, SettingsInput};
use complaint_core::model::{Role, Severity, User};
use complaint_core::roles::{permits, Action};
use complaint_core::stats::Period;
use complaint_core::storage::complaints::ListQuery;
use complaint_core::{Desk, DeskError};
use std::path::PathBuf;

type Call = Box<dyn Fn(&mut Desk, &User, i64) -> Result<(), DeskError>>;

fn font() -> &'static printpdf::ParsedFont {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../resources/fonts")
        .join(complaint_core::pdf::FONT_FILE);
    static FONT: std::sync::OnceLock<printpdf::ParsedFont> = std::sync::OnceLock::new();
    FONT.get_or_init(|| complaint_core::pdf::load_font(&path).unwrap())
}

fn calls(dir: PathBuf) -> Vec<(&'static str, Action, Call)> {
    let month = || Period::parse_month("2026-11").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    vec![
        (
            "register",
            Action::Register,
            Box::new(|d, u, _| d.register(u, &form(Severity::Minor), t0()).map(drop)),
        ),
        (
            "list",
            Action::View,
            Box::new(|d, u, _| d.list(u, &ListQuery::default(), t0()).map(drop)),
        ),
        (
            "repeats",
            Action::Register,
            Box::new(|d, u, _| d.repeats(u, "3-2-1201", "", t0()).map(drop)),
        ),
        (
            "dashboard",
            Action::View,
            Box::new(|d, u, _| d.dashboard(u, 10, t0()).map(drop)),
        ),
        (
            "detail",
            Action::View,
            Box::new(|d, u, id| d.detail(u, id, t0()).map(drop)),
        ),
        (
            "print_form",
            Action::View,
            Box::new(|d, u, id| d.print_form(u, id, font(), t0()).map(drop)),
        ),
        (
            "print_register",
            Action::View,
            Box::new(move |d, u, _| d.print_register(u, (day, day), font(), t0()).map(drop)),
        ),
        (
            "export_complaints",
            Action::Export,
            Box::new(|d, u, _| {
                d.export_complaints(u, &ListQuery::default(), t0())
                    .map(drop)
            }),
        ),
        (
            "users",
            Action::Administer,
            Box::new(|d, u, _| d.users(u).map(drop)),
        ),
        (
            "create_user",
            Action::Administer,
            Box::new(|d, u, _| {
                let name = format!("new{}", u.id);
                d.create_user(
                    u,
                    &NewUser {
                        username: name,
                        display_name: "新人".into(),
                        role: Role::Patrol,
                        department_id: None,
                        password: "Xinren@2026".into(),
                        extra_roles: Vec::new(),
                    },
                    t0(),
                )
                .map(drop)
            }),
        ),
        (
            "set_user_active",
            Action::Administer,
            Box::new(|d, u, _| d.set_user_active(u, 2, true, t0()).map(drop)),
        ),
        (
            "reset_password",
            Action::Administer,
            Box::new(|d, u, _| d.reset_password(u, 2, "Reset@2026x", t0())),
        ),
        (
            "save_department",
            Action::Administer,
            Box::new(|d, u, _| {
                d.save_department(
                    u,
                    &DepartmentInput {
                        id: Some(2),
                        name: "秩序维护部".into(),
                        head_user_id: None,
                        active: true,
                    },
                    t0(),
                )
                .map(drop)
            }),
        ),
        (
            "save_category",
            Action::Administer,
            Box::new(|d, u, _| {
                d.save_category(
                    u,
                    &CategoryInput {
                        id: Some(2),
                        name: "安保".into(),
                        active: true,
                    },
                    t0(),
                )
                .map(drop)
            }),
        ),
        (
            "settings",
            Action::Administer,
            Box::new(|d, u, _| d.settings(u).map(drop)),
        ),
        (
            "save_settings",
            Action::Administer,
            Box::new(|d, u, _| {
                d.save_settings(
                    u,
                    &SettingsInput {
                        center_name: "阳光花园物业服务中心".into(),
                        center_phone: String::new(),
                        idle_lock_minutes: 10,
                    },
                    t0(),
                )
            }),
        ),
        (
            "save_policy",
            Action::Administer,
            Box::new(|d, u, _| d.save_policy(u, &DeadlinePolicy::default(), t0()).map(drop)),
        ),
        (
            "policy_versions",
            Action::Administer,
            Box::new(|d, u, _| d.policy_versions(u).map(drop)),
        ),
        (
            "backup_now",
            Action::Administer,
            Box::new(move |d, u, _| d.backup_now(u, &dir, t0()).map(drop)),
        ),
        (
            "audit_page",
            Action::ViewAudit,
            Box::new(|d, u, _| d.audit_page(u, 1, 20).map(drop)),
        ),
        (
            "audit_check",
            Action::ViewAudit,
            Box::new(|d, u, _| d.audit_check(u).map(drop)),
        ),
        (
            "statistics",
            Action::Statistics,
            Box::new(move |d, u, _| d.statistics(u, month(), t0()).map(drop)),
        ),
        (
            "statistics_trend",
            Action::Statistics,
            Box::new(|d, u, _| d.statistics_trend(u, 12, t0()).map(drop)),
        ),
        (
            "report_text",
            Action::Statistics,
            Box::new(|d, u, _| d.report_text(u, "2026-11").map(drop)),
        ),
        (
            "calendar_gap",
            Action::Administer,
            Box::new(|d, u, _| d.calendar_gap(u, t0()).map(drop)),
        ),
        (
            "report_reminder",
            Action::Statistics,
            Box::new(|d, u, _| d.report_reminder(u, t0()).map(drop)),
        ),
        (
            "export_statistics",
            Action::Export,
            Box::new(move |d, u, _| d.export_statistics(u, month(), t0()).map(drop)),
        ),
        (
            "print_report",
            Action::Statistics,
            Box::new(|d, u, _| d.print_report(u, "2026-11", font(), t0()).map(drop)),
        ),
        (
            "save_report_text",
            Action::WriteReport,
            Box::new(|d, u, _| {
                d.save_report_text(u, "2026-11", "本月投诉以维修类为主。", t0())
                    .map(drop)
            }),
        ),
        (
            "mark_report_submitted",
            Action::WriteReport,
            Box::new(|d, u, _| d.mark_report_submitted(u, "2026-11", t0()).map(drop)),
        ),
    ]
}

#[test]
fn every_call_with_every_role() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let id = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap()
        .id;
    let backups = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (name, action, call) in calls(backups.path().to_path_buf()) {
        for &role in Role::ALL {
            let user = f.user(role);
            let result = call(&mut f.desk, &user, id);
            let refused = matches!(result, Err(DeskError::NotPermitted { .. }));
            assert_eq!(
                refused,
                !permits(role, action),
                "{name} as {role:?}: {result:?}"
            );
            if !refused {
                assert!(result.is_ok(), "{name} as {role:?} failed: {result:?}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 30 * 8);
}
