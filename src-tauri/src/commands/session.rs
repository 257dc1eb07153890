//! Set-up, login, the idle lock, and the reference lists the forms need.

use crate::error::{CommandError, ErrorKind};
use crate::state::AppState;
use complaint_core::desk::{AppStatus, LoginInput, SetupInput};
use complaint_core::model::User;
use complaint_core::storage::reference::{Category, Department};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

/// Who is at the desk.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionState {
    /// The logged-in user, if any.
    pub user: Option<User>,
    /// Locked after idle time.
    pub locked: bool,
    /// Minutes of inactivity before the lock.
    pub idle_lock_minutes: u32,
}

/// Whether first-run set-up is needed, the center's name and the clock.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Result<AppStatus, CommandError> {
    let mut status = state.desk().status(state.clock.now())?;
    status.startup_problem = state
        .startup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    status.server = state.server().map(|u| crate::connection::shown(&u));
    crate::probe::first_data();
    Ok(status)
}

/// First run: center name and administrator.
#[tauri::command]
pub fn first_run_setup(state: State<'_, AppState>, input: SetupInput) -> Result<(), CommandError> {
    if let Some(problem) = state
        .startup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
    {
        return Err(CommandError::new(
            ErrorKind::Storage,
            problem,
            "The database cannot be opened: restore a backup first",
        ));
    }
    state.desk().setup(&input, state.clock.now())?;
    Ok(())
}

/// Logs in at the shared desk (also: switch user).
#[tauri::command]
pub fn login(state: State<'_, AppState>, input: LoginInput) -> Result<User, CommandError> {
    let user = state.desk().login(&input, state.clock.now())?;
    // Whoever was at the desk before may have printed; the next person opens only theirs.
    if state.user_id() != Some(user.id) {
        state.forget_printed();
    }
    state.set_user(Some(user.id));
    Ok(user)
}

/// Logs out.
#[tauri::command]
pub fn logout(state: State<'_, AppState>) {
    state.set_user(None);
    state.forget_printed();
}

/// After a logout: the login page opens in a new web process (see `webview.rs`). Answers
/// whether it will; if not, the page reloads itself. Refused while anyone is logged in:
/// the page can end itself only once nobody's work is on it.
#[tauri::command]
pub async fn open_login_in_new_process(
    window: tauri::WebviewWindow,
    state: State<'_, AppState>,
) -> Result<bool, CommandError> {
    if state.user_id().is_some() {
        return Err(CommandError::new(
            ErrorKind::InvalidState,
            "请先退出登录",
            "Log out first",
        ));
    }
    // It waits for the window's main thread: not on one of the runtime's workers.
    let answer = tauri::async_runtime::spawn_blocking(move || {
        crate::webview::open_login_in_new_process(&window)
    });
    Ok(answer.await.unwrap_or(false))
}

/// Who is logged in, if anyone (and not locked).
#[tauri::command]
pub fn current_user(state: State<'_, AppState>) -> Option<User> {
    let desk = state.desk();
    state.user(&desk).ok()
}

/// Who is at the desk and whether it is locked.
#[tauri::command]
pub fn session_state(state: State<'_, AppState>) -> Result<SessionState, CommandError> {
    let desk = state.desk();
    let locked = state.is_locked(&desk);
    let user = match state.user_id() {
        Some(id) => desk.user(id).ok(),
        None => None,
    };
    Ok(SessionState {
        user,
        locked,
        idle_lock_minutes: desk.idle_lock_minutes()?,
    })
}

/// The user is still at the desk (keyboard or mouse), so the idle lock waits.
#[tauri::command]
pub fn keep_alive(state: State<'_, AppState>) -> Result<(), CommandError> {
    let desk = state.desk();
    state.user(&desk)?;
    state.touch();
    Ok(())
}

/// Locks the desk now.
#[tauri::command]
pub fn lock_session(state: State<'_, AppState>) {
    state.lock();
}

/// Unlocks with the locked user's password.
#[tauri::command]
pub fn unlock_session(state: State<'_, AppState>, password: String) -> Result<User, CommandError> {
    let mut desk = state.desk();
    let id = state.user_id().ok_or_else(CommandError::not_logged_in)?;
    let username = desk.user(id)?.username;
    let user = desk
        .login(&LoginInput { username, password }, state.clock.now())
        .map_err(|e| match e {
            // Unlocking asks for a password only: "wrong password" is the whole answer.
            complaint_core::DeskError::WrongPassword => {
                CommandError::new(ErrorKind::WrongPassword, "密码错误", "Wrong password")
            }
            other => CommandError::from(other),
        })?;
    state.unlock();
    Ok(user)
}

/// Departments (for the forms).
#[tauri::command]
pub fn list_departments(state: State<'_, AppState>) -> Result<Vec<Department>, CommandError> {
    let desk = state.desk();
    state.user(&desk)?;
    Ok(desk.departments()?)
}

/// Categories (for the forms).
#[tauri::command]
pub fn list_categories(state: State<'_, AppState>) -> Result<Vec<Category>, CommandError> {
    let desk = state.desk();
    state.user(&desk)?;
    Ok(desk.categories()?)
}

/// Connects this desk to the center's server (「连接中心服务器」): at first start, before
/// anything is kept on this computer, by whoever sits at it; afterwards by the
/// administrator only. The server must answer and be set up (`server-setup`); then its
/// connection is kept in the configuration folder, readable by this user only, and the
/// desk works on it from now on. Nothing of this desk's own file moves (that is
/// `complaint-desk migrate`).
#[tauri::command]
pub fn connect_server(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    input: complaint_core::storage::server::ServerAddress,
) -> Result<AppStatus, CommandError> {
    let now = state.clock.now();
    let mut desk = state.desk();
    let fresh = desk.status(now)?.needs_setup && state.server().is_none();
    if !fresh {
        let user = state.user(&desk)?;
        // The role table's 系统管理 decides, as for every other administrator's call.
        if !complaint_core::roles::permits_user(&user, complaint_core::roles::Action::Administer) {
            return Err(CommandError::new(
                ErrorKind::NotPermitted,
                "只有系统管理员可以更改本工作台连接的服务器",
                "Only the administrator may change the server this desk works on",
            ));
        }
    }
    let url = input
        .url()
        .map_err(|fields| CommandError::from(complaint_core::DeskError::Invalid(fields)))?;
    let opened = complaint_core::Desk::open_server(&url)?;
    crate::connection::save(&state.config_dir, &url).map_err(|e| {
        CommandError::new(
            ErrorKind::Storage,
            format!("无法保存服务器连接：{e}"),
            format!("The server's connection could not be kept: {e}"),
        )
    })?;
    *desk = opened;
    state.retarget(crate::connection::Target::Server(url.clone()));
    *state
        .startup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = None;
    state.set_user(None);
    state.forget_printed();
    let mut status = desk.status(now)?;
    status.server = state.server().map(|u| crate::connection::shown(&u));
    drop(desk);
    std::thread::spawn(move || crate::changes::listen(app, url));
    Ok(status)
}
