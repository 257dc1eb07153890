//! 附件: attach (the file's bytes come raw from the page: a file chosen or dropped there,
//! never a path the page names), list, thumbnail, full view, save a copy, remove, verify.

use crate::error::{CommandError, ErrorKind};
use crate::state::AppState;
use complaint_core::attachments::AttachmentProblem;
use complaint_core::desk::AttachInput;
use complaint_core::storage::attachments::Attachment;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::{AppHandle, State};

/// A header of the attach request, percent-decoded (names are Chinese; headers ASCII).
fn header(request: &Request<'_>, name: &str) -> Option<String> {
    let raw = request.headers().get(name)?.to_str().ok()?;
    percent_decode(raw)
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn bad(zh: &str, en: &str) -> CommandError {
    CommandError::field("file", zh, en)
}

/// Attaches the request's raw body to a complaint. Headers: `complaint-id`, `file-name`
/// (percent-encoded) and, for a step, `step-event-id`.
#[tauri::command]
pub fn attach_file(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<Attachment, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    state.touch();
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(bad("须以文件内容发送", "must be sent as the file's bytes"));
    };
    let id = header(&request, "complaint-id")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| bad("缺少所属投诉", "names no complaint"))?;
    let step_event_id = match header(&request, "step-event-id") {
        None => None,
        Some(v) if v.is_empty() => None,
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| bad("所属步骤不正确", "names no step"))?,
        ),
    };
    let input = AttachInput {
        name: header(&request, "file-name").unwrap_or_default(),
        step_event_id,
    };
    Ok(desk.attach(&user, id, &input, bytes, state.clock.now())?)
}

/// Takes an attachment off the list, with the reason (the file is kept).
#[tauri::command]
pub fn remove_attachment(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<Attachment, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    state.touch();
    Ok(desk.remove_attachment(&user, id, &reason, state.clock.now())?)
}

/// A photo's thumbnail (JPEG bytes); empty for a PDF or HEIC.
#[tauri::command]
pub fn attachment_thumbnail(state: State<'_, AppState>, id: i64) -> Result<Response, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    Ok(Response::new(
        desk.attachment_thumbnail(&user, id)?.unwrap_or_default(),
    ))
}

/// The attachment's file, checked against its hash (the page shows a photo full size).
#[tauri::command]
pub fn attachment_content(state: State<'_, AppState>, id: i64) -> Result<Response, CommandError> {
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    let (_, bytes) = desk.attachment_file(&user, id)?;
    Ok(Response::new(bytes))
}

/// Saves a copy of the attachment where the user says (audited with where it went).
#[tauri::command]
pub async fn save_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<String>, CommandError> {
    let (a, bytes) = {
        let mut desk = state.desk();
        let user = state.user(&desk)?;
        desk.attachment_file(&user, id)?
    };
    let ext = match a.kind {
        complaint_core::attachments::Kind::Jpeg => "jpg",
        complaint_core::attachments::Kind::Png => "png",
        complaint_core::attachments::Kind::Heic => "heic",
        complaint_core::attachments::Kind::Pdf => "pdf",
    };
    let stem = a
        .name
        .rsplit_once('.')
        .map_or(a.name.as_str(), |(stem, _)| stem);
    let clean = crate::printing::file_name(stem);
    let name = clean.trim_end_matches(".pdf");
    let Some(path) = super::print::choose_path(&app, &format!("{name}.{ext}"), ("附件", ext))
    else {
        return Ok(None);
    };
    std::fs::write(&path, &bytes).map_err(|e| {
        CommandError::new(
            ErrorKind::Storage,
            format!("无法写入 {}：{e}", path.display()),
            format!("Cannot write {}: {e}", path.display()),
        )
    })?;
    let saved = path.display().to_string();
    let mut desk = state.desk();
    let user = state.user(&desk)?;
    desk.record_attachment_saved(&user, &a, &saved, state.clock.now())?;
    Ok(Some(saved))
}

/// Every attachment whose file is missing or altered (the administrator's check).
#[tauri::command]
pub fn verify_attachments(
    state: State<'_, AppState>,
) -> Result<Vec<AttachmentProblem>, CommandError> {
    let desk = state.desk();
    let user = state.user(&desk)?;
    if !user.holds(complaint_core::model::Role::Admin) {
        return Err(CommandError::new(
            ErrorKind::NotPermitted,
            "只有系统管理员可以校验附件文件",
            "Only the administrator checks the attachments' files",
        ));
    }
    Ok(desk.verify_attachments()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_come_back_from_percent_encoding() {
        assert_eq!(
            super::percent_decode("%E5%A4%A9%E8%8A%B1%E6%9D%BF.jpg").as_deref(),
            Some("天花板.jpg")
        );
        assert_eq!(super::percent_decode("a%2"), None);
        assert_eq!(super::percent_decode("%FF"), None);
    }
}
