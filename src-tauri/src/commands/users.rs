//! 设置: users, departments, categories, the deadline policy (administrator only; the
//! core checks the role).

use crate::error::CommandError;
use crate::state::AppState;
use complaint_core::deadline::DeadlinePolicy;
use complaint_core::desk::{
    CategoryInput, DepartmentInput, NewUser, PolicyVersion, Settings, SettingsInput, StaffMember,
    UserRow, UserUpdate,
};
use complaint_core::model::User;
use complaint_core::storage::reference::{Category, Department};
use tauri::State;

/// Creates a user.
#[tauri::command]
pub fn create_user(state: State<'_, AppState>, input: NewUser) -> Result<User, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.create_user(&admin, &input, state.clock.now())?)
}

/// Every user.
#[tauri::command]
pub fn list_users(state: State<'_, AppState>) -> Result<Vec<UserRow>, CommandError> {
    let desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.users(&admin)?)
}

/// Changes the logged-in user's own password (the old one required).
#[tauri::command]
pub fn change_own_password(
    state: State<'_, AppState>,
    old_password: String,
    new_password: String,
) -> Result<(), CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.change_own_password(&user, &old_password, &new_password, state.clock.now())?)
}

/// The staff in use by name and role (for entries made for someone else).
#[tauri::command]
pub fn list_staff(state: State<'_, AppState>) -> Result<Vec<StaffMember>, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.staff(&user)?)
}

/// Changes a user's name, roles and department (audited).
#[tauri::command]
pub fn update_user(
    state: State<'_, AppState>,
    id: i64,
    input: UserUpdate,
) -> Result<UserRow, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.update_user(&admin, id, &input, state.clock.now())?)
}

/// Disables or enables a user (never deletes).
#[tauri::command]
pub fn set_user_active(
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> Result<UserRow, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.set_user_active(&admin, id, active, state.clock.now())?)
}

/// Sets a new password.
#[tauri::command]
pub fn reset_password(
    state: State<'_, AppState>,
    id: i64,
    password: String,
) -> Result<(), CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.reset_password(&admin, id, &password, state.clock.now())?)
}

/// Adds or changes a department.
#[tauri::command]
pub fn save_department(
    state: State<'_, AppState>,
    input: DepartmentInput,
) -> Result<Department, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.save_department(&admin, &input, state.clock.now())?)
}

/// Adds or changes a category.
#[tauri::command]
pub fn save_category(
    state: State<'_, AppState>,
    input: CategoryInput,
) -> Result<Category, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.save_category(&admin, &input, state.clock.now())?)
}

/// The settings page's values.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    let desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.settings(&admin)?)
}

/// Saves the center's name and the idle lock.
#[tauri::command]
pub fn save_settings(state: State<'_, AppState>, input: SettingsInput) -> Result<(), CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.save_settings(&admin, &input, state.clock.now())?)
}

/// Saves a new deadline-policy version.
#[tauri::command]
pub fn save_policy(
    state: State<'_, AppState>,
    policy: DeadlinePolicy,
) -> Result<i64, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.save_policy(&admin, &policy, state.clock.now())?)
}

/// The holidays and 调休 days of a calendar file's text, for the policy editor.
#[tauri::command]
pub fn import_calendar(
    state: State<'_, AppState>,
    text: String,
) -> Result<complaint_core::calendar::ImportedDays, CommandError> {
    let desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.import_calendar(&admin, &text)?)
}

/// A year whose holidays the working calendar lacks (administrator's dashboard).
#[tauri::command]
pub fn calendar_gap(
    state: State<'_, AppState>,
) -> Result<Option<complaint_core::calendar::CalendarGap>, CommandError> {
    let desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.calendar_gap(&admin, state.clock.now())?)
}

/// Every policy version.
#[tauri::command]
pub fn list_policy_versions(
    state: State<'_, AppState>,
) -> Result<Vec<PolicyVersion>, CommandError> {
    let desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.policy_versions(&admin)?)
}
