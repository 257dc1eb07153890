//! Printing: the form of one complaint and the dispatch register, each an audit entry.

use super::*;
use crate::pdf::{self, Printed, RegisterRow};
use printpdf::ParsedFont;

impl Desk {
    /// 《住户投诉意见表》 of one complaint, printed by `actor` (audited).
    pub fn print_form(
        &mut self,
        actor: &User,
        id: i64,
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        let detail = self.detail(actor, id, now)?;
        let center = reference::setting(&self.conn, "center_name")?.unwrap_or_default();
        let departments = reference::departments(&self.conn)?;
        let at = now.with_timezone(&self.tz()?).fixed_offset();
        let printed = pdf::complaint_form(
            font,
            &center,
            &detail,
            &departments,
            (&actor.display_name, at),
        )?;
        self.audit_print(
            actor,
            "complaint.print",
            Some(id),
            serde_json::json!({ "caseNo": detail.row.case_no, "pages": printed.pages }),
            now,
        )?;
        Ok(printed)
    }

    /// 《投诉处置记录表》 for the local dates `from`..=`to`, printed by `actor` (audited).
    pub fn print_register(
        &mut self,
        actor: &User,
        (from, to): (NaiveDate, NaiveDate),
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        Self::allow(actor, Action::View)?;
        if to < from {
            return Err(DeskError::Invalid(vec![FieldError {
                field: "to".into(),
                message: "结束日期不能早于开始日期".into(),
                message_en: "The end date cannot be before the start date".into(),
            }]));
        }
        let rows = self.register_rows(from, to)?;
        let center = reference::setting(&self.conn, "center_name")?.unwrap_or_default();
        let at = now.with_timezone(&self.tz()?).fixed_offset();
        let printed =
            pdf::dispatch_register(font, &center, (from, to), &rows, (&actor.display_name, at))?;
        let what = serde_json::json!({ "from": from, "to": to, "rows": rows.len(), "pages": printed.pages });
        self.audit_print(actor, "register.print", None, what, now)?;
        Ok(printed)
    }

    fn audit_print(
        &mut self,
        actor: &User,
        action: &str,
        id: Option<i64>,
        what: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.write()?;
        let entity = if id.is_some() {
            "complaint"
        } else {
            "register"
        };
        audit::append(
            &tx,
            &AuditEntry {
                at: now,
                actor_id: actor.id,
                action,
                entity,
                entity_id: id,
                before: None,
                after: json(&what),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// One row per dispatch recorded in the range, with its return and remarks.
    pub fn register_rows(&mut self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RegisterRow>> {
        let (_, policy) = self.current_policy()?;
        let tz = policy.tz();
        let start = deadline::local_midnight(&policy, from);
        let end = deadline::local_midnight(&policy, to.succ_opt().unwrap_or(to));
        let dispatches = events::dispatches_between(&self.conn, start, end)?;
        let departments = reference::departments(&self.conn)?;
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut rows = Vec::with_capacity(dispatches.len());
        for (complaint_id, event_id) in dispatches {
            let (c, evs, _) = self.case(complaint_id)?;
            let Some(i) = evs.iter().position(|e| e.id == event_id) else {
                continue;
            };
            let EventData::Dispatched {
                department_id,
                recipient,
            } = &evs[i].data
            else {
                continue;
            };
            // This dispatch's life: up to the next dispatch of the same complaint.
            let end = evs[i + 1..]
                .iter()
                .position(|e| matches!(e.data, EventData::Dispatched { .. }))
                .map_or(evs.len(), |n| i + 1 + n);
            let after = &evs[i + 1..end];
            let returned = after.iter().find(|e| e.data == EventData::FormReturned);
            let returned_to = match returned {
                Some(e) => Some(match names.get(&e.actor_id) {
                    Some(n) => n.clone(),
                    None => {
                        let n = users::by_id(&self.conn, e.actor_id)?
                            .map(|u| u.user.display_name)
                            .unwrap_or_default();
                        names.insert(e.actor_id, n.clone());
                        n
                    }
                }),
                None => None,
            };
            let mut remark = Vec::new();
            for e in after {
                match &e.data {
                    EventData::DispatchReturned { reason } => {
                        remark.push(format!("回退：{reason}"))
                    }
                    EventData::Forwarded { to_role, .. } => {
                        remark.push(format!("已转呈{}", to_role.label_zh()))
                    }
                    EventData::Voided { .. } => remark.push("已作废".into()),
                    _ => {}
                }
            }
            if !c.valid {
                remark.push("无效投诉".into());
            }
            rows.push(RegisterRow {
                case_no: c.case_no.clone(),
                dispatched_at: evs[i].at.with_timezone(&tz).fixed_offset(),
                severity: c.severity,
                department: departments
                    .iter()
                    .find(|d| d.id == *department_id)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                recipient: recipient.clone(),
                returned_at: returned.map(|e| e.at.with_timezone(&tz).fixed_offset()),
                returned_to,
                remark: remark.join("；"),
            });
        }
        Ok(rows)
    }
}
