//! The one error shape that crosses IPC. The UI switches on `kind` and never parses text.

use complaint_core::validation::FieldError;
use complaint_core::workflow::WorkflowError;
use complaint_core::DeskError;
use serde::Serialize;
use ts_rs::TS;

/// What kind of refusal it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorKind {
    /// Bad fields: see `fields`.
    Validation,
    /// The role may not do this.
    NotPermitted,
    /// No such record.
    NotFound,
    /// Not in a state that allows it.
    InvalidState,
    /// Not logged in, wrong password, or a disabled account.
    Auth,
    /// The desk is locked after idle time: unlock with the password.
    Locked,
    /// First-run set-up needed or already done.
    Setup,
    /// The database failed.
    Storage,
    /// A PDF could not be produced (font missing, writer error).
    Print,
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
    /// The first bad field, when there is one.
    pub field: Option<String>,
    /// Every bad field.
    pub fields: Vec<FieldError>,
}

impl CommandError {
    /// A refusal with no field.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: None,
            fields: Vec::new(),
        }
    }

    /// Not logged in.
    pub fn not_logged_in() -> Self {
        Self::new(ErrorKind::Auth, "请先登录")
    }
}

impl From<complaint_core::pdf::PdfError> for CommandError {
    fn from(e: complaint_core::pdf::PdfError) -> Self {
        Self::new(ErrorKind::Print, e.to_string())
    }
}

impl From<DeskError> for CommandError {
    fn from(e: DeskError) -> Self {
        let message = e.to_string();
        let kind = match &e {
            DeskError::Invalid(fields) => {
                return Self {
                    kind: ErrorKind::Validation,
                    message,
                    field: fields.first().map(|f| f.field.clone()),
                    fields: fields.clone(),
                }
            }
            DeskError::Workflow(w) => match w {
                WorkflowError::NotPermitted { .. }
                | WorkflowError::NotOwnDepartment
                | WorkflowError::WrongApprover { .. } => ErrorKind::NotPermitted,
                WorkflowError::WrongState { .. }
                | WorkflowError::NotForMinor { .. }
                | WorkflowError::NoPendingExtension
                | WorkflowError::ExtensionPending
                | WorkflowError::CorrectiveRecordMissing
                | WorkflowError::NotUnsatisfied => ErrorKind::InvalidState,
                WorkflowError::Invalid(_) => ErrorKind::Validation,
            },
            DeskError::NotPermitted { .. } => ErrorKind::NotPermitted,
            DeskError::NotFound(_) => ErrorKind::NotFound,
            DeskError::Auth(_) => ErrorKind::Auth,
            DeskError::Setup(_) => ErrorKind::Setup,
            DeskError::Storage(_) => ErrorKind::Storage,
            DeskError::Print(_) => ErrorKind::Print,
            DeskError::Backup(_) => ErrorKind::Storage,
        };
        Self::new(kind, message)
    }
}
