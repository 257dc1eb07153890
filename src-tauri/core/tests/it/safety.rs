//! Nothing lost: backups and restore, damaged or foreign files at start-up, lockout.

use super::fixture::{form, sh, t0, Fixture, PASSWORD};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use complaint_core::backup::{self, BackupError};
use complaint_core::backup::{check_file as check_with, RestoreRequest, Restorer};
use complaint_core::desk::LoginInput;
use complaint_core::model::{Role, Severity};
use complaint_core::storage::{self, StartupProblem, StorageError};
use complaint_core::{Desk, DeskError};
use sha2::{Digest, Sha256};
use std::path::Path;

fn check_file(path: &Path) -> storage::Result<storage::backup::FileCheck> {
    check_with(path, None)
}

/// A restore by the administrator (`id`, `name`) at `now`.
fn restore_as(
    live: &Path,
    from: &Path,
    now: chrono::DateTime<chrono::Utc>,
    (id, name): (i64, &str),
) -> Result<backup::RestoreReport, BackupError> {
    let keys = complaint_core::seal::Keys::new(live.with_file_name("keys"));
    backup::restore(&RestoreRequest {
        live,
        from,
        backups_dir: &live.with_file_name("backups"),
        keys: &keys,
        by: Restorer::Administrator { id, name },
        now,
        tz: chrono_tz::Asia::Shanghai,
    })
}

fn digest(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

fn startup_problem(path: &Path) -> StartupProblem {
    match storage::open(path) {
        Err(StorageError::Startup(p)) => p,
        other => panic!("expected a start-up problem, got {other:?}"),
    }
}

#[test]
fn a_backup_restores_and_the_replaced_file_is_kept_aside() {
    crate::file_only!();
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let admin = f.user(Role::Admin);
    let first = f
        .desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = f.desk.backup_now(&admin, dir.path(), t0()).unwrap();
    assert!(matches!(
        f.desk.backup_now(&clerk, dir.path(), t0()),
        Err(DeskError::NotPermitted { .. })
    ));
    // A plain rollback-journal file (header bytes 18–19 are 1, not WAL's 2): reading it,
    // as the restore's check does, leaves nothing beside it.
    assert_eq!(&std::fs::read(&copy).unwrap()[18..20], &[1, 1]);
    let check = check_file(&copy).unwrap();
    assert!(check.usable(), "{check:?}");
    assert_eq!(check.complaints, 1);
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside,
        vec![copy.file_name().unwrap().to_string_lossy().into_owned()]
    );
    // Work goes on after the backup, then the backup is restored.
    f.desk
        .register(&clerk, &form(Severity::Minor), t0())
        .unwrap();
    let live = f.path();
    drop(std::mem::replace(
        &mut f.desk,
        Desk::open(&dir.path().join("scratch.db")).unwrap(),
    ));
    let before = digest(&live);
    let report = restore_as(
        &live,
        &copy,
        t0() + Duration::hours(1),
        (admin.id, &admin.display_name),
    )
    .unwrap();
    let aside = report.replaced_kept_at.unwrap();
    assert!(
        aside.ends_with("complaintdesk.db.replaced-20261128-110000"),
        "{aside}"
    );
    assert_eq!(
        digest(Path::new(&aside)),
        before,
        "the replaced database is kept as it was"
    );
    let mut restored = Desk::open(&live).unwrap();
    // The restored file records the restore, by whom and from where, and its chain holds.
    let (action, actor, after): (String, i64, String) = restored
        .connection()
        .sqlite()
        .unwrap()
        .query_row(
            "SELECT action, actor_id, after FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((action.as_str(), actor), ("backup.restore", admin.id));
    assert!(after.contains(&*copy.display().to_string()), "{after}");
    assert!(after.contains("replaced-20261128-110000"), "{after}");
    assert_eq!(restored.check().unwrap().audit.unwrap().first_broken, None);
    let (c, _, _) = restored.case(first.id).unwrap();
    assert_eq!(c.case_no, "TS-20261128-001");
    assert_eq!(
        restored
            .connection()
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM complaints", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        1
    );
    // The kept file still opens, with both complaints.
    let kept = Desk::open(Path::new(&aside)).unwrap();
    assert_eq!(
        kept.connection()
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM complaints", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        2
    );
}

#[test]
fn a_bad_backup_is_refused_before_anything_is_replaced() {
    crate::file_only!();
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let live = f.path();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, just some text").unwrap();
    let tampered = dir.path().join("tampered.db");
    storage::backup::snapshot(f.file(), &tampered).unwrap();
    {
        let conn = rusqlite::Connection::open(&tampered).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit_log SET action = 'x' WHERE id = 2;",
        )
        .unwrap();
    }
    let newer = dir.path().join("newer.db");
    storage::backup::snapshot(f.file(), &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = digest(&live);
    for (file, words) in [
        (&garbage, "损坏"),
        (&tampered, "缺少或被改动的结构：audit_no_update"),
        (&newer, "更新版本"),
    ] {
        let err = restore_as(&live, file, t0(), (0, "系统")).unwrap_err();
        assert!(
            matches!(&err, BackupError::Rejected(m, _) if m.contains(words))
                || matches!(&err, BackupError::Storage(_)),
            "{err}"
        );
        assert_eq!(
            digest(&live),
            before,
            "{} changed the live database",
            file.display()
        );
    }
}

#[test]
fn no_daily_backup_is_taken_of_a_desk_not_yet_set_up() {
    crate::file_only!();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
    let backups = dir.path().join("backups");
    assert_eq!(desk.daily_backup(&backups, t0()).unwrap(), None);
    assert!(backup::list(&backups).is_empty());
}

#[test]
fn the_daily_backup_is_taken_once_per_local_day_by_the_ticking_clock() {
    crate::file_only!();
    // The app calls daily_backup on every 30-second tick; here a tick every 20 minutes for
    // 45 days, a complaint registered every morning, time injected.
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let dir = tempfile::tempdir().unwrap();
    let start = sh(2026, 11, 1, 0, 5, 0);
    let mut taken = Vec::new();
    let mut now = start;
    while now < start + Duration::days(45) {
        if now
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%H:%M")
            .to_string()
            == "09:05"
        {
            let mut input = form(Severity::Minor);
            input.occurred_at = None;
            f.desk.register(&clerk, &input, now).unwrap();
        }
        if let Some(path) = f.desk.daily_backup(dir.path(), now).unwrap() {
            taken.push((now, path));
        }
        now += Duration::minutes(20);
    }
    assert_eq!(taken.len(), 45, "one per local day");
    for (at, path) in &taken {
        // Taken at the first tick of the service center's day (00:05 in Shanghai, not UTC),
        // named by that local time.
        let local = at.with_timezone(&chrono_tz::Asia::Shanghai);
        assert_eq!(
            local.format("%H:%M").to_string(),
            "00:05",
            "{}",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            name,
            format!("complaintdesk-{}-000500.db", local.format("%Y%m%d"))
        );
    }
    // Rotation ran with every tick: the last 30 days are kept (November's newest is among
    // them, so the monthly rule adds nothing).
    let kept = backup::list(dir.path());
    let days: Vec<&str> = kept.iter().map(|b| &b.taken_at[..10]).collect();
    assert_eq!(days.len(), 30, "{days:?}");
    assert_eq!(days.first().copied(), Some("2026-12-15"));
    assert_eq!(days.last().copied(), Some("2026-11-16"));
    // The newest backup is a usable copy holding what was registered before it.
    let newest = Path::new(&kept[0].path);
    assert!(check_file(newest).unwrap().usable());
    let backed_up: i64 = rusqlite::Connection::open(newest)
        .unwrap()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        backed_up, 44,
        "the complaints of the 44 mornings before the last backup"
    );
}

#[test]
fn rotation_keeps_thirty_days_and_twelve_months() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    // Two backups a day for 400 days.
    for back in 0..400 {
        let day = today - chrono::Days::new(back);
        for time in ["083000", "180000"] {
            std::fs::write(
                dir.path()
                    .join(format!("complaintdesk-{}-{time}.db", day.format("%Y%m%d"))),
                b"x",
            )
            .unwrap();
        }
    }
    std::fs::write(dir.path().join("notes.txt"), b"not a backup").unwrap();
    backup::rotate(dir.path(), today).unwrap();
    let kept: Vec<String> = backup::list(dir.path())
        .into_iter()
        .map(|b| b.taken_at)
        .collect();
    // 30 days (newest of each), plus the newest of each earlier month back to 12 months.
    assert_eq!(
        kept.first().map(String::as_str),
        Some("2026-11-28 18:00:00")
    );
    assert!(kept.iter().all(|k| k.ends_with("18:00:00")));
    let daily = kept.iter().filter(|k| k.as_str() >= "2026-10-30").count();
    assert_eq!(daily, 30);
    let months: std::collections::BTreeSet<&str> = kept.iter().map(|k| &k[..7]).collect();
    assert_eq!(months.len(), 12);
    assert_eq!(months.first().copied(), Some("2025-12"));
    assert_eq!(
        kept.len(),
        30 + 10,
        "Oct 2026 and Nov 2026 are covered by the dailies"
    );
    assert!(dir.path().join("notes.txt").exists());
}

#[test]
fn damaged_or_foreign_files_get_a_clear_message_and_stay_untouched() {
    crate::file_only!();
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    // Garbage.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "这不是数据库".repeat(100)).unwrap();
    let before = digest(&garbage);
    assert!(matches!(
        startup_problem(&garbage),
        StartupProblem::NotADatabase(_)
    ));
    assert_eq!(digest(&garbage), before);
    // Truncated.
    let whole = dir.path().join("whole.db");
    storage::backup::snapshot(f.file(), &whole).unwrap();
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let before = digest(&cut);
    let problem = startup_problem(&cut);
    assert!(
        matches!(problem, StartupProblem::Truncated(_)),
        "{problem:?}"
    );
    assert!(problem.to_string().contains("请从最新的备份恢复"));
    assert_eq!(digest(&cut), before);
    // From a newer version.
    let newer = dir.path().join("newer.db");
    storage::backup::snapshot(f.file(), &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = digest(&newer);
    let problem = startup_problem(&newer);
    assert_eq!(
        problem,
        StartupProblem::NewerVersion {
            found: 99,
            supported: storage::MIGRATION_COUNT as i64
        }
    );
    assert!(problem.to_string().contains("更新版本"));
    assert_eq!(digest(&newer), before);
    // Locked by another program.
    let holder = rusqlite::Connection::open(f.path()).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('x', 'y');")
        .unwrap();
    assert_eq!(startup_problem(&f.path()), StartupProblem::Locked);
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(
        storage::open(&f.path()).is_ok(),
        "usable again once released"
    );
    // A folder that cannot be written (a read-only file system).
    let problem = startup_problem(Path::new("/proc/complaintdesk/complaintdesk.db"));
    assert!(
        matches!(problem, StartupProblem::ReadOnly { .. }),
        "{problem:?}"
    );
    assert!(problem.to_string().contains("无法写入数据目录"));
}

#[test]
fn five_wrong_passwords_make_the_account_wait_five_minutes() {
    crate::file_only!();
    let mut f = Fixture::new();
    let login = |f: &mut Fixture, password: &str, at| {
        f.desk.login(
            &LoginInput {
                username: "receptionist".into(),
                password: password.into(),
            },
            at,
        )
    };
    for _ in 0..4 {
        assert!(matches!(
            login(&mut f, "wrong-password", t0()),
            Err(DeskError::WrongPassword)
        ));
    }
    let until = (t0() + Duration::minutes(5)).with_timezone(&chrono_tz::Asia::Shanghai);
    let locked = login(&mut f, "wrong-password", t0()).unwrap_err();
    assert!(
        matches!(locked, DeskError::AccountLocked { until: u } if u == until.fixed_offset()),
        "{locked:?}"
    );
    // Until when, in the center's zone, in both languages.
    assert_eq!(
        locked.to_string(),
        "密码错误次数过多，账号已暂时锁定，请于 10:05 后再试"
    );
    assert_eq!(
        locked.message_en(),
        "Too many wrong passwords: the account is locked until 10:05"
    );
    assert!(matches!(
        login(&mut f, PASSWORD, t0() + Duration::minutes(4)),
        Err(DeskError::AccountLocked { .. })
    ));
    assert!(login(
        &mut f,
        PASSWORD,
        t0() + Duration::minutes(5) + Duration::seconds(1)
    )
    .is_ok());
    // A success clears the count.
    for _ in 0..4 {
        assert!(login(&mut f, "wrong-password", t0() + Duration::minutes(6)).is_err());
    }
    assert!(login(&mut f, PASSWORD, t0() + Duration::minutes(6)).is_ok());
    assert!(login(&mut f, "wrong-password", t0() + Duration::minutes(6)).is_err());
    assert!(
        login(&mut f, PASSWORD, t0() + Duration::minutes(6)).is_ok(),
        "one wrong password after a success does not lock"
    );
    let lockouts: i64 = f
        .file()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user.lockout'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lockouts, 1);
}

/// A copy cut off in the middle (the program closed while it was written) leaves a whole
/// database behind as `….db.part`; the next daily backup removes it once it has been
/// untouched for ten minutes, and leaves alone one that is still being written.
#[test]
fn the_daily_backup_removes_what_an_interrupted_copy_left() {
    crate::file_only!();
    let mut f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let left = [
        "complaintdesk-20261127-090000.db.part",
        "complaintdesk-20261127-090000.db.part-journal",
    ];
    // The files' times against the injected clock, as the desk's clock is the wall clock.
    let hour_ago = std::time::SystemTime::from(t0() - Duration::hours(1));
    for name in left {
        let file = std::fs::File::create(dir.path().join(name)).unwrap();
        file.set_len(4096).unwrap();
        file.set_modified(hour_ago).unwrap();
    }
    // Another copy, being written right now.
    let writing = dir.path().join("complaintdesk-20261128-081500.db.part");
    std::fs::write(&writing, b"x").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&writing)
        .unwrap()
        .set_modified(std::time::SystemTime::from(t0() - Duration::seconds(5)))
        .unwrap();
    let taken = f.desk.daily_backup(dir.path(), t0()).unwrap();
    assert!(taken.is_some_and(|p| p.exists()));
    for name in left {
        assert!(!dir.path().join(name).exists(), "{name} left behind");
    }
    assert!(writing.exists());
    assert_eq!(backup::list(dir.path()).len(), 1);
}

fn try_login(
    f: &mut Fixture,
    username: &str,
    password: &str,
    at: DateTime<Utc>,
) -> Result<(), DeskError> {
    f.desk
        .login(
            &LoginInput {
                username: username.into(),
                password: password.into(),
            },
            at,
        )
        .map(|_| ())
}

/// Each lockout waits longer than the one before (5, 15, 60 minutes …), so that guessing
/// cannot go on at 1,400 tries a day; a success starts again from five minutes.
#[test]
fn each_lockout_waits_longer_until_a_login_succeeds() {
    crate::file_only!();
    let mut f = Fixture::new();
    let mut at = t0();
    for wait in [5, 15, 60, 240, 1440, 1440] {
        for _ in 0..4 {
            assert!(matches!(
                try_login(&mut f, "receptionist", "wrong-password", at),
                Err(DeskError::WrongPassword)
            ));
        }
        let until = at + Duration::minutes(wait);
        let err = try_login(&mut f, "receptionist", "wrong-password", at).unwrap_err();
        assert!(
            matches!(err, DeskError::AccountLocked { until: u } if u == until.fixed_offset()),
            "after {wait} minutes expected: {err:?}"
        );
        // Not even the right password gets in before the wait is over.
        assert!(matches!(
            try_login(
                &mut f,
                "receptionist",
                PASSWORD,
                until - Duration::seconds(1)
            ),
            Err(DeskError::AccountLocked { .. })
        ));
        at = until + Duration::seconds(1);
    }
    try_login(&mut f, "receptionist", PASSWORD, at).unwrap();
    for _ in 0..4 {
        try_login(&mut f, "receptionist", "wrong-password", at).unwrap_err();
    }
    let err = try_login(&mut f, "receptionist", "wrong-password", at).unwrap_err();
    assert!(
        matches!(err, DeskError::AccountLocked { until: u } if u == (at + Duration::minutes(5)).fixed_offset()),
        "a success starts again at five minutes: {err:?}"
    );
}

/// A name nobody has is answered as a known one with a wrong password, lockout included,
/// and costs the same time: the answers do not tell which names exist.
#[test]
fn an_unknown_name_cannot_be_told_from_a_wrong_password() {
    crate::file_only!();
    let mut f = Fixture::new();
    for name in ["receptionist", "no-such-person"] {
        for _ in 0..4 {
            let err = try_login(&mut f, name, "wrong-password", t0()).unwrap_err();
            assert_eq!(err.to_string(), "用户名或密码错误", "{name}");
        }
        let err = try_login(&mut f, name, "wrong-password", t0()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "密码错误次数过多，账号已暂时锁定，请于 10:05 后再试",
            "{name}"
        );
    }
    // One argon2 verification either way: an unknown name is not answered at once.
    let timed = |f: &mut Fixture, name: &str| {
        let started = std::time::Instant::now();
        for i in 0..3 {
            let _ = try_login(f, name, "wrong-password", t0() + Duration::days(1 + i));
        }
        started.elapsed()
    };
    let known = timed(&mut f, "supervisor");
    let unknown = timed(&mut f, "nobody-at-all");
    assert!(
        unknown * 2 > known && known * 2 > unknown,
        "known {known:?}, unknown {unknown:?}"
    );
}

#[test]
fn passwords_that_are_guessed_first_are_refused() {
    crate::file_only!();
    let mut f = Fixture::new();
    let admin = f.user(Role::Admin);
    for (username, password) in [
        ("wangwu", "wangwu"),
        ("zhaoliu01", "ZhaoLiu01"),
        ("sunqi", "P@ssw0rd"),
        ("zhouba", "12345678"),
        ("wujiu", "Wuye@123"),
    ] {
        let err = f
            .desk
            .create_user(
                &admin,
                &complaint_core::desk::NewUser {
                    username: username.into(),
                    display_name: "新同事".into(),
                    role: Role::Patrol,
                    department_id: None,
                    password: password.into(),
                    extra_roles: Vec::new(),
                },
                t0(),
            )
            .unwrap_err();
        let DeskError::Invalid(fields) = err else {
            panic!("{password}: {err:?}")
        };
        assert_eq!(fields[0].field, "password", "{password}");
    }
    let patrol = f.user(Role::Patrol);
    let err = f
        .desk
        .reset_password(&admin, patrol.id, "patrol", t0())
        .unwrap_err();
    assert!(matches!(err, DeskError::Invalid(_)), "{err:?}");
}
