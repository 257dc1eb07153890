//! Administration: users, departments, categories, the deadline policy and settings.

use super::*;

impl Desk {
    /// Creates a user (administrator only).
    pub fn create_user(
        &mut self,
        actor: &User,
        input: &NewUser,
        now: DateTime<Utc>,
    ) -> Result<User> {
        Self::allow(actor, Action::Administer)?;
        let mut c = Checker::new();
        let username = check_login_name(&mut c, "username", &input.username);
        let display = c.required("displayName", &input.display_name, 30, false);
        check_password(&mut c, "password", &input.password, &input.username);
        let departments = reference::departments(&self.conn)?;
        let roles = check_roles(
            &mut c,
            input.role,
            &input.extra_roles,
            input.department_id,
            &departments,
        );
        if users::by_username(&self.conn, &username)?.is_some() {
            c.fail("username", "已被使用", "is already taken");
        }
        c.finish().map_err(DeskError::Invalid)?;
        let hash = hash_password(&input.password);
        let tx = self.write()?;
        let id = users::insert(
            &tx,
            &username,
            &display,
            input.role,
            input.department_id,
            &hash,
            now,
        )?;
        users::update(&tx, id, &display, &roles, input.department_id)?;
        if let (true, Some(dept)) = (roles.contains(&Role::DepartmentHead), input.department_id) {
            if departments
                .iter()
                .any(|d| d.id == dept && d.head_user_id.is_none())
            {
                reference::set_department_head(&tx, dept, Some(id))?;
            }
        }
        let user = users::by_id(&tx, id)?
            .ok_or(DeskError::NotFound("用户"))?
            .user;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "user.create",
            entity: "user",
            entity_id: Some(id),
            before: None,
            after: json(&user),
        })?;
        tx.commit()?;
        Ok(user)
    }

    /// Departments.
    pub fn departments(&self) -> Result<Vec<Department>> {
        Ok(reference::departments(&self.conn)?)
    }

    /// Categories.
    pub fn categories(&self) -> Result<Vec<Category>> {
        Ok(reference::categories(&self.conn)?)
    }

    /// Every user, for the settings page.
    pub fn users(&self, actor: &User) -> Result<Vec<UserRow>> {
        Self::allow(actor, Action::Administer)?;
        Ok(users::all(&self.conn)?
            .into_iter()
            .map(|s| UserRow {
                user: s.user,
                active: s.active,
            })
            .collect())
    }

    /// The center's staff in use, by name and role: whom an entry made for someone else
    /// can name (no login names, nothing else).
    pub fn staff(&self, actor: &User) -> Result<Vec<StaffMember>> {
        Self::allow(actor, Action::View)?;
        Ok(users::all(&self.conn)?
            .into_iter()
            .filter(|s| s.active && s.user.role != Role::Admin)
            .map(|s| StaffMember {
                id: s.user.id,
                display_name: s.user.display_name,
                role: s.user.role,
            })
            .collect())
    }

    /// Changes a user's name, roles and department (administrator only, audited with
    /// before and after). The last active administrator keeps the role.
    pub fn update_user(
        &mut self,
        actor: &User,
        id: i64,
        input: &UserUpdate,
        now: DateTime<Utc>,
    ) -> Result<UserRow> {
        Self::allow(actor, Action::Administer)?;
        let before = users::by_id(&self.conn, id)?
            .filter(|_| id != SYSTEM_USER_ID)
            .ok_or(DeskError::NotFound("用户"))?;
        let mut c = Checker::new();
        let display = c.required("displayName", &input.display_name, 30, false);
        let departments = reference::departments(&self.conn)?;
        let roles = check_roles(
            &mut c,
            input.role,
            &input.extra_roles,
            input.department_id,
            &departments,
        );
        let admins = users::all(&self.conn)?
            .into_iter()
            .filter(|s| s.active && s.user.holds(Role::Admin))
            .count();
        if before.user.holds(Role::Admin) && !roles.contains(&Role::Admin) && admins <= 1 {
            c.fail(
                "role",
                "不能取消唯一在用的系统管理员",
                "cannot be taken from the only active administrator",
            );
        }
        c.finish().map_err(DeskError::Invalid)?;
        let department_id = input
            .department_id
            .filter(|_| roles.contains(&Role::DepartmentHead));
        let tx = self.write()?;
        users::update(&tx, id, &display, &roles, department_id)?;
        // The departments' heads follow: a department this user no longer heads has none
        // until one is named; one they now head without a head gets them.
        let heads = roles.contains(&Role::DepartmentHead);
        for d in &departments {
            let stays = heads && department_id == Some(d.id);
            if d.head_user_id == Some(id) && !stays {
                reference::set_department_head(&tx, d.id, None)?;
            } else if stays && d.head_user_id.is_none() {
                reference::set_department_head(&tx, d.id, Some(id))?;
            }
        }
        let after = users::by_id(&tx, id)?.ok_or(DeskError::NotFound("用户"))?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "user.update",
            entity: "user",
            entity_id: Some(id),
            before: json(&before.user),
            after: json(&after.user),
        })?;
        tx.commit()?;
        Ok(UserRow {
            user: after.user,
            active: after.active,
        })
    }

    /// Disables or enables a user; never deletes. Administrators cannot disable themselves.
    pub fn set_user_active(
        &mut self,
        actor: &User,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<UserRow> {
        Self::allow(actor, Action::Administer)?;
        if id == actor.id && !active {
            return Err(DeskError::Invalid(vec![FieldError {
                field: "active".into(),
                message: "不能停用自己的账号".into(),
                message_en: "You cannot disable your own account".into(),
            }]));
        }
        let before = users::by_id(&self.conn, id)?
            .filter(|_| id != SYSTEM_USER_ID)
            .ok_or(DeskError::NotFound("用户"))?;
        let tx = self.write()?;
        users::set_active(&tx, id, active)?;
        let action = if active {
            "user.enable"
        } else {
            "user.disable"
        };
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action,
            entity: "user",
            entity_id: Some(id),
            before: json(&before.active),
            after: json(&active),
        })?;
        tx.commit()?;
        Ok(UserRow {
            user: before.user,
            active,
        })
    }

    /// Sets a new password for a user.
    pub fn reset_password(
        &mut self,
        actor: &User,
        id: i64,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        Self::allow(actor, Action::Administer)?;
        let target = users::by_id(&self.conn, id)?
            .filter(|_| id != SYSTEM_USER_ID)
            .ok_or(DeskError::NotFound("用户"))?;
        let mut c = Checker::new();
        check_password(&mut c, "password", password, &target.user.username);
        c.finish().map_err(DeskError::Invalid)?;
        let hash = hash_password(password);
        let tx = self.write()?;
        users::set_password_hash(&tx, id, &hash)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "user.resetPassword",
            entity: "user",
            entity_id: Some(id),
            before: None,
            after: None,
        })?;
        tx.commit()?;
        Ok(())
    }

    /// Everyone changes their own password, giving the old one; the new one follows the
    /// same rules as any password and differs from the old.
    pub fn change_own_password(
        &mut self,
        actor: &User,
        old: &str,
        new: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let stored = users::by_id(&self.conn, actor.id)?
            .filter(|s| s.active && actor.id != SYSTEM_USER_ID)
            .ok_or(DeskError::NotFound("用户"))?;
        let mut c = Checker::new();
        if !verify_password(old, &stored.password_hash) {
            c.fail("oldPassword", "不正确", "is not right");
        }
        check_password(&mut c, "newPassword", new, &stored.user.username);
        if new == old {
            c.fail(
                "newPassword",
                "须与原密码不同",
                "must differ from the old one",
            );
        }
        c.finish().map_err(DeskError::Invalid)?;
        let hash = hash_password(new);
        let tx = self.write()?;
        users::set_password_hash(&tx, actor.id, &hash)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "user.changePassword",
            entity: "user",
            entity_id: Some(actor.id),
            before: None,
            after: None,
        })?;
        tx.commit()?;
        Ok(())
    }

    /// Adds (`id` empty) or changes a department.
    pub fn save_department(
        &mut self,
        actor: &User,
        input: &DepartmentInput,
        now: DateTime<Utc>,
    ) -> Result<Department> {
        Self::allow(actor, Action::Administer)?;
        let mut c = Checker::new();
        let name = c.required("name", &input.name, 30, false);
        let all = reference::departments(&self.conn)?;
        if all.iter().any(|d| d.name == name && Some(d.id) != input.id) {
            c.fail("name", "已存在", "already exists");
        }
        if let Some(head) = input.head_user_id {
            let ok = users::by_id(&self.conn, head)?
                .is_some_and(|u| u.user.role == Role::DepartmentHead);
            if !ok {
                c.fail(
                    "headUserId",
                    "须为部门主管角色的用户",
                    "must be a user with the department-head role",
                );
            }
        }
        c.finish().map_err(DeskError::Invalid)?;
        let before = input
            .id
            .and_then(|id| all.iter().find(|d| d.id == id).cloned());
        if input.id.is_some() && before.is_none() {
            return Err(DeskError::NotFound("部门"));
        }
        let tx = self.write()?;
        let id = match input.id {
            Some(id) => id,
            None => reference::insert_department(&tx, &name)?,
        };
        let saved = Department {
            id,
            name,
            head_user_id: input.head_user_id,
            active: input.active,
        };
        reference::update_department(&tx, &saved)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "department.save",
            entity: "department",
            entity_id: Some(id),
            before: before.as_ref().and_then(json),
            after: json(&saved),
        })?;
        tx.commit()?;
        Ok(saved)
    }

    /// Adds (`id` empty) or changes a category.
    pub fn save_category(
        &mut self,
        actor: &User,
        input: &CategoryInput,
        now: DateTime<Utc>,
    ) -> Result<Category> {
        Self::allow(actor, Action::Administer)?;
        let mut c = Checker::new();
        let name = c.required("name", &input.name, 20, false);
        let all = reference::categories(&self.conn)?;
        if all.iter().any(|k| k.name == name && Some(k.id) != input.id) {
            c.fail("name", "已存在", "already exists");
        }
        c.finish().map_err(DeskError::Invalid)?;
        let before = input
            .id
            .and_then(|id| all.iter().find(|k| k.id == id).cloned());
        if input.id.is_some() && before.is_none() {
            return Err(DeskError::NotFound("类别"));
        }
        let tx = self.write()?;
        let id = match input.id {
            Some(id) => id,
            None => reference::insert_category(&tx, &name, all.len() as i64)?,
        };
        let saved = Category {
            id,
            name,
            active: input.active,
        };
        reference::update_category(&tx, &saved)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "category.save",
            entity: "category",
            entity_id: Some(id),
            before: before.as_ref().and_then(json),
            after: json(&saved),
        })?;
        tx.commit()?;
        Ok(saved)
    }

    /// Marks a desk as holding generated demo data (audited): the window shows it.
    pub(crate) fn mark_demo(&mut self, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write()?;
        reference::set_setting(&tx, crate::seed::DEMO_SETTING, "1")?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: SYSTEM_USER_ID,
            action: "system.demo",
            entity: "settings",
            entity_id: None,
            before: None,
            after: json(&serde_json::json!({ "demo": true })),
        })?;
        tx.commit()
    }

    /// The highest complaint id so far (0 for none).
    pub(crate) fn last_complaint_id(&self) -> Result<i64> {
        Ok(complaints::max_id(&self.conn)?)
    }

    /// One audit entry per batch of `n` complaints the demo generator wrote from id
    /// `first` on, around the desk's own steps: the log says what was made and when.
    pub(crate) fn audit_generated(
        &mut self,
        first: i64,
        n: u64,
        batch: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.write()?;
        let mut from = first;
        let last = first + n as i64 - 1;
        while from <= last {
            let to = (from + batch as i64 - 1).min(last);
            tx.audit(&AuditEntry {
                at: now,
                actor_id: SYSTEM_USER_ID,
                action: "demo.generate",
                entity: "complaint",
                entity_id: None,
                before: None,
                after: json(
                    &serde_json::json!({ "fromId": from, "toId": to, "complaints": to - from + 1 }),
                ),
            })?;
            from = to + 1;
        }
        tx.commit()
    }

    /// Minutes of inactivity after which the desk locks.
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        Ok(reference::setting(&self.conn, "idle_lock_minutes")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    /// The settings page's values.
    pub fn settings(&self, actor: &User) -> Result<Settings> {
        Self::allow(actor, Action::Administer)?;
        let (policy_version, policy) = self.current_policy()?;
        Ok(Settings {
            center_name: reference::setting(&self.conn, "center_name")?.unwrap_or_default(),
            center_phone: reference::setting(&self.conn, "center_phone")?.unwrap_or_default(),
            idle_lock_minutes: self.idle_lock_minutes()?,
            policy_version,
            policy,
        })
    }

    /// Saves the center's name and the idle lock.
    pub fn save_settings(
        &mut self,
        actor: &User,
        input: &SettingsInput,
        now: DateTime<Utc>,
    ) -> Result<()> {
        Self::allow(actor, Action::Administer)?;
        let mut c = Checker::new();
        let name = c.required("centerName", &input.center_name, 60, false);
        let phone = c
            .optional("centerPhone", Some(&input.center_phone), 30, false)
            .unwrap_or_default();
        if !phone.is_empty() && crate::validation::normalize_phone(&phone).is_none() {
            c.fail(
                "centerPhone",
                "格式不正确：应为手机号，或座机号（可带区号、分机号）",
                "must be a mobile or a landline (area code and extension optional)",
            );
        }
        if !(1..=240).contains(&input.idle_lock_minutes) {
            c.fail(
                "idleLockMinutes",
                "须在 1 到 240 分钟之间",
                "must be between 1 and 240 minutes",
            );
        }
        c.finish().map_err(DeskError::Invalid)?;
        let before = self.settings(actor)?;
        let tx = self.write()?;
        reference::set_setting(&tx, "center_name", &name)?;
        reference::set_setting(
            &tx,
            "center_phone",
            &crate::validation::normalize_phone(&phone).unwrap_or_default(),
        )?;
        reference::set_setting(
            &tx,
            "idle_lock_minutes",
            &input.idle_lock_minutes.to_string(),
        )?;
        let was = serde_json::json!({ "centerName": before.center_name, "centerPhone": before.center_phone, "idleLockMinutes": before.idle_lock_minutes });
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "settings.save",
            entity: "settings",
            entity_id: None,
            before: json(&was),
            after: json(input),
        })?;
        tx.commit()?;
        Ok(())
    }

    /// The dashboard's reminder to the administrator: a year (this one, or the next from
    /// November) whose holidays the calendar lacks, while some deadline counts in working
    /// time. `None` when every deadline counts calendar time.
    pub fn calendar_gap(
        &self,
        actor: &User,
        now: DateTime<Utc>,
    ) -> Result<Option<crate::calendar::CalendarGap>> {
        Self::allow(actor, Action::Administer)?;
        let (_, policy) = self.current_policy()?;
        if policy.working_kinds.is_empty() {
            return Ok(None);
        }
        let today = now.with_timezone(&policy.tz()).date_naive();
        Ok(policy.calendar.gap(today))
    }

    /// Reads a calendar file the administrator chose (its text, read by the window): the
    /// holidays and 调休 days to merge into the policy being edited. Nothing is saved.
    pub fn import_calendar(
        &self,
        actor: &User,
        text: &str,
    ) -> Result<crate::calendar::ImportedDays> {
        Self::allow(actor, Action::Administer)?;
        crate::calendar::import_days(text).map_err(|line| {
            let (zh, en) = if line == 0 {
                (
                    "日历文件为空或过大：每行一个日期和“休”或“班”，如“2027-10-01 休”".to_owned(),
                    "the calendar file is empty or too large: one date and 休 or 班 per line, e.g. 2027-10-01 休".to_owned(),
                )
            } else {
                (
                    format!("日历文件第 {line} 行无法识别：应为 2000–2100 年的日期和“休”或“班”，如“2027-10-01 休”，且同一天不能既放假又上班"),
                    format!("calendar file line {line} is not understood: a date in 2000–2100 and 休 or 班, e.g. 2027-10-01 休, and no day both off and worked"),
                )
            };
            DeskError::Invalid(vec![FieldError {
                field: "calendarFile".into(),
                message: zh,
                message_en: en,
            }])
        })
    }

    /// Saves a new deadline-policy version; it applies to complaints registered afterwards.
    pub fn save_policy(
        &mut self,
        actor: &User,
        policy: &DeadlinePolicy,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Self::allow(actor, Action::Administer)?;
        // The calendar's days kept ascending and once each, as its arithmetic counts them.
        let mut policy = policy.clone();
        policy.calendar.normalize();
        let policy = &policy;
        if let Err(field) = policy.check() {
            let (zh, en) = if field == "timeZone" {
                (
                    "时区无法识别（应为如 Asia/Shanghai 的名称）",
                    "time zone is not a known name such as Asia/Shanghai",
                )
            } else if field == "calendar" {
                (
                    "工作日历有误：办公时间应为“08:30-17:30”的形式，且同一天不能既放假又调休上班",
                    "working calendar: office hours look like 08:30-17:30, and no day is both a holiday and a make-up working day",
                )
            } else {
                ("期限设置超出允许范围", "a deadline value is out of range")
            };
            return Err(DeskError::Invalid(vec![FieldError {
                field: field.into(),
                message: zh.into(),
                message_en: en.into(),
            }]));
        }
        let (_, before) = self.current_policy()?;
        let tx = self.write()?;
        let version = reference::insert_policy(&tx, policy, actor.id, now)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action: "policy.save",
            entity: "policy",
            entity_id: Some(version),
            before: json(&before),
            after: json(policy),
        })?;
        tx.commit()?;
        Ok(version)
    }

    /// Every policy version, oldest first.
    pub fn policy_versions(&self, actor: &User) -> Result<Vec<PolicyVersion>> {
        Self::allow(actor, Action::Administer)?;
        let tz = self.tz()?;
        Ok(reference::policies(&self.conn)?
            .into_iter()
            .map(|(version, at, policy)| PolicyVersion {
                version,
                created_at: at.with_timezone(&tz).fixed_offset(),
                policy,
            })
            .collect())
    }
}

/// Minutes of inactivity before the desk locks, until the administrator changes it.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// A user with whether they may log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserRow {
    /// The user.
    #[serde(flatten)]
    #[ts(flatten)]
    pub user: User,
    /// Disabled users cannot log in; their history stays theirs.
    pub active: bool,
}

/// A department to add or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DepartmentInput {
    /// Empty to add.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Its head.
    #[ts(type = "number | null")]
    pub head_user_id: Option<i64>,
    /// Offered on forms.
    pub active: bool,
}

/// A category to add or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryInput {
    /// Empty to add.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Offered on forms.
    pub active: bool,
}

/// The settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// 服务中心名称.
    pub center_name: String,
    /// 服务中心电话, printed on the resident's receipt.
    pub center_phone: String,
    /// Minutes before the desk locks.
    pub idle_lock_minutes: u32,
    /// The policy version in force.
    #[ts(type = "number")]
    pub policy_version: i64,
    /// The policy in force (its time zone is the center's).
    pub policy: DeadlinePolicy,
}

/// What the administrator changes on the settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SettingsInput {
    /// 服务中心名称.
    pub center_name: String,
    /// 服务中心电话 (may be empty).
    #[serde(default)]
    pub center_phone: String,
    /// Minutes before the desk locks.
    pub idle_lock_minutes: u32,
}

/// A saved version of the deadline policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PolicyVersion {
    /// Version number.
    #[ts(type = "number")]
    pub version: i64,
    /// When it was saved.
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    /// The policy.
    pub policy: DeadlinePolicy,
}

/// A member of the center's staff, as others may name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StaffMember {
    /// The user.
    #[ts(type = "number")]
    pub id: i64,
    /// Name shown and printed.
    pub display_name: String,
    /// Role.
    pub role: Role,
}
