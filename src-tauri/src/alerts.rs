//! Background duties of the window: the daily backup and search-index upkeep, the
//! one-month raise (4.3 c) and native notifications when a dispatch or forward deadline
//! is two minutes away or passed.

use crate::commands::complaints::CHANGED;
use crate::state::AppState;
use chrono::Duration;
use complaint_core::deadline::DeadlineKind;
use complaint_core::storage::complaints::ComplaintRow;
use std::collections::HashSet;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

/// How long before a dispatch or forward deadline the desk is warned.
const WARN_BEFORE_MINUTES: i64 = 2;

/// Runs forever on its own thread, once every `period`.
pub fn run(app: AppHandle, period: std::time::Duration) {
    let mut warned: HashSet<(i64, DeadlineKind, bool)> = HashSet::new();
    loop {
        tick(&app, &mut warned);
        std::thread::sleep(period);
    }
}

fn tick(app: &AppHandle, warned: &mut HashSet<(i64, DeadlineKind, bool)>) {
    let state = app.state::<AppState>();
    let now = state.clock.now();
    if state
        .startup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some()
    {
        return; // nothing to watch on an empty desk
    }
    // The daily backup (the first tick of each local day), with rotation, then the search
    // index's upkeep: beside the desk, which is held only to read where its file is.
    let upkeep = state.desk().daily_upkeep(now);
    match upkeep {
        Ok(Some(upkeep)) => match upkeep.backup(&state.backups_dir(), now) {
            Ok(Some(_)) => {
                if let Err(e) = upkeep.tidy_search_index() {
                    notify(app, "整理搜索索引失败", &e.to_string());
                }
            }
            Ok(None) => {}
            Err(e) => notify(app, "自动备份失败", &e.to_string()),
        },
        Ok(None) => {}
        Err(e) => notify(app, "自动备份失败", &e.to_string()),
    }
    let (raised, urgent) = {
        let mut desk = state.desk();
        (
            desk.raise_stale(now).unwrap_or_default(),
            desk.urgent(now + Duration::minutes(WARN_BEFORE_MINUTES), now),
        )
    };
    if !raised.is_empty() {
        let _ = app.emit("complaints-raised", &raised);
        let _ = app.emit(CHANGED, ());
        for row in &raised {
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
    for row in urgent.unwrap_or_default() {
        let Some(kind) = row.next_due_kind else {
            continue;
        };
        let key = (row.id, kind, row.overdue);
        if warned.insert(key) {
            notify(
                app,
                &title(&row, kind),
                &format!("{} {} {}", row.case_no, row.room, row.resident_name),
            );
        }
    }
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
