//! Printing: the form of one complaint and the dispatch register, each an audit entry.

use super::*;
use crate::pdf::{self, Printed, RegisterRow};
use crate::storage::reference::Department;
use printpdf::ParsedFont;

/// A document read under the desk's lock and rendered without it: the window stays
/// responsive while a long register or report is laid out. [`Desk::record_print`] then
/// writes its audit entry.
#[derive(Debug, Clone)]
pub struct PrintJob {
    center: String,
    by: (String, DateTime<chrono::FixedOffset>),
    what: PrintWhat,
}

#[derive(Debug, Clone)]
enum PrintWhat {
    Form {
        detail: Box<ComplaintDetail>,
        departments: Vec<Department>,
        categories: Vec<crate::storage::reference::Category>,
        photos: Vec<pdf::Photo>,
    },
    Register {
        range: (NaiveDate, NaiveDate),
        rows: Vec<RegisterRow>,
    },
    Handover(Box<super::Handover>),
    Blank {
        departments: Vec<Department>,
    },
    Urge {
        id: i64,
        urge: pdf::Urge,
        due_at: DateTime<Utc>,
    },
    Receipt {
        id: i64,
        phone: String,
        receipt: pdf::Receipt,
    },
    Report {
        month: String,
        statistics: Box<crate::stats::Statistics>,
        analysis: String,
    },
}

impl PrintJob {
    pub(super) fn handover(
        center: String,
        by: (String, DateTime<chrono::FixedOffset>),
        handover: super::Handover,
    ) -> Self {
        Self {
            center,
            by,
            what: PrintWhat::Handover(Box::new(handover)),
        }
    }

    /// How many complaints' lines it prints: one form, the register's rows, none for a
    /// report (figures only).
    pub fn entries(&self) -> usize {
        match &self.what {
            PrintWhat::Form { .. } | PrintWhat::Receipt { .. } | PrintWhat::Urge { .. } => 1,
            PrintWhat::Handover(h) => h.lines.len(),
            PrintWhat::Register { rows, .. } => rows.len(),
            PrintWhat::Report { .. } | PrintWhat::Blank { .. } => 0,
        }
    }
    /// Lays the document out (no database, no lock).
    pub fn render(&self, font: &ParsedFont) -> Result<Printed> {
        let by = (self.by.0.as_str(), self.by.1);
        Ok(match &self.what {
            PrintWhat::Form {
                detail,
                departments,
                categories,
                photos,
            } => pdf::complaint_form(
                font,
                &self.center,
                detail,
                (departments, categories, photos),
                by,
            )?,
            PrintWhat::Register { range, rows } => {
                pdf::dispatch_register(font, &self.center, *range, rows, by)?
            }
            PrintWhat::Handover(h) => pdf::handover_list(
                font,
                &self.center,
                (&h.month, h.number),
                &h.lines,
                (&h.by, &h.receiver),
                by,
            )?,
            PrintWhat::Receipt { phone, receipt, .. } => {
                pdf::receipt(font, (&self.center, phone), receipt, by)?
            }
            PrintWhat::Blank { departments } => {
                pdf::blank_form(font, &self.center, departments, by)?
            }
            PrintWhat::Urge { urge, .. } => pdf::urge_notice(font, &self.center, urge, by)?,
            PrintWhat::Report {
                statistics,
                analysis,
                ..
            } => pdf::monthly_report(font, &self.center, statistics, analysis, by)?,
        })
    }

    /// The document's name, as the saved file suggests it (without the extension).
    pub fn document_name(&self) -> String {
        match &self.what {
            PrintWhat::Form { detail, .. } => format!("住户投诉意见表-{}", detail.row.case_no),
            PrintWhat::Receipt { receipt, .. } => format!("投诉受理回执-{}", receipt.case_no),
            PrintWhat::Register {
                range: (from, to), ..
            } => format!("投诉处置记录表-{from}-{to}"),
            PrintWhat::Report { month, .. } => format!("月度投诉统计分析-{month}"),
            PrintWhat::Handover(h) => format!("投诉档案移交清单-{}-{}", h.month, h.number),
            PrintWhat::Blank { .. } => "住户投诉意见表-空白".to_owned(),
            PrintWhat::Urge { urge, .. } => format!("催办通知单-{}-{}", urge.case_no, urge.number),
        }
    }
}

impl Desk {
    /// 《住户投诉意见表》 of one complaint, printed by `actor` (audited).
    pub fn print_form(
        &mut self,
        actor: &User,
        id: i64,
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        let job = self.form_job(actor, id, now)?;
        let printed = job.render(font)?;
        self.record_print(actor, &job, &printed, now)?;
        Ok(printed)
    }

    /// What the form of one complaint needs, checked for `actor`.
    pub fn form_job(&mut self, actor: &User, id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        let detail = self.detail(actor, id, now)?;
        // The kept photos whose files read intact (a missing one is listed, not shown).
        let photos = detail
            .attachments
            .iter()
            .filter(|a| a.removed_event_id.is_none() && a.kind.is_picture())
            .filter_map(|a| {
                self.read_file(&a.sha256).ok().map(|bytes| pdf::Photo {
                    attachment_id: a.id,
                    bytes,
                })
            })
            .collect();
        Ok(PrintJob {
            center: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            by: (
                actor.display_name.clone(),
                now.with_timezone(&self.tz()?).fixed_offset(),
            ),
            what: PrintWhat::Form {
                detail: Box::new(detail),
                departments: reference::departments(&self.conn)?,
                categories: reference::categories(&self.conn)?,
                photos,
            },
        })
    }

    /// The blank 《住户投诉意见表》 for hand registration while the desk is down: anyone
    /// who registers may print it (audited like every print).
    pub fn print_blank_form(
        &mut self,
        actor: &User,
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        let job = self.blank_form_job(actor, now)?;
        let printed = job.render(font)?;
        self.record_print(actor, &job, &printed, now)?;
        Ok(printed)
    }

    /// What the blank form needs: the center's name and the departments in use.
    pub fn blank_form_job(&mut self, actor: &User, now: DateTime<Utc>) -> Result<PrintJob> {
        Self::allow(actor, Action::Register)?;
        Ok(PrintJob {
            center: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            by: (
                actor.display_name.clone(),
                now.with_timezone(&self.tz()?).fixed_offset(),
            ),
            what: PrintWhat::Blank {
                departments: reference::departments(&self.conn)?,
            },
        })
    }

    /// 《催办通知单》 of a complaint whose handling is overdue by the policy's days: the
    /// desk's and the managers' to send (an event and an audit entry when printed).
    pub fn urge_job(&mut self, actor: &User, id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        Self::allow(actor, Action::View)?;
        if !actor.personas().any(|p| urges(p.role)) {
            return Err(DeskError::Refused(
                "催办由住户服务中心（接待员、公共事务部主管）或经理发出".into(),
                "Reminders are sent by the desk (receptionist, supervisor) or a manager".into(),
            ));
        }
        let tz = self.tz()?;
        let (c, evs, policy) = self.case(id)?;
        let handling = deadline::deadlines(&c, &evs, &policy, now)
            .into_iter()
            .find(|d| d.kind == DeadlineKind::Handling && d.met_at.is_none());
        let overdue = |d: &Deadline| {
            now > d.due_at && (now - d.due_at).num_days() >= policy.urge_after_days.max(0)
        };
        let Some(d) = handling.filter(overdue) else {
            return Err(DeskError::Refused(
                format!("处理逾期满 {} 天的投诉才能催办", policy.urge_after_days),
                format!(
                    "Only a complaint whose handling is {} day(s) overdue can be urged",
                    policy.urge_after_days
                ),
            ));
        };
        let days_late = (now - d.due_at).num_days();
        let departments = reference::departments(&self.conn)?;
        let department = departments.iter().find(|x| x.id == c.department_id);
        let head = match department.and_then(|x| x.head_user_id) {
            Some(u) => users::by_id(&self.conn, u)?
                .map(|s| s.user.display_name)
                .unwrap_or_default(),
            None => String::new(),
        };
        // The notice goes to the department: a confidential complainant stays masked.
        let resident = match crate::privacy::resident_line(&c, c.confidential) {
            line if c.confidential => format!("{line}（保密）"),
            line => line,
        };
        let number = 1 + evs
            .iter()
            .filter(|e| matches!(e.data, EventData::Urged { .. }))
            .count();
        Ok(PrintJob {
            center: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            by: (
                actor.display_name.clone(),
                now.with_timezone(&tz).fixed_offset(),
            ),
            what: PrintWhat::Urge {
                id,
                due_at: d.due_at,
                urge: pdf::Urge {
                    case_no: c.case_no.clone(),
                    department: department.map(|x| x.name.clone()).unwrap_or_default(),
                    head,
                    received_at: c.received_at.with_timezone(&tz).fixed_offset(),
                    resident,
                    description: c.description.clone(),
                    severity: c.severity.label_zh().to_owned(),
                    due_at: d.due_at.with_timezone(&tz).fixed_offset(),
                    days_late,
                    number,
                },
            },
        })
    }

    /// 投诉受理回执 of one complaint, printed at the desk (audited).
    pub fn print_receipt(
        &mut self,
        actor: &User,
        id: i64,
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        let job = self.receipt_job(actor, id, now)?;
        let printed = job.render(font)?;
        self.record_print(actor, &job, &printed, now)?;
        Ok(printed)
    }

    /// What the receipt of one complaint needs: the desk's (who registers) to hand out.
    /// The time to expect is the policy's at registration: the handling deadline (for a
    /// major complaint also the clear answer within its days).
    pub fn receipt_job(&mut self, actor: &User, id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        Self::allow(actor, Action::Register)?;
        let tz = self.tz()?;
        let (c, evs, policy) = self.case(id)?;
        let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
        let all = deadline::deadlines(&c, &evs, &policy, now);
        let due = |kind: DeadlineKind| all.iter().find(|d| d.kind == kind).map(|d| d.due_at);
        let mut expect = match due(DeadlineKind::Handling) {
            Some(t) => format!("{} 前处理完毕", local(t)),
            None => "按规定时限处理".to_owned(),
        };
        if let Some(t) = due(DeadlineKind::FirstReply) {
            expect = format!("{} 前给予明确答复；{expect}", local(t));
        }
        if !c.valid {
            expect = "经核实为无效投诉，服务中心仍为您协调处理".to_owned();
        }
        let receptionist = users::by_id(&self.conn, c.receptionist_id)?
            .map(|s| s.user.display_name)
            .unwrap_or_default();
        let department = reference::departments(&self.conn)?
            .into_iter()
            .find(|d| d.id == c.department_id)
            .map(|d| d.name)
            .unwrap_or_default();
        Ok(PrintJob {
            center: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            by: (
                actor.display_name.clone(),
                now.with_timezone(&tz).fixed_offset(),
            ),
            what: PrintWhat::Receipt {
                id,
                phone: reference::setting(&self.conn, "center_phone")?.unwrap_or_default(),
                receipt: pdf::Receipt {
                    case_no: c.case_no.clone(),
                    received_at: c.received_at.with_timezone(&tz).fixed_offset(),
                    channel: c.channel.label_zh().to_owned(),
                    resident: format!("{} {}", c.resident_name, c.room),
                    description: c.description.clone(),
                    department,
                    expect,
                    receptionist,
                },
            },
        })
    }

    /// 《投诉处置记录表》 for the local dates `from`..=`to`, printed by `actor` (audited).
    pub fn print_register(
        &mut self,
        actor: &User,
        range: (NaiveDate, NaiveDate),
        font: &ParsedFont,
        now: DateTime<Utc>,
    ) -> Result<Printed> {
        let job = self.register_job(actor, range, now)?;
        let printed = job.render(font)?;
        self.record_print(actor, &job, &printed, now)?;
        Ok(printed)
    }

    /// What the register of `from`..=`to` needs, checked for `actor`.
    pub fn register_job(
        &mut self,
        actor: &User,
        (from, to): (NaiveDate, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<PrintJob> {
        Self::allow(actor, Action::View)?;
        if to < from {
            return Err(DeskError::Invalid(vec![FieldError {
                field: "to".into(),
                message: "结束日期不能早于开始日期".into(),
                message_en: "The end date cannot be before the start date".into(),
            }]));
        }
        Ok(PrintJob {
            center: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            by: (
                actor.display_name.clone(),
                now.with_timezone(&self.tz()?).fixed_offset(),
            ),
            what: PrintWhat::Register {
                range: (from, to),
                rows: self.register_rows(from, to, Self::read_scope(actor))?,
            },
        })
    }

    /// What the monthly report of `month_key` (`YYYY-MM`) needs, checked for `actor`.
    pub fn report_job(
        &mut self,
        actor: &User,
        month_key: &str,
        now: DateTime<Utc>,
    ) -> Result<PrintJob> {
        let report = self.report_text(actor, month_key)?;
        let statistics = self.statistics(actor, super::stats::month(month_key)?, now)?;
        Ok(PrintJob {
            center: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            by: (
                actor.display_name.clone(),
                now.with_timezone(&self.tz()?).fixed_offset(),
            ),
            what: PrintWhat::Report {
                month: report.month,
                statistics: Box::new(statistics),
                analysis: report.analysis,
            },
        })
    }

    /// The audit entry of a printed job (and, for a 《催办通知单》, its event).
    pub fn record_print(
        &mut self,
        actor: &User,
        job: &PrintJob,
        printed: &Printed,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if let PrintWhat::Urge { id, urge, due_at } = &job.what {
            let data = EventData::Urged {
                due_at: *due_at,
                days_late: urge.days_late,
            };
            let evs = events::for_complaint(&self.conn, *id)?;
            let at = evs.last().map_or(now, |last| last.at.max(now));
            let role = actor.personas().map(|p| p.role).find(|r| urges(*r));
            let tx = self.write()?;
            events::append(&tx, *id, at, (actor.id, role), &data)?;
            tx.audit(&AuditEntry {
                at: now,
                actor_id: actor.id,
                action: "complaint.urge",
                entity: "complaint",
                entity_id: Some(*id),
                before: None,
                after: json(&serde_json::json!({
                    "caseNo": urge.case_no, "event": data, "pages": printed.pages,
                })),
            })?;
            tx.commit()?;
            return Ok(());
        }
        let (action, entity, id, what) = match &job.what {
            PrintWhat::Form { detail, .. } => (
                "complaint.print",
                "complaint",
                Some(detail.row.id),
                serde_json::json!({ "caseNo": detail.row.case_no, "pages": printed.pages }),
            ),
            PrintWhat::Handover(h) => (
                "handover.print",
                "handover",
                Some(h.id),
                serde_json::json!({ "month": h.month, "number": h.number, "pages": printed.pages }),
            ),
            PrintWhat::Receipt { id, receipt, .. } => (
                "complaint.printReceipt",
                "complaint",
                Some(*id),
                serde_json::json!({ "caseNo": receipt.case_no, "pages": printed.pages }),
            ),
            PrintWhat::Register {
                range: (from, to),
                rows,
            } => (
                "register.print",
                "register",
                None,
                serde_json::json!({ "from": from, "to": to, "rows": rows.len(), "pages": printed.pages }),
            ),
            PrintWhat::Urge { .. } => unreachable!("recorded above"),
            PrintWhat::Blank { .. } => (
                "blankForm.print",
                "blankForm",
                None,
                serde_json::json!({ "pages": printed.pages }),
            ),
            PrintWhat::Report { month, .. } => (
                "report.print",
                "monthlyReport",
                None,
                serde_json::json!({ "month": month, "pages": printed.pages }),
            ),
        };
        self.audit_alone(actor, (action, entity), id, what, now)
    }

    /// One row per dispatch recorded in the range, with its return and remarks.
    /// Only the dispatches to department `only`, when given (a department head's register).
    pub fn register_rows(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        only: Option<i64>,
    ) -> Result<Vec<RegisterRow>> {
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
            if only.is_some_and(|d| d != *department_id) {
                continue;
            }
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

/// The roles that send a 《催办通知单》: the desk and the managers.
fn urges(role: Role) -> bool {
    matches!(
        role,
        Role::Receptionist | Role::Supervisor | Role::Manager | Role::GeneralManager
    )
}
