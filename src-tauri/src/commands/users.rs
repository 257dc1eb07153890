//! Users (administrator only; the core checks the role).

use crate::error::CommandError;
use crate::state::AppState;
use complaint_core::desk::NewUser;
use complaint_core::model::User;
use tauri::State;

/// Creates a user.
#[tauri::command]
pub fn create_user(state: State<'_, AppState>, input: NewUser) -> Result<User, CommandError> {
    let mut desk = state.desk();
    let admin = state.user(&desk)?;
    Ok(desk.create_user(&admin, &input, state.clock.now())?)
}
