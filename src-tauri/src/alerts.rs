//! Background duties of the window: the daily backup and search-index upkeep, the
//! one-month raise (4.3 c) and native notifications when a deadline the user logged in
//! must meet turns amber (预警, the policy's warning share of its window left) or passes
//! (超时).

use crate::commands::complaints::CHANGED;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use complaint_core::desk::DeadlineAlert;
use complaint_core::storage::complaints::ComplaintRow;
use complaint_core::DeskError;
use serde::Serialize;
use std::collections::HashSet;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use ts_rs::TS;

/// How far back the first round after start looks for deadlines that crossed (later
/// rounds look back to the round before).
const FIRST_LOOK_BACK_MINUTES: i64 = 60;

/// A background duty that failed: shown in the window, sent as a notification and written
/// to the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DutyFailure {
    /// Which duty: `backup`, `searchIndex`, `raise`, `alerts` or `tick` (a panic).
    pub duty: String,
    /// What happened, in Chinese.
    pub message: String,
    /// The same in English.
    pub message_en: String,
}

impl DutyFailure {
    fn new(duty: &str, what_zh: &str, what_en: &str, detail: &DeskError) -> Self {
        Self {
            duty: duty.into(),
            message: format!("{what_zh}：{detail}"),
            message_en: format!("{what_en}: {}", detail.message_en()),
        }
    }
}

/// Emitted with a [`DutyFailure`].
pub const DUTY_FAILED: &str = "duty-failed";

/// What one tick did.
#[derive(Debug, Default)]
pub struct TickOutcome {
    /// Complaints raised to major a month after registration.
    pub raised: Vec<ComplaintRow>,
    /// Deadlines the user logged in must meet that turned amber or passed this round.
    pub alerts: Vec<DeadlineAlert>,
    /// Extension requests waiting for the approver logged in at this desk.
    pub approvals: Vec<ComplaintRow>,
    /// Every duty that failed.
    pub failures: Vec<DutyFailure>,
}

/// Runs forever on its own thread, once every `period`. A tick that panics is reported
/// and the next one runs as usual: the daily backup must not stop silently.
pub fn run(app: AppHandle, period: std::time::Duration) {
    let mut warned = Warned::default();
    let mut since: Option<DateTime<Utc>> = None;
    loop {
        let ticked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tick(&app, &mut warned, &mut since)
        }));
        if ticked.is_err() {
            report(
                &app,
                &DutyFailure {
                    duty: "tick".into(),
                    message: "后台任务意外中止，已记入日志；下一轮照常运行".into(),
                    message_en:
                        "A background duty stopped unexpectedly (see the log); the next round runs as usual"
                            .into(),
                },
            );
        }
        std::thread::sleep(period);
    }
}

/// The duties of one tick at `now`, without the window: the daily backup and index
/// upkeep, the one-month raise and the deadlines that crossed since `since`. Each
/// failure is collected, none stops the others.
pub fn duties(state: &AppState, since: DateTime<Utc>, now: DateTime<Utc>) -> TickOutcome {
    let mut out = TickOutcome::default();
    if state
        .startup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some()
    {
        return out; // nothing to watch on an empty desk
    }
    // The daily backup (the first tick of each local day), with rotation, then the search
    // index's upkeep: beside the desk, which is held only to read where its file is.
    let upkeep = state.desk().daily_upkeep(now);
    match upkeep.and_then(|u| {
        u.map(|u| u.backup(&state.backups_dir(), now).map(|b| (u, b)))
            .transpose()
    }) {
        Ok(Some((upkeep, Some(_)))) => {
            if let Err(e) = upkeep.tidy_search_index() {
                out.failures.push(DutyFailure::new(
                    "searchIndex",
                    "整理搜索索引失败",
                    "Tidying the search index failed",
                    &e,
                ));
            }
        }
        Ok(_) => {}
        Err(e) => out.failures.push(DutyFailure::new(
            "backup",
            "自动备份失败",
            "The daily backup failed",
            &e,
        )),
    }
    match state.desk().raise_stale(now) {
        Ok(raised) => out.raised = raised,
        Err(e) => out.failures.push(DutyFailure::new(
            "raise",
            "满一个月自动升级为重大失败",
            "Raising month-old complaints to major failed",
            &e,
        )),
    }
    let alerts = {
        let desk = state.desk();
        state
            .user_id()
            .map(|id| desk.user(id))
            .transpose()
            .and_then(|user| desk.deadline_alerts(user.as_ref(), since, now))
    };
    match alerts {
        Ok(alerts) => out.alerts = alerts,
        Err(e) => out.failures.push(DutyFailure::new(
            "alerts",
            "读取预警和超时的期限失败",
            "Reading the deadlines warned or passed failed",
            &e,
        )),
    }
    // Extension requests that landed in the queue of whoever is logged in here.
    if let Some(id) = state.user_id() {
        let desk = state.desk();
        match desk
            .user(id)
            .and_then(|user| desk.awaiting_approval(&user, now))
        {
            Ok(rows) => out.approvals = rows,
            Err(e) => out.failures.push(DutyFailure::new(
                "approvals",
                "读取待审批的延期申请失败",
                "Reading the extension requests to decide failed",
                &e,
            )),
        }
    }
    out
}

/// What has been notified already: each extension request once.
#[derive(Default)]
struct Warned {
    approvals: HashSet<i64>,
}

fn tick(app: &AppHandle, warned: &mut Warned, since: &mut Option<DateTime<Utc>>) {
    let state = app.state::<AppState>();
    let now = state.clock.now();
    // Each round announces what crossed since the round before; a clock set back never
    // announces the same crossing twice over a long span.
    let from = since
        .unwrap_or(now - Duration::minutes(FIRST_LOOK_BACK_MINUTES))
        .min(now);
    *since = Some(now);
    let out = duties(&state, from, now);
    for failure in &out.failures {
        report(app, failure);
    }
    if !out.raised.is_empty() {
        let _ = app.emit("complaints-raised", &out.raised);
        let _ = app.emit(CHANGED, ());
        for row in &out.raised {
            notify(
                app,
                "投诉已自动升级为重大",
                &format!(
                    "{} {} 登记已满一个月仍未处理完毕",
                    row.case_no, row.resident_name
                ),
            );
        }
    }
    notify_approvals(app, &out.approvals, warned);
    for alert in &out.alerts {
        let (title, body) = alert_text(alert);
        notify(app, &title, &body);
    }
}

/// A deadline's notification: what, which case and department, due when. No resident's
/// details: the notification centre is seen by whoever passes the screen.
pub fn alert_text(a: &DeadlineAlert) -> (String, String) {
    let due = a.due_at.format("%m月%d日 %H:%M");
    let kind = a.kind.label_zh();
    if a.overdue {
        (
            format!("{kind}已超时"),
            format!("{} {}：{kind}期限 {due} 已过", a.case_no, a.department_name),
        )
    } else {
        (
            format!("{kind}预警"),
            format!("{} {}：{kind}将于 {due} 到期", a.case_no, a.department_name),
        )
    }
}

/// The notification of an extension request: the case number only (the desk may be
/// locked; its window hides the rest until unlocked).
fn notify_approvals(app: &AppHandle, rows: &[ComplaintRow], warned: &mut Warned) {
    for row in rows {
        if warned.approvals.insert(row.id) {
            notify(
                app,
                "延期申请待审批",
                &format!("{} 申请延期，请在“待审批延期”中审批", row.case_no),
            );
        }
    }
    // A decided request leaves the queue; asked again later, it is notified again.
    warned
        .approvals
        .retain(|id| rows.iter().any(|row| row.id == *id));
}

/// A failed duty: to the log, to the window (which shows it until dismissed) and as a
/// notification.
fn report(app: &AppHandle, failure: &DutyFailure) {
    crate::log::write("ERROR", &format!("{}: {}", failure.duty, failure.message));
    let _ = app.emit(DUTY_FAILED, failure);
    notify(app, "后台任务失败", &failure.message);
}

fn notify(app: &AppHandle, title: &str, body: &str) {
    // Without a notification service (a bare X server) there is nothing to show; the
    // dashboard still shows every deadline.
    let _ = app.notification().builder().title(title).body(body).show();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use complaint_core::desk::SetupInput;
    use complaint_core::Desk;

    fn state() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
        desk.setup(
            &SetupInput {
                center_name: "测试中心".into(),
                admin_username: "admin".into(),
                admin_display_name: "管理员".into(),
                admin_password: "Admin@12345".into(),
            },
            "2026-10-01T02:00:00Z".parse().unwrap(),
        )
        .unwrap();
        let data_dir = dir.path().to_path_buf();
        let keys = complaint_core::seal::Keys::new(dir.path().join("keys"));
        (
            dir,
            AppState::new(desk, Clock::from_env(), data_dir, keys, None),
        )
    }

    #[test]
    fn every_failed_duty_is_reported_and_the_others_still_run() {
        let (dir, state) = state();
        let now: DateTime<Utc> = "2026-11-29T02:00:00Z".parse().unwrap();
        // The backups folder cannot be made (a file stands in its place), and every new
        // event is refused, so the one-month raise fails.
        std::fs::write(dir.path().join("backups"), b"not a folder").unwrap();
        register_month_old(&state);
        {
            let desk = state.desk();
            let conn: &dyn complaint_core::storage::db::Db = desk.connection();
            conn.batch(
                "CREATE TRIGGER injected_failure BEFORE INSERT ON events
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            )
            .unwrap();
        }
        let out = duties(&state, now - Duration::hours(1), now);
        let failed: Vec<&str> = out.failures.iter().map(|f| f.duty.as_str()).collect();
        assert_eq!(failed, ["backup", "raise"], "{:?}", out.failures);
        assert!(out.failures[0].message.starts_with("自动备份失败："));
        assert!(out.failures[1].message_en.contains("injected failure"));
        // Once the cause is gone, the next round does its work.
        std::fs::remove_file(dir.path().join("backups")).unwrap();
        complaint_core::storage::db::Db::batch(
            state.desk().connection(),
            "DROP TRIGGER injected_failure;",
        )
        .unwrap();
        let out = duties(&state, now - Duration::hours(1), now);
        assert!(out.failures.is_empty(), "{:?}", out.failures);
        assert_eq!(out.raised.len(), 1);
        assert!(
            std::fs::read_dir(dir.path().join("backups"))
                .unwrap()
                .count()
                > 0
        );
    }

    /// An extension request reaches the approver logged in at this desk, and only them.
    #[test]
    fn an_extension_request_is_announced_to_the_approver_logged_in() {
        use complaint_core::model::Role;
        use complaint_core::workflow::{DispatchInput, ExtensionRequestInput, Step};
        let (_dir, state) = state();
        let now: DateTime<Utc> = "2026-10-02T03:00:00Z".parse().unwrap();
        register_month_old(&state);
        let [head, manager] = {
            let mut desk = state.desk();
            let admin = desk.user(1).unwrap();
            [("bumen", Role::DepartmentHead), ("jingli", Role::Manager)].map(|(name, role)| {
                desk.create_user(
                    &admin,
                    &complaint_core::desk::NewUser {
                        username: name.into(),
                        display_name: name.into(),
                        role,
                        department_id: (role == Role::DepartmentHead).then_some(1),
                        password: "Staff@12345".into(),
                        extra_roles: Vec::new(),
                    },
                    now,
                )
                .unwrap()
            })
        };
        {
            let mut desk = state.desk();
            let clerk = desk.user(2).unwrap();
            let dispatch = Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: "吴涛".into(),
            });
            desk.step(&clerk, 1, dispatch, now).unwrap();
            let ask = Step::RequestExtension(ExtensionRequestInput {
                new_deadline: "2026-10-09 18:00".into(),
                reason: "配件需订货".into(),
            });
            desk.step(&head, 1, ask, now).unwrap();
        }
        assert!(
            duties(&state, now - Duration::hours(1), now)
                .approvals
                .is_empty(),
            "nobody logged in"
        );
        state.set_user(Some(head.id));
        assert!(
            duties(&state, now - Duration::hours(1), now)
                .approvals
                .is_empty(),
            "not the approver"
        );
        state.set_user(Some(manager.id));
        let out = duties(&state, now - Duration::hours(1), now);
        assert!(out.failures.is_empty(), "{:?}", out.failures);
        assert_eq!(out.approvals.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
    }

    /// The reception desk, idle, hears of the dispatch turning amber and passing, once
    /// each, by case and department only.
    #[test]
    fn a_deadline_is_announced_as_it_turns_amber_and_as_it_passes() {
        let (_dir, state) = state();
        register_month_old(&state); // 2026-10-02 10:00 Shanghai, dispatch due 10:10
        let at = |m: u32, s: u32| -> DateTime<Utc> {
            format!("2026-10-02T02:{m:02}:{s:02}Z").parse().unwrap()
        };
        let round = |since, now| duties(&state, since, now).alerts;
        assert!(round(at(5, 0), at(7, 0)).is_empty(), "not yet");
        let amber = round(at(7, 0), at(8, 0));
        assert_eq!(amber.len(), 1, "{amber:?}");
        assert!(!amber[0].overdue);
        let (title, body) = alert_text(&amber[0]);
        assert_eq!(title, "派发预警");
        assert!(
            body.contains("10月02日 10:10") && !body.contains("张三"),
            "{body}"
        );
        assert!(round(at(8, 0), at(9, 0)).is_empty(), "announced once");
        let passed = round(at(9, 0), at(10, 30));
        assert_eq!(passed.len(), 1);
        assert_eq!(alert_text(&passed[0]).0, "派发已超时");
    }

    fn register_month_old(state: &AppState) {
        use complaint_core::complaint::NewComplaint;
        use complaint_core::model::{Channel, ContactMethod, Severity};
        let mut desk = state.desk();
        let admin = desk.user(1).unwrap();
        let clerk = desk
            .create_user(
                &admin,
                &complaint_core::desk::NewUser {
                    username: "jiedai".into(),
                    display_name: "接待员".into(),
                    role: complaint_core::model::Role::Receptionist,
                    department_id: None,
                    password: "Clerk@12345".into(),
                    extra_roles: Vec::new(),
                },
                "2026-10-01T02:00:00Z".parse().unwrap(),
            )
            .unwrap();
        let form = NewComplaint {
            received_at: None,
            channel: Channel::Visit,
            resident_name: "张三".into(),
            room: "3-2-1201".into(),
            phone: "13800138000".into(),
            contact_method: ContactMethod::Phone,
            occurred_at: None,
            location: "3号楼".into(),
            department_id: Some(1),
            accused_person: None,
            accused_user_id: None,
            description: "厨房水管漏水。".into(),
            resident_request: "尽快维修".into(),
            resident_deadline: None,
            category_id: Some(1),
            severity: Some(Severity::Minor),
            valid: true,
            invalid_reason: None,
            ongoing_harm: false,
            immediate_measure: None,
            from_paper: false,
            confidential: false,
        };
        desk.register(&clerk, &form, "2026-10-02T02:00:00Z".parse().unwrap())
            .unwrap();
    }
}
