//! Registration and the list.

use crate::error::CommandError;
use crate::state::AppState;
use complaint_core::complaint::NewComplaint;
use complaint_core::storage::complaints::{ComplaintPage, ComplaintRow, ListQuery};
use tauri::{AppHandle, Emitter, State};

/// Emitted after every write so that open views refresh.
pub const CHANGED: &str = "complaints-changed";

/// Registers a complaint (the 《住户投诉意见表》).
#[tauri::command]
pub fn register_complaint(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewComplaint,
) -> Result<ComplaintRow, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    let row = desk.register(&user, &input, state.clock.now())?;
    let _ = app.emit(CHANGED, row.id);
    Ok(row)
}

/// The 查询 list.
#[tauri::command]
pub fn list_complaints(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<ComplaintPage, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.list(&user, &query, state.clock.now())?)
}
