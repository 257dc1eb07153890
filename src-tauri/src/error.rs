//! The one error shape that crosses IPC. The UI switches on `kind` and never parses text.

use complaint_core::validation::FieldError;
use complaint_core::workflow::WorkflowError;
use complaint_core::DeskError;
use serde::Serialize;
use ts_rs::TS;

/// What kind of refusal it is: the UI reacts to each as a person would expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorKind {
    /// Bad fields: see `fields`.
    Validation,
    /// Wrong user name or password (the same answer for an unknown name).
    WrongPassword,
    /// Too many wrong passwords: see `until`.
    AccountLocked,
    /// The account was disabled by the administrator.
    AccountDisabled,
    /// Nobody is logged in, or the session ended (log in again).
    SessionExpired,
    /// The desk is locked after idle time: unlock with the password.
    Locked,
    /// The role may not do this.
    NotPermitted,
    /// No such record.
    NotFound,
    /// Another desk changed the record meanwhile: refresh and try again.
    Conflict,
    /// Not in a state that allows it.
    InvalidState,
    /// First-run set-up needed or already done.
    Setup,
    /// The database or a file failed.
    Storage,
    /// The center's server cannot be reached just now: nothing was saved; the desk
    /// connects again by itself (the window shows a banner and tries again).
    Offline,
    /// A PDF could not be produced (font missing, writer error).
    Print,
    /// The program failed inside (a panic): written to the log, to report.
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommandError {
    /// What kind.
    pub kind: ErrorKind,
    /// A Chinese sentence for the user.
    pub message: String,
    /// The same in English, for a window in en-US.
    pub message_en: String,
    /// The first bad field, when there is one.
    pub field: Option<String>,
    /// Every bad field.
    pub fields: Vec<FieldError>,
    /// Until when an account is locked (RFC 3339, the center's zone), with `accountLocked`.
    #[ts(type = "string | null")]
    pub until: Option<Box<str>>,
}

impl CommandError {
    /// A refusal with no field, in both languages.
    pub fn new(kind: ErrorKind, message: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            message_en: message_en.into(),
            field: None,
            fields: Vec::new(),
            until: None,
        }
    }

    /// Not logged in, or the session ended.
    pub fn not_logged_in() -> Self {
        Self::new(ErrorKind::SessionExpired, "请先登录", "Please log in first")
    }

    /// One bad field.
    pub fn field(field: &str, zh: &str, en: &str) -> Self {
        let (label_zh, label_en) = complaint_core::validation::field_label(field);
        let error = FieldError {
            field: field.into(),
            message: format!("{label_zh}{zh}"),
            message_en: format!("{label_en} {en}"),
        };
        Self {
            kind: ErrorKind::Validation,
            message: error.message.clone(),
            message_en: error.message_en.clone(),
            field: Some(field.into()),
            fields: vec![error],
            until: None,
        }
    }

    /// A panic inside `command`: the app goes on; the log has the details.
    pub fn internal(command: &str) -> Self {
        let log = crate::log::path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| crate::log::FILE.to_owned());
        Self::new(
            ErrorKind::Internal,
            format!("程序内部错误（{command}），本次操作未完成，程序可继续使用。详情已记入日志 {log}，请把该文件交给维护人员。"),
            format!("Internal error ({command}): this action was not completed; the program goes on. The details are in the log {log}: please pass that file to your maintainer."),
        )
    }
}

/// Runs `f`; a panic inside it becomes an [`ErrorKind::Internal`] error instead of taking
/// the app down (the panic hook has written it to the log).
pub fn catching<T>(
    command: &str,
    f: impl FnOnce() -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(CommandError::internal(command)))
}

/// Runs `f` on a worker thread, without the desk's lock: laying out a long PDF, writing a
/// spreadsheet or copying the database leaves the window free. A panic in it is an
/// internal error, as in a command.
pub async fn off_lock<T: Send + 'static>(
    command: &'static str,
    f: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || catching(command, f))
        .await
        .unwrap_or_else(|_| Err(CommandError::internal(command)))
}

impl From<complaint_core::pdf::PdfError> for CommandError {
    fn from(e: complaint_core::pdf::PdfError) -> Self {
        Self::new(ErrorKind::Print, e.to_string(), e.message_en())
    }
}

impl From<complaint_core::backup::BackupError> for CommandError {
    fn from(e: complaint_core::backup::BackupError) -> Self {
        use complaint_core::backup::BackupError as B;
        let kind = match &e {
            B::Refused(..) => ErrorKind::NotPermitted,
            B::InUse => ErrorKind::Conflict,
            B::Storage(_) | B::File { .. } | B::Unusable(_) | B::Rejected(..) => ErrorKind::Storage,
        };
        Self::new(kind, e.to_string(), e.message_en())
    }
}

impl From<DeskError> for CommandError {
    fn from(e: DeskError) -> Self {
        let (message, message_en) = (e.to_string(), e.message_en());
        let kind = match &e {
            DeskError::Invalid(fields) => {
                return Self {
                    kind: ErrorKind::Validation,
                    message,
                    message_en,
                    field: fields.first().map(|f| f.field.clone()),
                    fields: fields.clone(),
                    until: None,
                }
            }
            DeskError::AccountLocked { until } => {
                return Self {
                    until: Some(until.to_rfc3339().into()),
                    ..Self::new(ErrorKind::AccountLocked, message, message_en)
                }
            }
            DeskError::Workflow(w) => match w {
                WorkflowError::NotPermitted { .. }
                | WorkflowError::NotOwnDepartment
                | WorkflowError::CorrectionAfterDispatch
                | WorkflowError::WrongApprover { .. } => ErrorKind::NotPermitted,
                WorkflowError::WrongState { .. }
                | WorkflowError::NotForMinor { .. }
                | WorkflowError::NoPendingExtension
                | WorkflowError::ExtensionPending
                | WorkflowError::CorrectiveRecordMissing
                | WorkflowError::NotUnsatisfied
                | WorkflowError::NothingCorrected
                | WorkflowError::DissatisfactionOpen => ErrorKind::InvalidState,
                WorkflowError::Invalid(_) => ErrorKind::Validation,
            },
            DeskError::NotPermitted { .. }
            | DeskError::OtherDepartment
            | DeskError::Refused(..) => ErrorKind::NotPermitted,
            DeskError::NotFound(_) => ErrorKind::NotFound,
            DeskError::WrongPassword => ErrorKind::WrongPassword,
            DeskError::AccountDisabled => ErrorKind::AccountDisabled,
            DeskError::ChangedMeanwhile => ErrorKind::Conflict,
            DeskError::SetupNeeded | DeskError::SetupDone | DeskError::NotADemoDesk => {
                ErrorKind::Setup
            }
            DeskError::Storage(complaint_core::storage::StorageError::ServerLost(_)) => {
                ErrorKind::Offline
            }
            DeskError::Storage(_) => ErrorKind::Storage,
            DeskError::Print(_) | DeskError::Export(_) => ErrorKind::Print,
            DeskError::Backup(_) | DeskError::Files(..) => ErrorKind::Storage,
        };
        Self::new(kind, message, message_en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use complaint_core::model::Role;
    use complaint_core::roles::Action;

    #[test]
    fn every_error_speaks_both_languages() {
        let errors = [
            DeskError::WrongPassword,
            DeskError::AccountDisabled,
            DeskError::ChangedMeanwhile,
            DeskError::NotFound("投诉"),
            DeskError::NotPermitted {
                action: Action::Archive,
                role: Role::Patrol,
            },
            DeskError::Workflow(WorkflowError::CorrectiveRecordMissing),
        ];
        let kinds = [
            ErrorKind::WrongPassword,
            ErrorKind::AccountDisabled,
            ErrorKind::Conflict,
            ErrorKind::NotFound,
            ErrorKind::NotPermitted,
            ErrorKind::InvalidState,
        ];
        for (e, kind) in errors.into_iter().zip(kinds) {
            let c = CommandError::from(e);
            assert_eq!(c.kind, kind);
            assert!(
                c.message
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{}",
                c.message
            );
            assert!(
                c.message_en.is_ascii() && !c.message_en.is_empty(),
                "{}",
                c.message_en
            );
        }
    }

    #[test]
    fn a_panic_becomes_an_internal_error_and_the_caller_goes_on() {
        let result: Result<(), CommandError> = catching("complaint_detail", || panic!("injected"));
        let e = result.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Internal);
        assert!(e.message.contains("complaint_detail") && e.message.contains("日志"));
        assert!(e.message_en.contains("log"));
        assert_eq!(catching("x", || Ok(7)).unwrap(), 7);
    }
}
