//! ComplaintDesk (物业投诉处理台): the window, and a few commands that need none.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod alerts;
mod changes;
mod cli;
mod clock;
mod commands;
mod connection;
mod error;
mod hooks;
mod log;
mod printing;
mod probe;
mod state;
mod webview;

use clock::Clock;
use complaint_core::seal::Keys;
use complaint_core::storage::DB_FILE;
use complaint_core::Desk;
use state::AppState;
use std::path::PathBuf;
use std::time::Duration;
use tauri::Manager;

/// `COMPLAINTDESK_DATA_DIR` when set, else the OS app-data folder.
fn data_dir(app: &tauri::App) -> Result<PathBuf, String> {
    match std::env::var_os("COMPLAINTDESK_DATA_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app
            .path()
            .app_data_dir()
            .map_err(|e| format!("找不到应用数据目录：{e}")),
    }
}

/// The folder of the audit key files: the OS configuration folder of the app.
fn keys_dir(app: &tauri::App) -> Result<PathBuf, String> {
    app.path()
        .app_config_dir()
        .map_err(|e| format!("找不到应用配置目录：{e}"))
}

/// The single-instance plugin talks over the D-Bus session bus on Linux and fails hard
/// without one (a bare X server in CI); there, several instances are tolerated.
fn session_bus_reachable() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    match std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        Ok(addr) => addr.split(';').any(|a| {
            a.strip_prefix("unix:path=")
                .map(|p| std::path::Path::new(p.split(',').next().unwrap_or(p)).exists())
                .unwrap_or(a.starts_with("unix:abstract=") || a.starts_with("tcp:"))
        }),
        Err(_) => std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists()),
    }
}

/// Only the app's own pages are ever shown: any navigation elsewhere (a link in a
/// complaint's text, injected content) is refused.
fn own_page(url: &tauri::Url) -> bool {
    url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost")
}

fn open_window(app: &tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or("tauri.conf.json has no main window")?;
    let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_navigation(own_page)
        // No page opens a window of its own (`window.open`, a link with target=_blank).
        .on_new_window(|_url, _features| tauri::webview::NewWindowResponse::Deny)
        .on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                probe::page_loaded();
            }
        })
        .build()?;
    webview::set_up(&window);
    Ok(())
}

/// The commands' handler, with a panic in a command answered as an internal error
/// instead of aborting the app. Synchronous commands run inside `handler`; the
/// asynchronous ones (print, export, backup) catch their own in `error::catching`.
fn guarded(
    handler: impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    move |invoke| {
        let resolver = invoke.resolver.clone();
        let command = invoke.message.command().to_owned();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(invoke))).unwrap_or_else(
            |_| {
                resolver.reject(error::CommandError::internal(&command));
                true
            },
        )
    }
}

fn run_window() {
    let clock = Clock::from_env();
    let mut builder = tauri::Builder::default();
    if session_bus_reachable() {
        // A second launch focuses the first window instead of opening the same file twice.
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    }
    builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        // Files are opened from Rust only (a printed PDF); the page's links open nothing.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .setup(move |app| {
            let dir = data_dir(app)?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("无法创建数据目录 {}：{e}", dir.display()))?;
            log::init(&dir);
            // A file that cannot be used is left untouched: the window opens on an empty
            // desk and says what is wrong, offering the newest backup.
            let config = keys_dir(app)?;
            let keys = Keys::new(config.clone());
            // The desk's own file, or the center's server (a connection file, or
            // COMPLAINTDESK_DATABASE for this run).
            let (target, found) = match connection::target(&config, &dir) {
                Ok(target) => (target, None),
                Err(problem) => (connection::Target::File(dir.join(DB_FILE)), Some(problem)),
            };
            let (desk, problem) = match found {
                Some(problem) => (Desk::in_memory().map_err(|e| e.to_string())?, Some(problem)),
                None => match connection::open(&target, keys.clone(), clock.now()) {
                    Ok(desk) => (desk, None),
                    Err(e) => (
                        Desk::in_memory().map_err(|e| e.to_string())?,
                        Some(e.to_string()),
                    ),
                },
            };
            let server = target.server().map(str::to_owned);
            let retry = server.is_some() && problem.is_some();
            app.manage(AppState::new(desk, clock, dir, keys, problem).on(target));
            open_window(app)?;
            let handle = app.handle().clone();
            std::thread::spawn(move || alerts::run(handle, Duration::from_secs(30)));
            if let Some(url) = server {
                let handle = app.handle().clone();
                std::thread::spawn(move || changes::listen(handle, url));
            }
            if retry {
                let handle = app.handle().clone();
                std::thread::spawn(move || changes::reopen(handle));
            }
            Ok(())
        })
        .invoke_handler(guarded(tauri::generate_handler![
            commands::session::app_status,
            commands::session::first_run_setup,
            commands::session::connect_server,
            commands::session::login,
            commands::session::logout,
            commands::session::open_login_in_new_process,
            commands::session::current_user,
            commands::session::session_state,
            commands::session::keep_alive,
            commands::session::lock_session,
            commands::session::unlock_session,
            commands::session::list_departments,
            commands::session::list_categories,
            commands::complaints::register_complaint,
            commands::complaints::list_complaints,
            commands::complaints::count_complaints,
            commands::complaints::find_repeats,
            commands::complaints::dashboard,
            commands::complaints::complaint_detail,
            commands::complaints::apply_step,
            commands::complaints::correct_complaint,
            commands::print::print_form,
            commands::print::print_receipt,
            commands::print::print_blank_form,
            commands::print::print_urge_notice,
            commands::complaints::reveal_resident,
            commands::attachments::attach_file,
            commands::attachments::remove_attachment,
            commands::attachments::attachment_thumbnail,
            commands::attachments::attachment_content,
            commands::attachments::save_attachment,
            commands::attachments::verify_attachments,
            commands::stats::targets,
            commands::stats::save_targets,
            commands::print::print_handover,
            commands::complaints::handover_candidates,
            commands::complaints::hand_over,
            commands::complaints::list_handovers,
            commands::print::print_register,
            commands::print::open_printed,
            commands::safety::backup_now,
            commands::safety::list_backups,
            commands::safety::restore_backup,
            commands::safety::check_database,
            commands::safety::audit_log,
            commands::stats::statistics,
            commands::stats::statistics_trend,
            commands::stats::report_text,
            commands::stats::save_report_text,
            commands::stats::mark_report_submitted,
            commands::stats::report_reminder,
            commands::stats::print_report,
            commands::stats::export_complaints,
            commands::stats::export_statistics,
            commands::users::create_user,
            commands::users::list_users,
            commands::users::list_staff,
            commands::users::change_own_password,
            commands::users::set_user_active,
            commands::users::update_user,
            commands::users::reset_password,
            commands::users::save_department,
            commands::users::save_category,
            commands::users::get_settings,
            commands::users::save_settings,
            commands::users::save_policy,
            commands::users::import_calendar,
            commands::users::calendar_gap,
            commands::users::list_policy_versions,
        ]))
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("物业投诉处理台无法启动：{e}");
            std::process::exit(1);
        });
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Some(code) => std::process::exit(code),
        None => run_window(),
    }
}
