//! 附件: photos, scans and PDFs kept with a complaint or one of its steps — attached by
//! anyone who may read the complaint while it is open, removed (never deleted) with a
//! reason by whoever attached it or the supervisor and managers, each an event whose hash
//! the audit chain holds; `verify` names a missing or altered file.

use super::*;
use crate::attachments::{AttachmentProblem, Kind, Store, MAX_BYTES, MAX_PER_COMPLAINT, NAME_MAX};
use crate::storage::attachments::{self as rows, Attachment};

/// What is attached, besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachInput {
    /// The file's name (a path is cut to its last part).
    pub name: String,
    /// The step it documents (an event of the complaint), or none for the complaint.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub step_event_id: Option<i64>,
}

fn refused(zh: &str, en: &str) -> DeskError {
    let mut c = Checker::new();
    c.fail("file", zh, en);
    DeskError::Invalid(c.finish().err().unwrap_or_default())
}

fn file_problem(e: &std::io::Error) -> DeskError {
    match e.kind() {
        std::io::ErrorKind::InvalidData => DeskError::Files(
            "附件文件已被改动，与登记时不符（请运行完整性校验并从备份恢复）".into(),
            "The attachment's file was altered since it was attached (run the check and restore from a backup)".into(),
        ),
        std::io::ErrorKind::NotFound => DeskError::Files(
            "附件文件缺失（请运行完整性校验并从备份恢复）".into(),
            "The attachment's file is missing (run the check and restore from a backup)".into(),
        ),
        _ => DeskError::Files(
            format!("附件文件无法读写：{e}"),
            format!("The attachment's file could not be read or written: {e}"),
        ),
    }
}

impl Desk {
    fn files(&self) -> Result<&Store> {
        self.files.as_ref().ok_or_else(|| {
            DeskError::Files(
                "此工作台没有数据文件夹，不能保存附件".into(),
                "This desk has no data folder to keep attachments in".into(),
            )
        })
    }

    /// On the center's server a desk keeps attachments' files in the database
    /// (`attachment_files`); on its own file, in the folder beside it.
    fn files_on_server(&self) -> bool {
        self.conn.sqlite().is_none()
    }

    /// Keeps a file's bytes; returns their hash.
    fn put_file(&self, bytes: &[u8]) -> Result<String> {
        if self.files_on_server() {
            let sha = crate::attachments::sha256(bytes);
            rows::put_file(&self.conn, &sha, bytes)?;
            return Ok(sha);
        }
        self.files()?.put(bytes).map_err(|e| file_problem(&e))
    }

    /// A kept file's bytes, checked against their hash.
    pub(crate) fn read_file(&self, sha: &str) -> Result<Vec<u8>> {
        if self.files_on_server() {
            let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
            let bytes = rows::file_bytes(&self.conn, sha)?.ok_or_else(|| file_problem(&missing))?;
            if crate::attachments::sha256(&bytes) != sha {
                return Err(file_problem(&std::io::ErrorKind::InvalidData.into()));
            }
            return Ok(bytes);
        }
        self.files()?.read(sha).map_err(|e| file_problem(&e))
    }

    /// An attachment `actor` may read, with its complaint.
    fn readable_attachment(&mut self, actor: &User, id: i64) -> Result<(Attachment, Complaint)> {
        Self::allow(actor, Action::View)?;
        let a = rows::get(&self.conn, id)?.ok_or(DeskError::NotFound("附件"))?;
        let (c, events, _) = self.case(a.complaint_id)?;
        Self::check_scope(actor, &c, &events)?;
        Ok((a, c))
    }

    /// A complaint's attachments, oldest first (removed ones too: the timeline says so).
    pub fn attachments(&mut self, actor: &User, complaint_id: i64) -> Result<Vec<Attachment>> {
        Self::allow(actor, Action::View)?;
        let (c, events, _) = self.case(complaint_id)?;
        Self::check_scope(actor, &c, &events)?;
        Ok(rows::of_complaint(&self.conn, complaint_id)?)
    }

    /// Attaches `bytes` to complaint `id` (or one of its steps): a JPEG, PNG, HEIC or PDF
    /// of at most 20 MB, while the complaint is open, by anyone who may read it. The file
    /// is kept under its hash first; the event, the row and the audit entry follow in one
    /// transaction.
    pub fn attach(
        &mut self,
        actor: &User,
        id: i64,
        input: &AttachInput,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Attachment> {
        Self::allow(actor, Action::View)?;
        let (c, events, _) = self.case(id)?;
        Self::check_scope(actor, &c, &events)?;
        if c.state.is_closed() {
            return Err(refused(
                "不能添加：投诉已归档或作废",
                "cannot be added: the complaint is archived or voided",
            ));
        }
        if bytes.is_empty() {
            return Err(refused("是空文件", "is empty"));
        }
        if bytes.len() > MAX_BYTES {
            return Err(refused(
                &format!(
                    "过大（{}），单个附件不能超过 {} MB",
                    crate::pdf::human_size(bytes.len() as i64),
                    MAX_BYTES / 1024 / 1024
                ),
                &format!("is too large: at most {} MB", MAX_BYTES / 1024 / 1024),
            ));
        }
        let Some(kind) = Kind::sniff(bytes) else {
            return Err(refused(
                "格式不支持：只接受照片（JPEG、PNG、HEIC）和 PDF 扫描件",
                "is not a photo (JPEG, PNG, HEIC) or a PDF scan",
            ));
        };
        let name = input
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut check = Checker::new();
        let name = check.required("name", &name, NAME_MAX, false);
        if let Some(step) = input.step_event_id {
            if !events.iter().any(|e| e.id == step) {
                check.fail(
                    "stepEventId",
                    "不是该投诉的处理步骤",
                    "is not a step of this complaint",
                );
            }
        }
        check.finish().map_err(DeskError::Invalid)?;
        if rows::of_complaint(&self.conn, id)?.len() >= MAX_PER_COMPLAINT {
            return Err(refused(
                &format!("不能添加：每件投诉最多 {MAX_PER_COMPLAINT} 个附件"),
                &format!("cannot be added: a complaint keeps at most {MAX_PER_COMPLAINT}"),
            ));
        }
        let sha = self.put_file(bytes)?;
        let role = actor
            .personas()
            .map(|p| p.role)
            .find(|r| permits(*r, Action::View));
        let tx = self.write()?;
        let attachment_id = rows::next_id(&tx)?;
        let data = EventData::Attached {
            attachment_id,
            sha256: sha.clone(),
            name: name.clone(),
            file_kind: kind,
            size: bytes.len() as i64,
            step_event_id: input.step_event_id,
        };
        let at = events.last().map_or(now, |last| last.at.max(now));
        let event = events::append(&tx, id, at, (actor.id, role), &data)?;
        let mut row = Attachment {
            id: attachment_id,
            complaint_id: id,
            event_id: event.id,
            step_event_id: input.step_event_id,
            sha256: sha,
            name,
            kind,
            size: bytes.len() as i64,
            removed_event_id: None,
        };
        row.id = rows::insert(&tx, &row)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "complaint.attach",
            entity: "complaint",
            entity_id: Some(id),
            before: None,
            after: json(&serde_json::json!({ "event": data, "role": role })),
        })?;
        tx.commit()?;
        Ok(row)
    }

    /// Takes an attachment off the complaint's list, with the reason: whoever attached
    /// it, or the supervisor and managers. The file stays in the store.
    pub fn remove_attachment(
        &mut self,
        actor: &User,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Attachment> {
        let (a, c) = self.readable_attachment(actor, id)?;
        let events = events::for_complaint(&self.conn, c.id)?;
        let attached_by = events
            .iter()
            .find(|e| e.id == a.event_id)
            .map(|e| e.actor_id);
        let overseer = [Role::Supervisor, Role::Manager, Role::GeneralManager]
            .iter()
            .any(|r| actor.holds(*r));
        if attached_by != Some(actor.id) && !overseer {
            return Err(DeskError::Files(
                "只有添加者本人或公共事务部主管、经理可以移除附件".into(),
                "Only whoever attached it, the supervisor or a manager may remove an attachment"
                    .into(),
            ));
        }
        if a.removed_event_id.is_some() {
            return Err(refused("已被移除", "was removed already"));
        }
        if c.state.is_closed() {
            return Err(refused(
                "不能移除：投诉已归档或作废",
                "cannot be removed: the complaint is archived or voided",
            ));
        }
        let mut check = Checker::new();
        let reason = check.required("reason", reason, 200, false);
        check.finish().map_err(DeskError::Invalid)?;
        let role = actor
            .personas()
            .map(|p| p.role)
            .find(|r| permits(*r, Action::View));
        let data = EventData::AttachmentRemoved {
            attachment_id: a.id,
            sha256: a.sha256.clone(),
            name: a.name.clone(),
            reason,
        };
        let tx = self.write()?;
        let at = events.last().map_or(now, |last| last.at.max(now));
        let event = events::append(&tx, c.id, at, (actor.id, role), &data)?;
        rows::mark_removed(&tx, a.id, event.id)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "complaint.removeAttachment",
            entity: "complaint",
            entity_id: Some(c.id),
            before: None,
            after: json(&serde_json::json!({ "event": data, "role": role })),
        })?;
        tx.commit()?;
        rows::get(&self.conn, a.id)?.ok_or(DeskError::NotFound("附件"))
    }

    /// An attachment's file, checked against its hash (for the full view or a save).
    pub fn attachment_file(&mut self, actor: &User, id: i64) -> Result<(Attachment, Vec<u8>)> {
        let (a, _) = self.readable_attachment(actor, id)?;
        let bytes = self.read_file(&a.sha256)?;
        Ok((a, bytes))
    }

    /// The audit entry of a copy of an attachment saved out of the desk (where to).
    pub fn record_attachment_saved(
        &mut self,
        actor: &User,
        a: &Attachment,
        path: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.audit_alone(
            actor,
            ("attachment.save", "complaint"),
            Some(a.complaint_id),
            serde_json::json!({ "attachmentId": a.id, "name": a.name, "sha256": a.sha256, "path": path }),
            now,
        )
    }

    /// A photo's thumbnail (JPEG); `None` for a PDF or HEIC.
    pub fn attachment_thumbnail(&mut self, actor: &User, id: i64) -> Result<Option<Vec<u8>>> {
        let (a, _) = self.readable_attachment(actor, id)?;
        if self.files_on_server() {
            if !a.kind.is_picture() {
                return Ok(None);
            }
            return Ok(crate::attachments::thumbnail_of(
                &self.read_file(&a.sha256)?,
            ));
        }
        self.files()?
            .thumbnail(&a.sha256, a.kind)
            .map_err(|e| file_problem(&e))
    }

    /// Every attachment whose file is missing or altered, by case number.
    pub fn verify_attachments(&self) -> Result<Vec<AttachmentProblem>> {
        if self.files_on_server() {
            return Ok(rows::all_with_case(&self.conn)?
                .into_iter()
                .filter_map(|(case_no, a)| {
                    let state = match rows::file_bytes(&self.conn, &a.sha256) {
                        Ok(Some(bytes)) if crate::attachments::sha256(&bytes) == a.sha256 => {
                            return None
                        }
                        Ok(Some(_)) => crate::attachments::FileState::Altered,
                        _ => crate::attachments::FileState::Missing,
                    };
                    Some(AttachmentProblem {
                        case_no,
                        name: a.name,
                        sha256: a.sha256,
                        state,
                    })
                })
                .collect());
        }
        match self.files.as_ref() {
            None => Ok(Vec::new()),
            Some(store) => Ok(crate::attachments::verify(&self.conn, store)?),
        }
    }

    /// The attachments' store and every hash the database names (for backups).
    pub fn attachment_files(&self) -> Result<Option<(Store, Vec<String>)>> {
        match &self.files {
            None => Ok(None),
            Some(store) => Ok(Some((store.clone(), rows::all_hashes(&self.conn)?))),
        }
    }
}
