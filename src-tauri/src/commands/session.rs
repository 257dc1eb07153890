//! Set-up, login and the reference lists the forms need.

use crate::error::CommandError;
use crate::state::AppState;
use complaint_core::desk::{AppStatus, LoginInput, SetupInput};
use complaint_core::model::User;
use complaint_core::storage::reference::{Category, Department};
use tauri::State;

/// Whether first-run set-up is needed, the center's name and the clock.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Result<AppStatus, CommandError> {
    Ok(state.desk().status(state.clock.now())?)
}

/// First run: center name and administrator.
#[tauri::command]
pub fn first_run_setup(state: State<'_, AppState>, input: SetupInput) -> Result<(), CommandError> {
    state.desk().setup(&input, state.clock.now())?;
    Ok(())
}

/// Logs in at the shared desk.
#[tauri::command]
pub fn login(state: State<'_, AppState>, input: LoginInput) -> Result<User, CommandError> {
    let user = state.desk().login(&input, state.clock.now())?;
    state.set_user(Some(user.id));
    Ok(user)
}

/// Logs out.
#[tauri::command]
pub fn logout(state: State<'_, AppState>) {
    state.set_user(None);
}

/// Who is logged in, if anyone.
#[tauri::command]
pub fn current_user(state: State<'_, AppState>) -> Option<User> {
    let desk = state.desk();
    state.user(&desk).ok()
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
