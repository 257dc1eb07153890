//! Background duties of the window: the daily backup and search-index upkeep, the
//! one-month raise (4.3 c) and native notifications when a dispatch or forward deadline
//! is two minutes away or passed.

use crate::commands::complaints::CHANGED;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use complaint_core::deadline::DeadlineKind;
use complaint_core::storage::complaints::ComplaintRow;
use complaint_core::DeskError;
use serde::Serialize;
use std::collections::HashSet;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use ts_rs::TS;

/// How long before a dispatch or forward deadline the desk is warned.
const WARN_BEFORE_MINUTES: i64 = 2;

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
    /// Complaints whose dispatch or forward deadline is near or passed.
    pub urgent: Vec<ComplaintRow>,
    /// Extension requests waiting for the approver logged in at this desk.
    pub approvals: Vec<ComplaintRow>,
    /// Every duty that failed.
    pub failures: Vec<DutyFailure>,
}

/// Runs forever on its own thread, once every `period`. A tick that panics is reported
/// and the next one runs as usual: the daily backup must not stop silently.
pub fn run(app: AppHandle, period: std::time::Duration) {
    let mut warned = Warned::default();
    loop {
        let ticked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tick(&app, &mut warned)));
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
/// upkeep, the one-month raise and the urgent deadlines. Each failure is collected, none
/// stops the others.
pub fn duties(state: &AppState, now: DateTime<Utc>) -> TickOutcome {
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
    match state
        .desk()
        .urgent(now + Duration::minutes(WARN_BEFORE_MINUTES), now)
    {
        Ok(urgent) => out.urgent = urgent,
        Err(e) => out.failures.push(DutyFailure::new(
            "alerts",
            "读取即将到期的投诉失败",
            "Reading the deadlines due soon failed",
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

/// What has been notified already: each deadline once as near and once as passed, each
/// extension request once.
#[derive(Default)]
struct Warned {
    deadlines: HashSet<(i64, DeadlineKind, bool)>,
    approvals: HashSet<i64>,
}

fn tick(app: &AppHandle, warned: &mut Warned) {
    let state = app.state::<AppState>();
    let out = duties(&state, state.clock.now());
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
    for row in out.urgent {
        let Some(kind) = row.next_due_kind else {
            continue;
        };
        let key = (row.id, kind, row.overdue);
        if warned.deadlines.insert(key) {
            notify(
                app,
                &title(&row, kind),
                &format!("{} {} {}", row.case_no, row.room, row.resident_name),
            );
        }
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

fn title(row: &ComplaintRow, kind: DeadlineKind) -> String {
    if row.overdue {
        format!("{}已超时", kind.label_zh())
    } else {
        format!(
            "{}即将到期（{} 分钟内）",
            kind.label_zh(),
            WARN_BEFORE_MINUTES
        )
    }
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
            let conn = desk.connection();
            conn.execute_batch(
                "CREATE TRIGGER injected_failure BEFORE INSERT ON events
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            )
            .unwrap();
        }
        let out = duties(&state, now);
        let failed: Vec<&str> = out.failures.iter().map(|f| f.duty.as_str()).collect();
        assert_eq!(failed, ["backup", "raise"], "{:?}", out.failures);
        assert!(out.failures[0].message.starts_with("自动备份失败："));
        assert!(out.failures[1].message_en.contains("injected failure"));
        // Once the cause is gone, the next round does its work.
        std::fs::remove_file(dir.path().join("backups")).unwrap();
        state
            .desk()
            .connection()
            .execute_batch("DROP TRIGGER injected_failure;")
            .unwrap();
        let out = duties(&state, now);
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
        assert!(duties(&state, now).approvals.is_empty(), "nobody logged in");
        state.set_user(Some(head.id));
        assert!(duties(&state, now).approvals.is_empty(), "not the approver");
        state.set_user(Some(manager.id));
        let out = duties(&state, now);
        assert!(out.failures.is_empty(), "{:?}", out.failures);
        assert_eq!(out.approvals.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
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
