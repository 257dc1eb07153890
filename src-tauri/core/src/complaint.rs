//! The 《住户投诉意见表》 as typed at the desk, and its checks.

use crate::event::FieldChange;
use crate::model::{Channel, ContactMethod, Severity};
use crate::storage::reference::{Category, Department};
use crate::validation::{normalize_phone, Bound, Checker, FieldError};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest 投诉事件经过.
pub const DESCRIPTION_MAX: usize = 5000;

/// The registration form. Times are `YYYY-MM-DD HH:mm[:ss]` in the center's zone;
/// `receivedAt` empty means now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewComplaint {
    /// 受理时间.
    pub received_at: Option<String>,
    /// 受理方式.
    pub channel: Channel,
    /// 住户姓名.
    pub resident_name: String,
    /// 房号 (building-unit-room).
    pub room: String,
    /// 联系电话.
    pub phone: String,
    /// 联系方式偏好.
    pub contact_method: ContactMethod,
    /// 事件发生时间.
    pub occurred_at: Option<String>,
    /// 事件发生地点.
    pub location: String,
    /// 被投诉部门.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// 被投诉人 (as printed; filled in from the user when one is chosen).
    pub accused_person: Option<String>,
    /// 被投诉人 chosen from the center's users.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub accused_user_id: Option<i64>,
    /// 投诉事件经过.
    pub description: String,
    /// 住户要求.
    pub resident_request: String,
    /// 住户要求期限.
    pub resident_deadline: Option<String>,
    /// 投诉类别.
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// 投诉等级.
    pub severity: Option<Severity>,
    /// 有效投诉.
    pub valid: bool,
    /// 无效原因.
    pub invalid_reason: Option<String>,
    /// 正在造成损害.
    pub ongoing_harm: bool,
    /// 已采取的紧急措施.
    pub immediate_measure: Option<String>,
    /// 补录: a paper form filled in while the desk was down, typed in now; its
    /// `receivedAt` is the paper's and must be given.
    #[serde(default)]
    pub from_paper: bool,
    /// 保密: the resident asked to stay anonymous; name, phone and room are masked for
    /// everyone but the desk and the managers.
    #[serde(default)]
    pub confidential: bool,
}

/// A form that passed every check, with times resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// 受理时间.
    pub received_at: DateTime<Utc>,
    /// 受理方式.
    pub channel: Channel,
    /// 住户姓名.
    pub resident_name: String,
    /// 房号.
    pub room: String,
    /// 联系电话 (normalised).
    pub phone: String,
    /// 联系方式偏好.
    pub contact_method: ContactMethod,
    /// 事件发生时间.
    pub occurred_at: Option<DateTime<Utc>>,
    /// 事件发生地点.
    pub location: String,
    /// 被投诉部门.
    pub department_id: i64,
    /// 被投诉人.
    pub accused_person: Option<String>,
    /// 被投诉人 as a user of the center.
    pub accused_user_id: Option<i64>,
    /// 投诉事件经过.
    pub description: String,
    /// 住户要求.
    pub resident_request: String,
    /// 住户要求期限.
    pub resident_deadline: Option<DateTime<Utc>>,
    /// 投诉类别.
    pub category_id: i64,
    /// 投诉等级.
    pub severity: Severity,
    /// 有效投诉.
    pub valid: bool,
    /// 无效原因.
    pub invalid_reason: Option<String>,
    /// 正在造成损害.
    pub ongoing_harm: bool,
    /// 已采取的紧急措施.
    pub immediate_measure: Option<String>,
    /// 保密.
    pub confidential: bool,
}

/// What the checks compare against.
#[derive(Debug, Clone, Copy)]
pub struct FormContext<'a> {
    /// The center's zone.
    pub tz: Tz,
    /// The current instant.
    pub now: DateTime<Utc>,
    /// Departments (only active ones are accepted).
    pub departments: &'a [Department],
    /// Categories (only active ones are accepted).
    pub categories: &'a [Category],
}

impl NewComplaint {
    /// Checks every field and reports every bad one at once.
    pub fn check(&self, ctx: FormContext) -> Result<Registration, Vec<FieldError>> {
        let mut c = Checker::new();
        let now = ctx.now;
        let (long_ago, right_now) = (Bound::years_ago(now, ctx.tz), Bound::now(now));
        let received_at = c
            .time(
                "receivedAt",
                self.received_at.as_deref(),
                ctx.tz,
                &long_ago,
                &right_now,
            )
            .unwrap_or(now);
        if self.from_paper
            && self
                .received_at
                .as_deref()
                .is_none_or(|t| t.trim().is_empty())
        {
            c.fail(
                "receivedAt",
                "须按纸质意见表填写（补录）",
                "must be the time written on the paper form",
            );
        }
        let resident_name = c.required("residentName", &self.resident_name, 50, false);
        let room = c.required("room", &self.room, 30, false);
        let phone_raw = c.required("phone", &self.phone, 30, false);
        let phone = normalize_phone(&phone_raw).unwrap_or_default();
        if !phone_raw.is_empty() && !c.has("phone") && phone.is_empty() {
            c.fail(
                "phone",
                "格式不正确：应为 11 位手机号，或座机号（可带区号、分机号）",
                "must be an 11-digit mobile or a landline (area code and extension optional)",
            );
        }
        let occurred_at = c.time(
            "occurredAt",
            self.occurred_at.as_deref(),
            ctx.tz,
            &long_ago,
            &right_now,
        );
        let location = c
            .optional("location", Some(&self.location), 100, false)
            .unwrap_or_default();
        let department_id = match self.department_id {
            None => {
                c.fail("departmentId", "不能为空", "is required");
                0
            }
            Some(id) => {
                department_in_use(&mut c, ctx.departments, id);
                id
            }
        };
        let accused_person = c.optional("accusedPerson", self.accused_person.as_deref(), 50, false);
        let description = c.required("description", &self.description, DESCRIPTION_MAX, true);
        let resident_request = c.required("residentRequest", &self.resident_request, 1000, true);
        let resident_deadline = c.time(
            "residentDeadline",
            self.resident_deadline.as_deref(),
            ctx.tz,
            &Bound::received(received_at),
            &Bound::years_after_receipt(received_at, ctx.tz),
        );
        if resident_deadline.is_some_and(|d| d <= received_at) {
            c.fail(
                "residentDeadline",
                "不能早于受理时间",
                "cannot be before the complaint was received",
            );
        }
        let category_id = match self.category_id {
            None => {
                c.fail("categoryId", "不能为空", "is required");
                0
            }
            Some(id) if !ctx.categories.iter().any(|k| k.id == id && k.active) => {
                c.fail(
                    "categoryId",
                    "不存在或已停用",
                    "does not exist or is disabled",
                );
                0
            }
            Some(id) => id,
        };
        if self.severity.is_none() {
            c.fail("severity", "不能为空", "is required");
        }
        let invalid_reason = if self.valid {
            None
        } else {
            Some(c.required(
                "invalidReason",
                self.invalid_reason.as_deref().unwrap_or(""),
                500,
                true,
            ))
        };
        let immediate_measure = if self.ongoing_harm {
            Some(c.required(
                "immediateMeasure",
                self.immediate_measure.as_deref().unwrap_or(""),
                1000,
                true,
            ))
        } else {
            None
        };
        c.finish()?;
        Ok(Registration {
            received_at,
            channel: self.channel,
            resident_name,
            room,
            phone,
            contact_method: self.contact_method,
            occurred_at,
            location,
            department_id,
            accused_person,
            accused_user_id: self.accused_user_id,
            description,
            resident_request,
            resident_deadline,
            category_id,
            severity: self.severity.unwrap_or(Severity::Minor),
            valid: self.valid,
            invalid_reason,
            ongoing_harm: self.ongoing_harm,
            immediate_measure,
            confidential: self.confidential,
        })
    }
}

/// A complaint goes only to a department that exists and is in use (at registration
/// and at each dispatch); otherwise a `departmentId` field error.
pub(crate) fn department_in_use(c: &mut Checker, departments: &[Department], id: i64) {
    if !departments.iter().any(|d| d.id == id && d.active) {
        c.fail(
            "departmentId",
            "不存在或已停用",
            "does not exist or is disabled",
        );
    }
}

impl Registration {
    /// The form of a stored complaint, as a correction starts from it.
    pub fn of(c: &crate::model::Complaint) -> Self {
        Self {
            received_at: c.received_at,
            channel: c.channel,
            resident_name: c.resident_name.clone(),
            room: c.room.clone(),
            phone: c.phone.clone(),
            contact_method: c.contact_method,
            occurred_at: c.occurred_at,
            location: c.location.clone(),
            department_id: c.department_id,
            accused_person: c.accused_person.clone(),
            accused_user_id: c.accused_user_id,
            description: c.description.clone(),
            resident_request: c.resident_request.clone(),
            resident_deadline: c.resident_deadline,
            category_id: c.category_id,
            severity: c.severity,
            valid: c.valid,
            invalid_reason: c.invalid_reason.clone(),
            ongoing_harm: c.ongoing_harm,
            immediate_measure: c.immediate_measure.clone(),
            confidential: c.confidential,
        }
    }

    /// Writes the form onto a stored complaint (its standing is left alone).
    pub fn apply_to(&self, c: &mut crate::model::Complaint) {
        c.received_at = self.received_at;
        c.channel = self.channel;
        c.resident_name.clone_from(&self.resident_name);
        c.room.clone_from(&self.room);
        c.phone.clone_from(&self.phone);
        c.contact_method = self.contact_method;
        c.occurred_at = self.occurred_at;
        c.location.clone_from(&self.location);
        c.department_id = self.department_id;
        c.accused_person.clone_from(&self.accused_person);
        c.accused_user_id = self.accused_user_id;
        c.description.clone_from(&self.description);
        c.resident_request.clone_from(&self.resident_request);
        c.resident_deadline = self.resident_deadline;
        c.category_id = self.category_id;
        c.severity = self.severity;
        c.valid = self.valid;
        c.invalid_reason.clone_from(&self.invalid_reason);
        c.ongoing_harm = self.ongoing_harm;
        c.immediate_measure.clone_from(&self.immediate_measure);
        c.confidential = self.confidential;
    }

    /// Each field's value as a correction records it (see [`FieldChange`]), in the
    /// form's order.
    fn values(&self, tz: Tz) -> [(&'static str, Option<String>); 20] {
        let time = |t: Option<DateTime<Utc>>| t.map(|t| form_time(t, tz));
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        [
            ("receivedAt", time(Some(self.received_at))),
            ("channel", Some(self.channel.code().to_owned())),
            ("residentName", text(&self.resident_name)),
            ("room", text(&self.room)),
            ("phone", text(&self.phone)),
            ("contactMethod", Some(self.contact_method.code().to_owned())),
            ("occurredAt", time(self.occurred_at)),
            ("location", text(&self.location)),
            ("departmentId", Some(self.department_id.to_string())),
            ("accusedPerson", self.accused_person.clone()),
            ("description", text(&self.description)),
            ("residentRequest", text(&self.resident_request)),
            ("residentDeadline", time(self.resident_deadline)),
            ("categoryId", Some(self.category_id.to_string())),
            ("severity", Some(self.severity.code().to_owned())),
            ("valid", Some(self.valid.to_string())),
            ("invalidReason", self.invalid_reason.clone()),
            ("ongoingHarm", Some(self.ongoing_harm.to_string())),
            ("immediateMeasure", self.immediate_measure.clone()),
            ("confidential", Some(self.confidential.to_string())),
        ]
    }

    /// A time field typed again to the minute keeps its stored seconds: the form shows
    /// minutes, so re-sending what it shows is no correction.
    pub fn keep_seconds_of(&mut self, before: &Registration, tz: Tz) {
        let same = |a: DateTime<Utc>, b: DateTime<Utc>| form_time(a, tz) == form_time(b, tz);
        if same(self.received_at, before.received_at) {
            self.received_at = before.received_at;
        }
        for (after, before) in [
            (&mut self.occurred_at, before.occurred_at),
            (&mut self.resident_deadline, before.resident_deadline),
        ] {
            if let (Some(a), Some(b)) = (*after, before) {
                if same(a, b) {
                    *after = Some(b);
                }
            }
        }
    }
}

/// A time as the form shows it: `YYYY-MM-DD HH:mm` in the center's zone.
pub fn form_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// What a correction changes, field by field, in the form's order.
pub fn changes(before: &Registration, after: &Registration, tz: Tz) -> Vec<FieldChange> {
    before
        .values(tz)
        .into_iter()
        .zip(after.values(tz))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((field, before), (_, after))| FieldChange {
            field: field.to_owned(),
            before,
            after,
        })
        .collect()
}
