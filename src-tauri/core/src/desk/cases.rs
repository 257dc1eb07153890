//! Complaints: registration, workflow steps, the one-month raise, lists, repeats, queues.

use super::*;
use crate::storage::stats::Kept;
use crate::workflow::{CallbackInput, CorrectionInput, NotifyInput};

/// What is derived from the complaint's history and kept for indexing, rewritten in the
/// transaction of each event: its standing with the next deadline, and its outcome for
/// the statistics.
pub(crate) fn restate(
    tx: &dyn crate::storage::db::Db,
    c: &mut Complaint,
    evs: &[Event],
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
    kept: Kept,
) -> Result<()> {
    let all = deadline::deadlines(c, evs, policy, now);
    let next = deadline::next_due(&all);
    (c.next_due_at, c.next_due_kind) = (next.map(|n| n.0), next.map(|n| n.1));
    let waits = complaints::Waits {
        awaiting: workflow::awaiting(&Case {
            complaint: c,
            events: evs,
            policy,
        }),
        reply_due_at: all
            .iter()
            .find(|d| d.kind == DeadlineKind::PromisedReply && d.met_at.is_none())
            .map(|d| d.due_at),
        open: all
            .iter()
            .filter(|d| d.met_at.is_none())
            .map(|d| complaints::OpenDue {
                kind: d.kind,
                started_at: d.started_at,
                due_at: d.due_at,
                paused: d.paused,
                warn_at: d.warn_at,
            })
            .collect(),
        after_hours: !policy
            .calendar
            .in_zone(policy.tz())
            .is_open(deadline::sane(c.received_at)),
    };
    complaints::update_standing(tx, c, &waits, now)?;
    let outcome = crate::stats::outcome(c, evs, policy, now);
    storage::stats::write_outcome(tx, c.id, &outcome, policy.tz(), kept)?;
    Ok(())
}

impl Desk {
    /// Registers a complaint: every field checked, a case number of the local day,
    /// the first event, deadlines and the audit entry, in one transaction.
    pub fn register(
        &mut self,
        actor: &User,
        input: &NewComplaint,
        now: DateTime<Utc>,
    ) -> Result<ComplaintRow> {
        self.register_keyed(actor, input, None, now)
    }

    /// Registers under `key`, the window's own key for this form: sent again (after an
    /// answer lost with the connection), it is not recorded twice; the complaint recorded
    /// under it is the answer.
    pub fn register_keyed(
        &mut self,
        actor: &User,
        input: &NewComplaint,
        key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ComplaintRow> {
        Self::allow(actor, Action::Register)?;
        if let Some(key) = key {
            if !(8..=64).contains(&key.len())
                || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                let mut c = Checker::new();
                c.fail(
                    "requestKey",
                    "应为 8 到 64 个字母、数字或连字符",
                    "must be 8 to 64 letters, digits or hyphens",
                );
                return Err(DeskError::Invalid(c.finish().err().unwrap_or_default()));
            }
        }
        let (version, policy) = self.current_policy()?;
        if version == 0 {
            return Err(DeskError::SetupNeeded);
        }
        let tz = policy.tz();
        let departments = reference::departments(&self.conn)?;
        let categories = reference::categories(&self.conn)?;
        let input = &self.with_accused_name(input, None)?;
        let reg = input
            .check(FormContext {
                tz,
                now,
                departments: &departments,
                categories: &categories,
            })
            .map_err(DeskError::Invalid)?;
        let tx = self.write()?;
        // Read under the writer lock: a first sending still being written is seen.
        if let Some((id, by)) = key
            .map(|k| complaints::keyed(&tx, k))
            .transpose()?
            .flatten()
        {
            if by != actor.id {
                return Err(DeskError::ChangedMeanwhile);
            }
            let row = complaints::row(&tx, id, tz, now)?.ok_or(DeskError::NotFound("投诉"))?;
            return Ok(row);
        }
        let day = reg.received_at.with_timezone(&tz).date_naive();
        let case_no = complaints::allocate_case_no(&tx, day)?;
        let id = complaints::insert(&tx, &case_no, &reg, actor.id, version, now)?;
        if let Some(key) = key {
            complaints::keep_key(&tx, key, id, actor.id)?;
        }
        let role = actor
            .personas()
            .map(|p| p.role)
            .find(|r| permits(*r, Action::Register));
        let registered = events::append(
            &tx,
            id,
            reg.received_at,
            (actor.id, role),
            &EventData::Registered {
                backfilled_at: input.from_paper.then_some(now),
            },
        )?;
        let mut complaint = complaints::get(&tx, id)?.ok_or(DeskError::NotFound("投诉"))?;
        // Its whole history is the event just written (not read back: on the server each
        // statement is a round trip).
        restate(&tx, &mut complaint, &[registered], &policy, now, Kept::New)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "complaint.register",
            entity: "complaint",
            entity_id: Some(id),
            before: None,
            after: json(&serde_json::json!({ "caseNo": case_no, "form": input })),
        })?;
        let row = complaints::row(&tx, id, tz, now)?.ok_or(DeskError::NotFound("投诉"))?;
        tx.commit()?;
        Ok(row)
    }

    /// A complaint with its events and policy.
    pub fn case(&mut self, id: i64) -> Result<(Complaint, Vec<Event>, DeadlinePolicy)> {
        let complaint = complaints::get(&self.conn, id)?.ok_or(DeskError::NotFound("投诉"))?;
        let evs = events::for_complaint(&self.conn, id)?;
        let policy = self.policy(complaint.policy_version)?;
        Ok((complaint, evs, policy))
    }

    /// The complaint's deadlines at `now`.
    pub fn deadlines(&mut self, id: i64, now: DateTime<Utc>) -> Result<Vec<Deadline>> {
        let (c, evs, policy) = self.case(id)?;
        Ok(deadline::deadlines(&c, &evs, &policy, now))
    }

    /// What `actor` may do on the complaint now.
    pub fn actions(&mut self, actor: &User, id: i64) -> Result<Vec<Action>> {
        let (c, evs, policy) = self.case(id)?;
        Ok(workflow::available_actions(
            actor,
            &Case {
                complaint: &c,
                events: &evs,
                policy: &policy,
            },
        ))
    }

    /// Runs one workflow step in one transaction: the event, the new standing, the
    /// recomputed next deadline and the audit entry; nothing on error.
    pub fn step(
        &mut self,
        actor: &User,
        id: i64,
        step: Step,
        now: DateTime<Utc>,
    ) -> Result<ComplaintRow> {
        self.step_seen(actor, id, step, None, now)
    }

    /// A step taken from a window that showed the complaint up to its event `seen`: when
    /// another desk has moved the complaint since, the step is refused as a conflict
    /// ([`DeskError::ChangedMeanwhile`]) and the window reads it again, rather than taking a
    /// step on a complaint the person has not seen (or being told the step no longer fits).
    pub fn step_seen(
        &mut self,
        actor: &User,
        id: i64,
        mut step: Step,
        seen: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<ComplaintRow> {
        Self::allow(actor, Action::View)?;
        // Entered for someone else: an account's name comes from the account.
        if let Step::NotifyResident(NotifyInput { done, .. })
        | Step::Callback(CallbackInput { done, .. }) = &mut step
        {
            if let Some(user_id) = done.user_id {
                done.name = Some(self.account_name(user_id, "doneBy", None)?);
            }
        }
        let audit_name = format!(
            "complaint.{}",
            serde_json::to_value(step.action())
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        );
        let (before, evs, policy) = self.case(id)?;
        if seen.is_some_and(|seen| evs.last().is_some_and(|last| last.id != seen)) {
            Self::check_scope(actor, &before, &evs)?;
            return Err(DeskError::ChangedMeanwhile);
        }
        let case = Case {
            complaint: &before,
            events: &evs,
            policy: &policy,
        };
        // Taken in the first role the user holds that the step allows (a receptionist who
        // is also the supervisor forwards as the supervisor); refused with the reason of
        // the first role that may take such a step at all.
        let (role, transition) = in_first_role(actor, step.action(), |p| {
            workflow::apply(p, &case, step.clone(), now)
        })?;
        if let Some(target) = transition.department_id {
            self.check_dispatch_target(target)?;
        }
        let row = self.record(
            (actor.id, Some(role)),
            &before,
            evs,
            &policy,
            transition,
            &audit_name,
            now,
        )?;
        Ok(crate::privacy::row_for(actor, row))
    }

    /// 更正: the form checked as at registration (the department and category it already
    /// names are accepted even if since disabled), then the correction's own rules; the
    /// corrected form, its event with every change, the recomputed deadlines and the audit
    /// entry in one transaction.
    pub fn correct(
        &mut self,
        actor: &User,
        id: i64,
        input: &CorrectionInput,
        now: DateTime<Utc>,
    ) -> Result<ComplaintRow> {
        Self::allow(actor, Action::Correct)?;
        let (before, evs, policy) = self.case(id)?;
        if input
            .last_event_id
            .is_some_and(|seen| evs.last().is_some_and(|last| last.id != seen))
        {
            return Err(DeskError::ChangedMeanwhile);
        }
        let tz = self.tz()?;
        let mut departments = reference::departments(&self.conn)?;
        let mut categories = reference::categories(&self.conn)?;
        for d in departments
            .iter_mut()
            .filter(|d| d.id == before.department_id)
        {
            d.active = true;
        }
        for k in categories.iter_mut().filter(|k| k.id == before.category_id) {
            k.active = true;
        }
        let mut form = self.with_accused_name(&input.form, before.accused_user_id)?;
        if form.received_at.as_deref().is_none_or(str::is_empty) {
            form.received_at = Some(crate::complaint::form_time(before.received_at, tz));
        }
        let checked = form.check(FormContext {
            tz,
            now,
            departments: &departments,
            categories: &categories,
        });
        let case = Case {
            complaint: &before,
            events: &evs,
            policy: &policy,
        };
        let (role, transition) = in_first_role(actor, Action::Correct, |p| {
            workflow::correct(p, &case, checked.clone(), &input.reason, tz)
        })?;
        self.record(
            (actor.id, Some(role)),
            &before,
            evs,
            &policy,
            transition,
            "complaint.correct",
            now,
        )
    }

    /// The form with 被投诉人's name taken from the chosen user (`kept`: the one already on
    /// a complaint being corrected, accepted even if since disabled).
    fn with_accused_name(&self, form: &NewComplaint, kept: Option<i64>) -> Result<NewComplaint> {
        let mut form = form.clone();
        if let Some(id) = form.accused_user_id {
            form.accused_person = Some(self.account_name(id, "accusedPerson", kept)?);
        }
        Ok(form)
    }

    /// The name of account `id` named in a form's `field`: an active user of the center
    /// (or `kept`, whatever its standing), otherwise a field error.
    fn account_name(&self, id: i64, field: &str, kept: Option<i64>) -> Result<String> {
        match users::by_id(&self.conn, id)?
            .filter(|u| (u.active || kept == Some(id)) && id != SYSTEM_USER_ID)
        {
            Some(u) => Ok(u.user.display_name),
            None => {
                let mut c = Checker::new();
                c.fail(
                    field,
                    "不是本中心在用的账号",
                    "is not an active user of the center",
                );
                Err(DeskError::Invalid(c.finish().err().unwrap_or_default()))
            }
        }
    }

    /// A form goes only to a department that exists and is in use: a disabled one reads
    /// no forms, and an unknown id would otherwise surface as a foreign-key failure.
    fn check_dispatch_target(&self, department_id: i64) -> Result<()> {
        let mut c = Checker::new();
        crate::complaint::department_in_use(
            &mut c,
            &reference::departments(&self.conn)?,
            department_id,
        );
        c.finish().map_err(DeskError::Invalid)
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        actor: (i64, Option<Role>),
        before: &Complaint,
        evs: Vec<Event>,
        policy: &DeadlinePolicy,
        t: workflow::Transition,
        audit_name: &str,
        now: DateTime<Utc>,
    ) -> Result<ComplaintRow> {
        let tz = self.tz()?;
        let tx = self.write()?;
        let row = record_in(&tx, actor, before, evs, policy, t, (audit_name, tz), now)?;
        tx.commit()?;
        Ok(row)
    }

    /// Raises valid complaints still unhandled a month after registration to major
    /// (4.3 c), each with its event and audit entry. Returns the raised ones: the alert.
    pub fn raise_stale(&mut self, now: DateTime<Utc>) -> Result<Vec<ComplaintRow>> {
        // Months are at least 28 days: a cheap indexed pre-filter, then the exact rule.
        let candidates = complaints::raise_candidates(&self.conn, now - Duration::days(28))?;
        let mut raised = Vec::new();
        for id in candidates {
            let (c, evs, policy) = self.case(id)?;
            if let Some(t) = workflow::raise_if_stale(
                &Case {
                    complaint: &c,
                    events: &evs,
                    policy: &policy,
                },
                now,
            ) {
                raised.push(self.record(
                    (SYSTEM_USER_ID, None),
                    &c,
                    evs,
                    &policy,
                    t,
                    "complaint.autoRaise",
                    now,
                )?);
            }
        }
        Ok(raised)
    }

    /// The 查询 list.
    pub fn list(&self, actor: &User, q: &ListQuery, now: DateTime<Utc>) -> Result<ComplaintPage> {
        let (q, range) = self.listed(actor, q)?;
        let page = complaints::list(&self.conn, &q, range, self.tz()?, now)?;
        Ok(Self::shown(actor, page))
    }

    /// The 查询 list's page as the window asks for it: a search's page may come before its
    /// count (`counted: false`), which [`Desk::list_count`] then gives (see
    /// [`complaints::first_page`]).
    pub fn list_first(
        &self,
        actor: &User,
        q: &ListQuery,
        now: DateTime<Utc>,
    ) -> Result<ComplaintPage> {
        let (q, range) = self.listed(actor, q)?;
        let page = complaints::first_page(&self.conn, &q, range, self.tz()?, now)?;
        Ok(Self::shown(actor, page))
    }

    /// How many the 查询 list holds for `q`, and whether a search has more than that.
    pub fn list_count(
        &self,
        actor: &User,
        q: &ListQuery,
        now: DateTime<Utc>,
    ) -> Result<complaints::ListCount> {
        let (q, range) = self.listed(actor, q)?;
        Ok(complaints::count(&self.conn, &q, range, self.tz()?, now)?)
    }

    /// `q` as `actor` may ask it (confidential complainants masked, a department head's
    /// own department only), with its dates resolved.
    fn listed(&self, actor: &User, q: &ListQuery) -> Result<(ListQuery, complaints::Range)> {
        Self::allow(actor, Action::View)?;
        let range = self.list_range(q)?;
        let mut q = ListQuery {
            masked_viewer: !crate::privacy::sees_confidential(actor),
            ..q.clone()
        };
        if let Some(own) = Self::read_scope(actor) {
            // Another department asked for by filter: no department has id -1, so the
            // page is empty, with its total (0), as for any filter.
            let asked = q.department_id.unwrap_or(own);
            q.department_id = Some(if asked == own { own } else { -1 });
        }
        Ok((q, range))
    }

    /// A page's rows as `actor` may see them.
    fn shown(actor: &User, mut page: ComplaintPage) -> ComplaintPage {
        page.rows = page
            .rows
            .into_iter()
            .map(|r| crate::privacy::row_for(actor, r))
            .collect();
        page
    }

    /// The list's `from`/`to` local dates as instants, or which one is malformed.
    pub(crate) fn list_range(&self, q: &ListQuery) -> Result<complaints::Range> {
        let policy = self.current_policy()?.1;
        let mut c = Checker::new();
        let mut day = |field: &str, raw: &Option<String>, next: bool| {
            let raw = raw.as_deref().map(str::trim).filter(|r| !r.is_empty())?;
            match crate::validation::parse_day(raw) {
                Some(d) => Some(deadline::local_midnight(
                    &policy,
                    if next { d.succ_opt()? } else { d },
                )),
                None => {
                    c.fail(
                        field,
                        "格式不正确，应为“年-月-日”",
                        "must be a date like 2026-01-31",
                    );
                    None
                }
            }
        };
        let range = (day("from", &q.from, false), day("to", &q.to, true));
        c.optional("text", q.text.as_deref(), LIST_TEXT_MAX, false);
        if q.page == 0 {
            c.fail("page", "须从 1 开始", "starts at 1");
        }
        if !(1..=complaints::PAGE_SIZE_MAX).contains(&q.page_size) {
            c.fail(
                "pageSize",
                &format!("须在 1 至 {} 之间", complaints::PAGE_SIZE_MAX),
                &format!("must be between 1 and {}", complaints::PAGE_SIZE_MAX),
            );
        }
        c.finish().map_err(DeskError::Invalid)?;
        Ok(range)
    }

    /// Open and recent complaints of the same room or phone (repeat detection).
    pub fn repeats(
        &self,
        actor: &User,
        room: &str,
        phone: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<ComplaintRow>> {
        // Asked while a complaint is registered: the desk's question, not a way to look
        // up any resident's complaints.
        Self::allow(actor, Action::Register)?;
        let phone =
            crate::validation::normalize_phone(phone).unwrap_or_else(|| phone.trim().to_owned());
        let since = now - Duration::days(REPEAT_WINDOW_DAYS);
        Ok(complaints::repeats(
            &self.conn,
            room.trim(),
            &phone,
            since,
            self.tz()?,
            now,
        )?)
    }

    /// Every dashboard queue with its count and most urgent `limit` rows, the user's own
    /// queues first. A department head sees their department's complaints.
    pub fn dashboard(&self, actor: &User, limit: u32, now: DateTime<Utc>) -> Result<Dashboard> {
        Self::allow(actor, Action::View)?;
        let tz = self.tz()?;
        let scope = queue_scope(actor);
        let mut mine: Vec<Queue> = Vec::new();
        for q in actor.personas().flat_map(|p| queues_for(p.role)) {
            if !mine.contains(&q) {
                mine.push(q);
            }
        }
        let order: Vec<Queue> = mine
            .iter()
            .copied()
            .chain(Queue::ALL.into_iter().filter(|q| !mine.contains(q)))
            .collect();
        let read = complaints::queues(&self.conn, &order, scope, limit, tz, now)?;
        let queues = order
            .into_iter()
            .zip(read)
            .map(|(queue, (count, rows))| QueueView {
                queue,
                count,
                rows: rows
                    .into_iter()
                    .map(|r| crate::privacy::row_for(actor, r))
                    .collect(),
            })
            .collect();
        Ok(Dashboard {
            queues,
            mine,
            now: now.with_timezone(&tz).fixed_offset(),
        })
    }

    /// The extension requests waiting for `actor`'s decision (a manager the minor ones, the
    /// general manager the others), for the desk's notifications; none for other roles.
    pub fn awaiting_approval(&self, actor: &User, now: DateTime<Utc>) -> Result<Vec<ComplaintRow>> {
        if !actor.holds(Role::Manager) && !actor.holds(Role::GeneralManager) {
            return Ok(Vec::new());
        }
        let scope = complaints::QueueScope {
            department: None,
            ..queue_scope(actor)
        };
        let (_, rows) = complaints::queue(
            &self.conn,
            Queue::ToApproveExtension,
            scope,
            100,
            self.tz()?,
            now,
        )?;
        Ok(rows)
    }

    /// The deadlines that turned amber (预警) or passed in `(since, now]` and that the
    /// user logged in at this desk must act on (a department head: of their department):
    /// the desk's native notifications. With nobody logged in (a locked or idle reception
    /// desk), the dispatches and forwards, the desk's own first duties.
    pub fn deadline_alerts(
        &self,
        actor: Option<&User>,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<DeadlineAlert>> {
        let tz = self.tz()?;
        let mut out = Vec::new();
        for (department_id, row) in complaints::crossed(&self.conn, since, tz, now)? {
            for d in &row.open_deadlines {
                let overdue = d.overdue && d.due_at > since && d.due_at <= now;
                let warning = d.warning && d.warn_at > since;
                if d.paused || !(overdue || warning) {
                    continue;
                }
                let acting = crate::roles::who_acts(d.kind, row.severity);
                let concerns = match actor {
                    None => matches!(d.kind, DeadlineKind::Dispatch | DeadlineKind::Forward),
                    Some(user) => user.personas().any(|p| {
                        acting.contains(&p.role)
                            && (p.role != Role::DepartmentHead
                                || p.department_id == Some(department_id))
                    }),
                };
                if concerns {
                    out.push(DeadlineAlert {
                        id: row.id,
                        case_no: row.case_no.clone(),
                        department_name: row.department_name.clone(),
                        kind: d.kind,
                        overdue,
                        due_at: d.due_at,
                    });
                }
            }
        }
        Ok(out)
    }

    /// 查看保密信息: the resident's name, phone and room of a complaint `actor` may read,
    /// with the reason written to the audit when they were masked for `actor`.
    pub fn reveal_resident(
        &mut self,
        actor: &User,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<crate::privacy::Resident> {
        Self::allow(actor, Action::View)?;
        let (c, events, _) = self.case(id)?;
        Self::check_scope(actor, &c, &events)?;
        let resident = crate::privacy::Resident {
            resident_name: c.resident_name.clone(),
            room: c.room.clone(),
            phone: c.phone.clone(),
        };
        if !c.confidential || crate::privacy::sees_confidential(actor) {
            return Ok(resident);
        }
        // The person complained about never learns who complained.
        if c.accused_user_id == Some(actor.id) {
            return Err(DeskError::Refused(
                "您是此投诉的被投诉人，不能查看保密住户的信息".into(),
                "You are the person complained about: the confidential resident stays hidden"
                    .into(),
            ));
        }
        let mut check = Checker::new();
        let reason = check.required("reason", reason, crate::privacy::REVEAL_REASON_MAX, false);
        check.finish().map_err(DeskError::Invalid)?;
        self.audit_alone(
            actor,
            ("complaint.reveal", "complaint"),
            Some(id),
            serde_json::json!({ "caseNo": c.case_no, "reason": reason }),
            now,
        )?;
        Ok(resident)
    }

    /// The 投诉详情 page: form, timeline, deadlines, and the viewer's actions.
    pub fn detail(&mut self, actor: &User, id: i64, now: DateTime<Utc>) -> Result<ComplaintDetail> {
        Self::allow(actor, Action::View)?;
        let tz = self.tz()?;
        let (c, events, policy) = self.case(id)?;
        Self::check_scope(actor, &c, &events)?;
        let row = complaints::row(&self.conn, id, tz, now)?.ok_or(DeskError::NotFound("投诉"))?;
        let mut people = std::collections::HashMap::new();
        for e in &events {
            if let std::collections::hash_map::Entry::Vacant(v) = people.entry(e.actor_id) {
                v.insert(users::by_id(&self.conn, e.actor_id)?.map(|s| s.user));
            }
        }
        let receptionist = users::by_id(&self.conn, c.receptionist_id)?
            .map(|s| s.user.display_name)
            .unwrap_or_default();
        let case = Case {
            complaint: &c,
            events: &events,
            policy: &policy,
        };
        let pending_extension =
            workflow::pending_extension(&case).map(|(due, reason)| PendingExtension {
                new_deadline: due.with_timezone(&tz).fixed_offset(),
                reason,
                approver: c.severity.extension_approver(),
            });
        let detail = ComplaintDetail {
            row,
            form: detail::form(&c, receptionist, tz),
            timeline: detail::timeline(
                &events,
                |id| people.get(&id).cloned().flatten(),
                &events::roles(&self.conn, id)?,
                tz,
            ),
            deadlines: deadline::deadlines(&c, &events, &policy, now)
                .iter()
                .map(|d| DeadlineView::new(d, &policy, c.severity))
                .collect(),
            actions: workflow::available_actions(actor, &case),
            pending_extension,
            next_reply_on: detail::next_reply_on(&events),
            attachments: storage::attachments::of_complaint(&self.conn, id)?,
        };
        Ok(crate::privacy::detail_for(actor, detail))
    }
}

/// What `actor` reads of the queues: a department head (holding no role that reads
/// more) their department; an approver the extension requests of the severities they
/// decide (both managers: all).
fn queue_scope(actor: &User) -> complaints::QueueScope {
    let approver = match (
        actor.holds(Role::Manager),
        actor.holds(Role::GeneralManager),
    ) {
        (true, false) => Some(Role::Manager),
        (false, true) => Some(Role::GeneralManager),
        _ => None,
    };
    complaints::QueueScope {
        department: Desk::read_scope(actor),
        approver,
    }
}

/// Records one step inside `tx`: the event, the new standing and form, the recomputed
/// deadlines and outcome, the audit entry. Refused when the complaint moved meanwhile.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_in(
    tx: &super::Write,
    (actor_id, role): (i64, Option<Role>),
    before: &Complaint,
    mut evs: Vec<Event>,
    policy: &DeadlinePolicy,
    t: workflow::Transition,
    (audit_name, tz): (&str, chrono_tz::Tz),
    now: DateTime<Utc>,
) -> Result<ComplaintRow> {
    // Re-read inside the write lock: another desk may have moved it meanwhile.
    let current = complaints::get(tx, before.id)?.ok_or(DeskError::NotFound("投诉"))?;
    if current.state != before.state || events::for_complaint(tx, before.id)?.len() != evs.len() {
        return Err(DeskError::ChangedMeanwhile);
    }
    // A wall clock set back (NTP, a hand correction) never records an event before the
    // one it follows: the timeline and every deadline computed from it stay in order.
    let now = evs.last().map_or(now, |last| last.at.max(now));
    let event = events::append(tx, before.id, now, (actor_id, role), &t.event)?;
    evs.push(event);
    let mut after = current.clone();
    after.state = t.state;
    after.department_id = t.department_id.unwrap_or(after.department_id);
    after.severity = t.severity.unwrap_or(after.severity);
    if let Some(form) = &t.form {
        form.apply_to(&mut after);
        complaints::update_form(tx, &after)?;
    }
    restate(tx, &mut after, &evs, policy, now, Kept::Replaced)?;
    let summary = |c: &Complaint| serde_json::json!({ "state": c.state, "departmentId": c.department_id, "severity": c.severity });
    tx.audit(&AuditEntry {
        at: now,
        actor_id,
        action: audit_name,
        entity: "complaint",
        entity_id: Some(before.id),
        before: json(&summary(before)),
        after: json(
            &serde_json::json!({ "standing": summary(&after), "event": t.event, "role": role }),
        ),
    })?;
    complaints::row(tx, before.id, tz, now)?.ok_or(DeskError::NotFound("投诉"))
}

/// Runs `take` as the user in each role they hold that permits `action`, main role first,
/// and returns the first success with its role; otherwise the first refusal (or, when no
/// role permits it, the main role's).
pub(crate) fn in_first_role<T>(
    actor: &User,
    action: Action,
    take: impl Fn(&User) -> std::result::Result<T, WorkflowError>,
) -> Result<(Role, T)> {
    let mut refused = None;
    for p in actor.personas().filter(|p| permits(p.role, action)) {
        match take(&p) {
            Ok(t) => return Ok((p.role, t)),
            Err(e) => {
                refused.get_or_insert(e);
            }
        }
    }
    Err(refused
        .unwrap_or(WorkflowError::NotPermitted {
            action,
            role: actor.role,
        })
        .into())
}

/// The queues a role acts on, most pressing first.
pub fn queues_for(role: Role) -> Vec<Queue> {
    use Queue as Q;
    match role {
        Role::Receptionist => vec![
            Q::ToDispatch,
            Q::AfterHours,
            Q::ToReturn,
            Q::ToNotify,
            Q::ToReply,
            Q::Overdue,
        ],
        Role::Supervisor => vec![
            Q::ToForward,
            Q::ToCallback,
            Q::ToReply,
            Q::ToArchive,
            Q::Overdue,
            Q::ToDispatch,
            Q::AfterHours,
        ],
        Role::DepartmentHead => vec![Q::InHandling, Q::ToReply, Q::Overdue],
        Role::Manager | Role::GeneralManager => {
            vec![Q::ToSignOff, Q::ToApproveExtension, Q::Overdue]
        }
        Role::Patrol => vec![Q::ToCallback, Q::ToNotify],
        Role::Quality => vec![Q::ToArchive, Q::Overdue],
        Role::Admin => vec![Q::Overdue],
    }
}

/// A deadline that has just turned amber or passed, for a desk's notification. It names
/// the case and the department only: no resident's details reach the system's
/// notification centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineAlert {
    /// The complaint.
    pub id: i64,
    /// 投诉编号.
    pub case_no: String,
    /// 被投诉部门.
    pub department_name: String,
    /// Which deadline.
    pub kind: DeadlineKind,
    /// Passed (超时), otherwise in its warning share (预警).
    pub overdue: bool,
    /// When it is (was) due, in the center's zone.
    pub due_at: chrono::DateTime<chrono::FixedOffset>,
}

/// One queue on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueueView {
    /// Which.
    pub queue: Queue,
    /// How many in all.
    #[ts(type = "number")]
    pub count: i64,
    /// The most urgent ones.
    pub rows: Vec<ComplaintRow>,
}

/// The 工作台.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    /// Every queue, the user's own first.
    pub queues: Vec<QueueView>,
    /// The queues the user's role acts on.
    pub mine: Vec<Queue>,
    /// The backend's clock (the UI counts down from it).
    pub now: chrono::DateTime<chrono::FixedOffset>,
}
