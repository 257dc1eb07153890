//! Registration, the list, the dashboard, the detail page and every workflow step.

use crate::error::CommandError;
use crate::state::AppState;
use complaint_core::complaint::NewComplaint;
use complaint_core::desk::{Dashboard, Handover, HandoverInput};
use complaint_core::detail::ComplaintDetail;
use complaint_core::pdf::HandoverLine;
use complaint_core::storage::complaints::{ComplaintPage, ComplaintRow, ListCount, ListQuery};
use complaint_core::workflow::{CorrectionInput, Step};
use tauri::{AppHandle, Emitter, State};

/// Emitted after every write so that open views refresh.
pub const CHANGED: &str = "complaints-changed";

/// Registers a complaint (the 《住户投诉意见表》).
#[tauri::command]
pub fn register_complaint(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewComplaint,
    request_key: Option<String>,
) -> Result<ComplaintRow, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    state.touch();
    // The window's key for this form: a form sent again after a lost answer is not
    // recorded twice.
    let row = desk.register_keyed(&user, &input, request_key.as_deref(), state.clock.now())?;
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
    Ok(desk.list_first(&user, &query, state.clock.now())?)
}

/// How many the 查询 list holds, for a page that came uncounted (`counted: false`).
#[tauri::command]
pub fn count_complaints(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<ListCount, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.list_count(&user, &query, state.clock.now())?)
}

/// Open and recent complaints of the same room or phone.
#[tauri::command]
pub fn find_repeats(
    state: State<'_, AppState>,
    room: String,
    phone: String,
) -> Result<Vec<ComplaintRow>, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.repeats(&user, &room, &phone, state.clock.now())?)
}

/// The 工作台 queues.
#[tauri::command]
pub fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.dashboard(&user, 50, state.clock.now())?)
}

/// The 投诉详情 page.
#[tauri::command]
pub fn complaint_detail(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ComplaintDetail, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.detail(&user, id, state.clock.now())?)
}

/// 查看保密信息: a confidential complainant's name, phone and room, with a reason (audited).
#[tauri::command]
pub fn reveal_resident(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<complaint_core::privacy::Resident, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    let now = state.clock.now();
    state.touch();
    Ok(desk.reveal_resident(&user, id, &reason, now)?)
}

/// Runs one workflow step and returns the refreshed detail.
#[tauri::command]
pub fn apply_step(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    step: Step,
    seen: Option<i64>,
) -> Result<ComplaintDetail, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    let now = state.clock.now();
    state.touch();
    desk.step_seen(&user, id, step, seen, now)?;
    let _ = app.emit(CHANGED, id);
    Ok(desk.detail(&user, id, now)?)
}

/// 更正: corrects the registered form, with a reason; returns the refreshed detail.
#[tauri::command]
pub fn correct_complaint(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    input: CorrectionInput,
) -> Result<ComplaintDetail, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    let now = state.clock.now();
    state.touch();
    desk.correct(&user, id, &input, now)?;
    let _ = app.emit(CHANGED, id);
    Ok(desk.detail(&user, id, now)?)
}

/// The complaints of a month (`YYYY-MM`) ready to archive and hand over.
#[tauri::command]
pub fn handover_candidates(
    state: State<'_, AppState>,
    month: String,
) -> Result<Vec<HandoverLine>, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.handover_candidates(&user, &month)?)
}

/// Archives the chosen complaints in one step and records the hand-over.
#[tauri::command]
pub fn hand_over(
    app: AppHandle,
    state: State<'_, AppState>,
    input: HandoverInput,
) -> Result<Handover, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    state.touch();
    let handover = desk.hand_over(&user, &input, state.clock.now())?;
    let _ = app.emit(CHANGED, ());
    Ok(handover)
}

/// The hand-overs recorded for a month.
#[tauri::command]
pub fn list_handovers(
    state: State<'_, AppState>,
    month: String,
) -> Result<Vec<Handover>, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(desk.handovers(&user, &month)?)
}
