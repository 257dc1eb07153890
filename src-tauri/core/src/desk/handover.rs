//! 月度归档移交 (1.6): a month's complaints ready to archive, archived in one step and
//! handed to the quality department with a printed list that can be printed again.

use super::cases::{in_first_role, record_in};
use super::*;
use crate::pdf::HandoverLine;
use crate::workflow::Awaiting;

/// The most complaints one hand-over takes (a month of a large center).
pub const HANDOVER_MAX: usize = 2000;

/// What the supervisor or the quality department hands over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoverInput {
    /// The month of receipt, `YYYY-MM`.
    pub month: String,
    /// The complaints handed over (each ready to archive, received in that month).
    #[ts(type = "Array<number>")]
    pub complaint_ids: Vec<i64>,
    /// Who receives at the quality department (may be empty: signed on paper).
    pub receiver: String,
}

/// A hand-over as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Handover {
    /// Row id.
    #[ts(type = "number")]
    pub id: i64,
    /// The month of receipt.
    pub month: String,
    /// The how-manieth hand-over of that month.
    #[ts(type = "number")]
    pub number: i64,
    /// When.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// Who handed over.
    pub by: String,
    /// Who receives.
    pub receiver: String,
    /// The complaints, by case number.
    pub lines: Vec<HandoverLine>,
}

impl Desk {
    /// The complaints received in `month` that are ready to archive: called back satisfied,
    /// excluded, or unreachable after the tries allowed.
    pub fn handover_candidates(&mut self, actor: &User, month: &str) -> Result<Vec<HandoverLine>> {
        Self::allow(actor, Action::Archive)?;
        let period = super::stats::month(month)?;
        let (_, policy) = self.current_policy()?;
        let (start, end) = period.bounds(&policy);
        let ids = storage::handovers::awaiting_received(
            &self.conn,
            Awaiting::Archive.code(),
            start,
            end,
        )?;
        ids.into_iter()
            .map(|id| self.handover_line(actor, id))
            .collect()
    }

    /// Archives the chosen complaints of `month` in one transaction (each its event and
    /// audit entry, taken in the actor's role that may archive) and records the hand-over.
    /// Nothing is written when any of them is not ready or not of that month.
    pub fn hand_over(
        &mut self,
        actor: &User,
        input: &HandoverInput,
        now: DateTime<Utc>,
    ) -> Result<Handover> {
        Self::allow(actor, Action::Archive)?;
        let mut c = Checker::new();
        let receiver = c
            .optional("receiver", Some(&input.receiver), 30, false)
            .unwrap_or_default();
        let ready: std::collections::HashSet<i64> = self
            .handover_candidates(actor, &input.month)?
            .into_iter()
            .map(|l| l.complaint_id)
            .collect();
        let mut ids = input.complaint_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            c.fail(
                "complaintIds",
                "请至少选择一件投诉",
                "choose at least one complaint",
            );
        } else if ids.len() > HANDOVER_MAX {
            c.fail(
                "complaintIds",
                &format!("一次最多移交 {HANDOVER_MAX} 件"),
                &format!("take at most {HANDOVER_MAX} at a time"),
            );
        } else if ids.iter().any(|id| !ready.contains(id)) {
            c.fail(
                "complaintIds",
                "含有不属于该月或尚不能归档的投诉，请刷新后重选",
                "include complaints not of that month or not ready to archive: refresh and choose again",
            );
        }
        c.finish().map_err(DeskError::Invalid)?;
        let tz = self.tz()?;
        let mut cases = Vec::with_capacity(ids.len());
        for &id in &ids {
            cases.push(self.case(id)?);
        }
        let tx = self.write()?;
        for (complaint, evs, policy) in cases {
            let case = Case {
                complaint: &complaint,
                events: &evs,
                policy: &policy,
            };
            let (role, t) = in_first_role(actor, Action::Archive, |p| {
                workflow::apply(p, &case, Step::Archive, now)
            })?;
            record_in(
                &tx,
                (actor.id, Some(role)),
                &complaint,
                evs.clone(),
                &policy,
                t,
                ("complaint.archive", tz),
                now,
            )?;
        }
        let handover_id =
            storage::handovers::insert(&tx, (&input.month, now, actor.id, &receiver), &ids)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "handover.record",
            entity: "handover",
            entity_id: Some(handover_id),
            before: None,
            after: json(&serde_json::json!({
                "month": input.month, "receiver": receiver, "complaintIds": ids,
            })),
        })?;
        tx.commit()?;
        self.handover(actor, handover_id)
    }

    /// The hand-overs of `month`, oldest first.
    pub fn handovers(&mut self, actor: &User, month: &str) -> Result<Vec<Handover>> {
        Self::allow(actor, Action::Archive)?;
        super::stats::month(month)?;
        let ids = storage::handovers::of_month(&self.conn, month)?;
        ids.into_iter().map(|id| self.handover(actor, id)).collect()
    }

    /// One hand-over with its lines as they read now.
    pub fn handover(&mut self, actor: &User, id: i64) -> Result<Handover> {
        Self::allow(actor, Action::Archive)?;
        let tz = self.tz()?;
        let ((month, at, by, receiver), number) =
            storage::handovers::get(&self.conn, id)?.ok_or(DeskError::NotFound("移交记录"))?;
        let lines = storage::handovers::items(&self.conn, id)?
            .into_iter()
            .map(|c| self.handover_line(actor, c))
            .collect::<Result<_>>()?;
        Ok(Handover {
            id,
            month,
            number,
            at: at.with_timezone(&tz).fixed_offset(),
            by: users::by_id(&self.conn, by)?
                .map(|s| s.user.display_name)
                .unwrap_or_default(),
            receiver,
            lines,
        })
    }

    /// 《投诉档案移交清单》 of one hand-over, printed by `actor` (audited as a print).
    pub fn handover_job(&mut self, actor: &User, id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        let handover = self.handover(actor, id)?;
        Ok(PrintJob::handover(
            reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            (
                actor.display_name.clone(),
                now.with_timezone(&self.tz()?).fixed_offset(),
            ),
            handover,
        ))
    }

    /// One line of a hand-over: the complaint as it reads now.
    /// A confidential complainant is masked for a viewer outside the desk and the managers.
    fn handover_line(&mut self, viewer: &User, id: i64) -> Result<HandoverLine> {
        let tz = self.tz()?;
        let (c, evs, _) = self.case(id)?;
        let result = evs
            .iter()
            .rev()
            .find_map(|e| match &e.data {
                EventData::Handled { result } => Some(result.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let satisfaction = evs
            .iter()
            .rev()
            .find_map(|e| match &e.data {
                EventData::CalledBack { reached: false, .. } => Some("未能联系".to_owned()),
                EventData::CalledBack {
                    exclusion: Some(x), ..
                } => Some(format!("剔除：{}", x.label_zh())),
                EventData::CalledBack { result, .. } => {
                    Some(result.map_or("—", |s| s.label_zh()).to_owned())
                }
                _ => None,
            })
            .unwrap_or_default();
        let pages = storage::handovers::last_printed_pages(&self.conn, id)?;
        let department = reference::departments(&self.conn)?
            .into_iter()
            .find(|d| d.id == c.department_id)
            .map(|d| d.name)
            .unwrap_or_default();
        let resident = crate::privacy::resident_line(
            &c,
            c.confidential && !crate::privacy::sees_confidential(viewer),
        );
        Ok(HandoverLine {
            complaint_id: id,
            case_no: c.case_no,
            received_at: c.received_at.with_timezone(&tz).fixed_offset(),
            resident,
            department,
            severity: c.severity,
            result,
            satisfaction,
            pages: pages.and_then(|p| u32::try_from(p).ok()),
        })
    }
}
