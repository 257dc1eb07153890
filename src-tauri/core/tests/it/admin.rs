//! Administration: users are disabled, never deleted; policy versions apply to later
//! complaints only; every change is audited.

use super::fixture::{form, t0, Fixture, PASSWORD};
use chrono::Duration;
use complaint_core::args;
use complaint_core::deadline::DeadlineKind;
use complaint_core::desk::{CategoryInput, DepartmentInput, LoginInput, SettingsInput};
use complaint_core::model::{Role, Severity};
use complaint_core::DeskError;

fn login(
    f: &mut Fixture,
    username: &str,
    password: &str,
) -> Result<complaint_core::model::User, DeskError> {
    f.desk.login(
        &LoginInput {
            username: username.into(),
            password: password.into(),
        },
        t0(),
    )
}

#[test]
fn a_disabled_user_cannot_log_in_and_keeps_their_history() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let clerk = f.user(Role::Receptionist);
    let row = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    f.desk
        .set_user_active(&admin, clerk.id, false, t0())
        .unwrap();
    // With the right password, the person learns the account is disabled; with a
    // wrong one, only that the password is wrong.
    assert!(matches!(
        login(&mut f, "receptionist", PASSWORD),
        Err(DeskError::AccountDisabled)
    ));
    assert!(matches!(
        login(&mut f, "receptionist", "Wrong@12345"),
        Err(DeskError::WrongPassword)
    ));
    assert!(matches!(
        f.desk.user(clerk.id),
        Err(DeskError::AccountDisabled)
    ));
    assert!(
        f.desk.user(clerk.id).is_err(),
        "a logged-in session of a disabled user stops"
    );
    let detail = f.desk.detail(&admin, row.id, t0()).unwrap();
    assert_eq!(detail.form.receptionist_name, "接待员");
    assert_eq!(detail.timeline[0].actor_name, "接待员");
    assert!(
        f.desk
            .set_user_active(&admin, admin.id, false, t0())
            .is_err(),
        "not yourself"
    );
    f.desk
        .set_user_active(&admin, clerk.id, true, t0())
        .unwrap();
    assert!(login(&mut f, "receptionist", PASSWORD).is_ok());
    let users = f.desk.users(&admin).unwrap();
    assert_eq!(users.len(), 8);
    assert!(
        f.desk.users(&clerk).is_err(),
        "only the administrator lists users"
    );
}

#[test]
fn passwords_are_reset_with_the_minimum_length() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let patrol = f.user(Role::Patrol);
    let err = f
        .desk
        .reset_password(&admin, patrol.id, "short", t0())
        .unwrap_err();
    assert!(
        matches!(&err, DeskError::Invalid(e) if e[0].message == "密码至少需要 8 个字符"),
        "{err:?}"
    );
    f.desk
        .reset_password(&admin, patrol.id, "Xunlou@2026", t0())
        .unwrap();
    assert!(login(&mut f, "patrol", PASSWORD).is_err());
    assert!(login(&mut f, "patrol", "Xunlou@2026").is_ok());
    assert!(matches!(
        f.desk
            .reset_password(&patrol, admin.id, "Hacked@2026", t0()),
        Err(DeskError::NotPermitted { .. })
    ));
}

#[test]
fn departments_and_categories_are_added_renamed_and_retired() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let head = f.user(Role::DepartmentHead);
    let clerk = f.user(Role::Receptionist);
    let added = f
        .desk
        .save_department(
            &admin,
            &DepartmentInput {
                id: None,
                name: "电梯维保部".into(),
                head_user_id: Some(head.id),
                active: true,
            },
            t0(),
        )
        .unwrap();
    assert_eq!(f.desk.departments().unwrap().len(), 6);
    let dup = f.desk.save_department(
        &admin,
        &DepartmentInput {
            id: None,
            name: "工程维修部".into(),
            head_user_id: None,
            active: true,
        },
        t0(),
    );
    assert!(matches!(dup, Err(DeskError::Invalid(e)) if e[0].message == "名称已存在"));
    let not_head = f.desk.save_department(
        &admin,
        &DepartmentInput {
            id: Some(added.id),
            name: "电梯维保部".into(),
            head_user_id: Some(clerk.id),
            active: true,
        },
        t0(),
    );
    assert!(matches!(not_head, Err(DeskError::Invalid(e)) if e[0].field == "headUserId"));
    f.desk
        .save_department(
            &admin,
            &DepartmentInput {
                id: Some(added.id),
                name: "电梯维保部".into(),
                head_user_id: None,
                active: false,
            },
            t0(),
        )
        .unwrap();
    let mut input = form(Severity::Minor);
    input.department_id = Some(added.id);
    let err = f.desk.register(&clerk, &input, t0()).unwrap_err();
    assert!(matches!(err, DeskError::Invalid(e) if e[0].message == "被投诉部门不存在或已停用"));

    let k = f
        .desk
        .save_category(
            &admin,
            &CategoryInput {
                id: None,
                name: "电梯".into(),
                active: true,
            },
            t0(),
        )
        .unwrap();
    f.desk
        .save_category(
            &admin,
            &CategoryInput {
                id: Some(k.id),
                name: "电梯故障".into(),
                active: true,
            },
            t0(),
        )
        .unwrap();
    assert_eq!(
        f.desk.categories().unwrap().last().unwrap().name,
        "电梯故障"
    );
    let audited: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action IN ('department.save', 'category.save')",
            args![],
        )
        .unwrap();
    assert_eq!(audited, 4);
}

#[test]
fn a_new_policy_applies_to_complaints_registered_afterwards() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    let clerk = f.user(Role::Receptionist);
    let before = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let mut policy = f.desk.settings(&admin).unwrap().policy;
    policy.dispatch_minutes = 5;
    let bad = complaint_core::deadline::DeadlinePolicy {
        time_zone: "Mars/Base".into(),
        ..policy.clone()
    };
    assert!(
        matches!(f.desk.save_policy(&admin, &bad, t0()), Err(DeskError::Invalid(e)) if e[0].field == "timeZone")
    );
    assert_eq!(f.desk.save_policy(&admin, &policy, t0()).unwrap(), 2);
    let after = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let due = |f: &mut Fixture, id| {
        f.desk
            .deadlines(id, t0())
            .unwrap()
            .into_iter()
            .find(|d| d.kind == DeadlineKind::Dispatch)
            .unwrap()
            .due_at
    };
    assert_eq!(due(&mut f, before.id), t0() + Duration::minutes(10));
    assert_eq!(due(&mut f, after.id), t0() + Duration::minutes(5));
    assert_eq!(
        f.desk
            .detail(&admin, after.id, t0())
            .unwrap()
            .form
            .policy_version,
        2
    );
    let versions = f.desk.policy_versions(&admin).unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| v.policy.dispatch_minutes)
            .collect::<Vec<_>>(),
        [10, 5]
    );
}

#[test]
fn settings_name_the_center_and_the_idle_lock() {
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    assert_eq!(f.desk.idle_lock_minutes().unwrap(), 10);
    let bad = SettingsInput {
        center_name: " ".into(),
        center_phone: "12".into(),
        idle_lock_minutes: 0,
    };
    let err = f.desk.save_settings(&admin, &bad, t0()).unwrap_err();
    assert!(
        matches!(&err, DeskError::Invalid(e) if e.len() == 3),
        "{err:?}"
    );
    f.desk
        .save_settings(
            &admin,
            &SettingsInput {
                center_name: "翠湖物业服务中心".into(),
                center_phone: "0755 8888 6666".into(),
                idle_lock_minutes: 5,
            },
            t0(),
        )
        .unwrap();
    assert_eq!(
        f.desk.status(t0()).unwrap().center_name.as_deref(),
        Some("翠湖物业服务中心")
    );
    assert_eq!(f.desk.idle_lock_minutes().unwrap(), 5);
    assert_eq!(
        f.desk.settings(&admin).unwrap().center_phone,
        "0755-88886666",
        "kept as the receipt prints it"
    );
}

/// Everyone changes their own password: the old one is asked for, the new one follows the
/// rules and differs; the change is audited and the old password no longer logs in.
#[test]
fn everyone_changes_their_own_password() {
    use complaint_core::desk::LoginInput;
    use complaint_core::DeskError;
    let mut f = super::fixture::Fixture::new();
    let clerk = f.user(complaint_core::model::Role::Receptionist);
    let t = super::fixture::t0();
    let fields = |r: Result<(), DeskError>| match r {
        Err(DeskError::Invalid(f)) => f.into_iter().map(|e| e.field).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    let pw = super::fixture::PASSWORD;
    assert_eq!(
        fields(
            f.desk
                .change_own_password(&clerk, "wrong-old", "Harbour@2027", t)
        ),
        ["oldPassword"]
    );
    assert_eq!(
        fields(f.desk.change_own_password(&clerk, pw, pw, t)),
        ["newPassword"]
    );
    assert_eq!(
        fields(f.desk.change_own_password(&clerk, pw, "12345678", t)),
        ["newPassword"]
    );
    f.desk
        .change_own_password(&clerk, pw, "Harbour@2027", t)
        .unwrap();
    let login = |f: &mut super::fixture::Fixture, password: &str| {
        f.desk.login(
            &LoginInput {
                username: clerk.username.clone(),
                password: password.into(),
            },
            t,
        )
    };
    assert!(login(&mut f, pw).is_err());
    assert!(login(&mut f, "Harbour@2027").is_ok());
    let audited: i64 = f
        .sql()
        .scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'user.changePassword' AND actor_id = ?1",
            args![clerk.id],
        )
        .unwrap();
    assert_eq!(audited, 1);
}
