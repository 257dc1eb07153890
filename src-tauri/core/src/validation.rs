//! Field checks shared by registration and every workflow input. Each problem names its
//! field in Chinese and English; a form is checked whole so that every bad field is
//! reported at once.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

/// One bad field, with a message that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    /// The input's key, as the UI names it (`residentName`, `phone` …).
    pub field: String,
    /// Simplified Chinese message naming the field.
    pub message: String,
    /// English message naming the field.
    pub message_en: String,
}

/// The labels of every field a form can have, in both languages.
pub fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "receivedAt" => ("受理时间", "Received at"),
        "channel" => ("受理方式", "Channel"),
        "residentName" => ("住户姓名", "Resident name"),
        "room" => ("房号", "Room"),
        "phone" => ("联系电话", "Phone"),
        "contactMethod" => ("联系方式", "Contact method"),
        "occurredAt" => ("事件发生时间", "Time of event"),
        "location" => ("事件发生地点", "Place of event"),
        "departmentId" => ("被投诉部门", "Department complained about"),
        "accusedPerson" => ("被投诉人", "Person complained about"),
        "description" => ("投诉事件经过", "What happened"),
        "residentRequest" => ("住户要求", "Resident's request"),
        "residentDeadline" => ("住户要求期限", "Resident's deadline"),
        "categoryId" => ("投诉类别", "Category"),
        "severity" => ("投诉等级", "Severity"),
        "invalidReason" => ("无效原因", "Reason for invalidity"),
        "immediateMeasure" => ("已采取的紧急措施", "Immediate measure taken"),
        "recipient" => ("领表人", "Form recipient"),
        "reason" => ("原因", "Reason"),
        "note" => ("处理记录", "Handling note"),
        "result" => ("处理结果", "Result"),
        "comment" => ("签批意见", "Sign-off comment"),
        "response" => ("住户反馈", "Resident's response"),
        "remarks" => ("回访备注", "Callback remarks"),
        "exclusionReason" => ("剔除原因", "Reason for exclusion"),
        "newDeadline" => ("新期限", "New deadline"),
        "promisedOn" => ("下次答复日期", "Next reply date"),
        "said" => ("答复内容", "What the resident was told"),
        "doneBy" => ("经办人", "Done by"),
        "oldPassword" => ("原密码", "The old password"),
        "newPassword" => ("新密码", "The new password"),
        "doneAt" => ("经办时间", "Done at"),
        "cause" => ("原因分析", "Cause"),
        "correctiveAction" => ("纠正措施", "Corrective action"),
        "preventiveAction" => ("预防措施", "Preventive action"),
        "verifiedBy" => ("验证人", "Verified by"),
        "verifiedOn" => ("验证日期", "Verified on"),
        "toName" => ("转呈对象", "Forwarded to"),
        "centerName" => ("服务中心名称", "Service center name"),
        "centerPhone" => ("服务中心电话", "Service center phone"),
        "role" => ("角色", "Role"),
        "extraRoles" => ("兼任角色", "Other roles"),
        "timeZone" => ("时区", "Time zone"),
        "requestKey" => ("登记请求标识", "Registration key"),
        "serverHost" => ("服务器地址", "Server address"),
        "serverPort" => ("端口", "Port"),
        "serverDatabase" => ("数据库名", "Database name"),
        "serverUser" => ("数据库用户", "Database user"),
        "serverPassword" => ("数据库密码", "Database password"),
        "username" | "adminUsername" => ("用户名", "Username"),
        "displayName" | "adminDisplayName" => ("姓名", "Display name"),
        "password" | "adminPassword" => ("密码", "Password"),
        "name" => ("名称", "Name"),
        "text" => ("查询内容", "Search text"),
        "from" => ("起始日期", "From date"),
        "to" => ("截止日期", "To date"),
        "page" => ("页码", "Page"),
        "pageSize" => ("每页条数", "Page size"),
        "file" => ("附件", "Attachment"),
        "calendar" => ("", "The"),
        "stepEventId" => ("所属步骤", "Step"),
        "targets" => ("按时率目标", "On-time targets"),
        "targets.satisfaction" => ("满意率目标", "Satisfaction target"),
        "targets.dispatch" => ("派发按时率目标", "Dispatch on-time target"),
        "targets.forward" => ("转呈按时率目标", "Forward on-time target"),
        "targets.firstReply" => ("首次答复按时率目标", "First reply on-time target"),
        "targets.handling" => ("处理按时率目标", "Handling on-time target"),
        "targets.return" => ("返回意见表按时率目标", "Form return on-time target"),
        "targets.signOff" => ("签批按时率目标", "Sign-off on-time target"),
        "targets.notify" => ("回复住户按时率目标", "Notification on-time target"),
        "targets.callback" => ("回访按时率目标", "Callback on-time target"),
        _ => ("字段", "Field"),
    }
}

/// Collects the problems of one form.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    /// An empty checker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem: `zh` and `en` are written after the field's label.
    pub fn fail(&mut self, field: &str, zh: &str, en: &str) {
        if self.errors.iter().any(|e| e.field == field) {
            return; // one message per field: the first problem is the one to fix
        }
        let (label_zh, label_en) = field_label(field);
        self.errors.push(FieldError {
            field: field.to_owned(),
            message: format!("{label_zh}{zh}"),
            message_en: format!("{label_en} {en}"),
        });
    }

    /// Takes the problems another check found (one message per field still).
    pub fn absorb(&mut self, errors: Vec<FieldError>) {
        for e in errors {
            if !self.has(&e.field) {
                self.errors.push(e);
            }
        }
    }

    /// True when `field` already has a problem.
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// A required text: trimmed, not empty, not over `max` characters, no control characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize, multiline: bool) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, "不能为空", "is required");
        } else {
            self.text(field, value, max, multiline);
        }
        value.to_owned()
    }

    /// An optional text: empty becomes `None`.
    pub fn optional(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.text(field, value, max, multiline);
        Some(value.to_owned())
    }

    fn text(&mut self, field: &str, value: &str, max: usize, multiline: bool) {
        let count = value.chars().count();
        if count > max {
            self.fail(
                field,
                &format!("不能超过 {max} 个字符（当前 {count} 个）"),
                &format!("must be at most {max} characters (now {count})"),
            );
        } else if value
            .chars()
            .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
        {
            self.fail(
                field,
                "含有不可见的控制字符",
                "contains invisible control characters",
            );
        }
    }

    /// Finishes: `Ok` when nothing failed.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// A mainland mobile number (11 digits starting 13–19) or a landline with optional area
/// code (0 + 2–3 digits) and extension. Spaces and a `+86` prefix are tolerated. Returns
/// the canonical form (`13800138000`, `0755-12345678`, `0755-12345678-8001`) so that the
/// same phone typed two ways is found as a repeat.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s
        .strip_prefix("+86")
        .or_else(|| s.strip_prefix("0086"))
        .unwrap_or(&s);
    let all_digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let b = s.as_bytes();
    if b.len() == 11 && all_digits(s) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(s.to_owned());
    }
    // Landline: [area-]number[-ext] or [area]number with no dash.
    let parts: Vec<&str> = s.split(['-', '—', '－']).collect();
    let (area, number, ext) = match parts.as_slice() {
        [n] if n.starts_with('0') && all_digits(n) && (10..=12).contains(&n.len()) => {
            // "01012345678": area of 3 or 4 digits followed by 7–8 digits.
            let area_len = if n.len() == 12 || n.starts_with("01") || n.starts_with("02") {
                n.len() - 8
            } else {
                n.len() - 7
            };
            (Some(&n[..area_len]), &n[area_len..], None)
        }
        [n] => (None, *n, None),
        [a, n] if a.starts_with('0') => (Some(*a), *n, None),
        [n, e] => (None, *n, Some(*e)),
        [a, n, e] => (Some(*a), *n, Some(*e)),
        _ => return None,
    };
    let area_ok =
        area.is_none_or(|a| all_digits(a) && a.starts_with('0') && (3..=4).contains(&a.len()));
    let number_ok =
        all_digits(number) && (7..=8).contains(&number.len()) && !number.starts_with('0');
    let ext_ok = ext.is_none_or(|e| all_digits(e) && e.len() <= 6);
    (area_ok && number_ok && ext_ok).then(|| {
        let mut canonical = area.map(|a| format!("{a}-")).unwrap_or_default();
        canonical.push_str(number);
        if let Some(e) = ext {
            canonical.push('-');
            canonical.push_str(e);
        }
        canonical
    })
}

/// Parses a wall-clock time typed at the desk (`YYYY-MM-DD HH:mm[:ss]`, also with `T`),
/// or an RFC 3339 instant, in the service center's zone.
pub fn parse_local_datetime(raw: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
        return plausible_year(dt.year()).then(|| dt.with_timezone(&Utc));
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 59))
    })
    .filter(|n| plausible_year(n.year()))?;
    local_to_utc(naive, tz)
}

/// A local wall-clock time in `tz`; in a DST gap the next valid instant, in an overlap the earlier.
pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => tz
            .from_local_datetime(&naive.checked_add_signed(chrono::Duration::hours(1))?)
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// How far back a received or occurred time may lie: five years. Older paper belongs to
/// the archive, not to a complaint that is still handled.
pub const PAST_LIMIT_YEARS: u32 = 5;
/// How far after its receipt a complaint's dates may lie — the resident's deadline, an
/// extension, a promised reply, a verification: two years. The longest deadline of the
/// procedure is a month; two years leaves room for any real promise.
pub const AHEAD_LIMIT_YEARS: u32 = 2;

/// `t` moved by `years` calendar years (negative: back), kept inside chrono's range.
pub fn shift_years(t: DateTime<Utc>, years: i32) -> DateTime<Utc> {
    let months = chrono::Months::new(years.unsigned_abs() * 12);
    let moved = if years >= 0 {
        t.checked_add_months(months)
    } else {
        t.checked_sub_months(months)
    };
    moved.unwrap_or(if years >= 0 {
        DateTime::<Utc>::MAX_UTC
    } else {
        DateTime::<Utc>::MIN_UTC
    })
}

/// One end of the range a date field accepts, with how a message names it.
#[derive(Debug, Clone)]
pub struct Bound<T> {
    /// The limit itself (inclusive).
    pub at: T,
    /// How the limit is named in Chinese (`当前时间`, `受理时间` …).
    pub zh: String,
    /// … and in English.
    pub en: String,
}

impl Bound<DateTime<Utc>> {
    /// Now, with a minute's grace for a clock read a moment earlier at the desk.
    pub fn now(now: DateTime<Utc>) -> Self {
        Self {
            at: now + chrono::Duration::minutes(1),
            zh: "当前时间".into(),
            en: "the current time".into(),
        }
    }

    /// The complaint's receipt.
    pub fn received(at: DateTime<Utc>) -> Self {
        Self {
            at,
            zh: "受理时间".into(),
            en: "the time the complaint was received".into(),
        }
    }

    /// [`PAST_LIMIT_YEARS`] before `now`.
    pub fn years_ago(now: DateTime<Utc>, tz: Tz) -> Self {
        let at = shift_years(now, -(PAST_LIMIT_YEARS as i32));
        let day = local_day(at, tz);
        Self {
            at,
            zh: format!("{PAST_LIMIT_YEARS}年前（{day}）"),
            en: format!("{PAST_LIMIT_YEARS} years ago ({day})"),
        }
    }

    /// [`AHEAD_LIMIT_YEARS`] after the complaint's receipt.
    pub fn years_after_receipt(received_at: DateTime<Utc>, tz: Tz) -> Self {
        let at = shift_years(received_at, AHEAD_LIMIT_YEARS as i32);
        let day = local_day(at, tz);
        Self {
            at,
            zh: format!("受理后{AHEAD_LIMIT_YEARS}年（{day}）"),
            en: format!("{AHEAD_LIMIT_YEARS} years after receipt ({day})"),
        }
    }
}

impl Bound<NaiveDate> {
    /// The day of a bound in the center's zone.
    pub fn day_of(bound: Bound<DateTime<Utc>>, tz: Tz) -> Self {
        Self {
            at: bound.at.with_timezone(&tz).date_naive(),
            zh: bound.zh,
            en: bound.en,
        }
    }
}

fn local_day(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// The years a typed date may have: four digits. chrono reads signed years of six digits
/// (`+262142-12-31`), which no person at a desk means.
fn plausible_year(year: i32) -> bool {
    (1000..=9999).contains(&year)
}

/// A typed local date (`YYYY-MM-DD`, a four-digit year), or `None`.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| plausible_year(d.year()))
}

impl Checker {
    /// An optional time field: parsed in the center's zone and within `earliest..=latest`.
    pub fn time(
        &mut self,
        field: &str,
        raw: Option<&str>,
        tz: Tz,
        earliest: &Bound<DateTime<Utc>>,
        latest: &Bound<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        match parse_local_datetime(raw, tz) {
            None => {
                self.fail(
                    field,
                    "格式不正确，应为“年-月-日 时:分”",
                    "must be a date and time like 2026-01-31 14:30",
                );
                None
            }
            Some(t) => self.within(field, t, earliest, latest),
        }
    }

    /// An optional date field (`YYYY-MM-DD`) within `earliest..=latest`.
    pub fn date(
        &mut self,
        field: &str,
        raw: Option<&str>,
        earliest: &Bound<NaiveDate>,
        latest: &Bound<NaiveDate>,
    ) -> Option<NaiveDate> {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        match parse_day(raw) {
            None => {
                self.fail(
                    field,
                    "格式不正确，应为“年-月-日”",
                    "must be a date like 2026-01-31",
                );
                None
            }
            Some(d) => self.within(field, d, earliest, latest),
        }
    }

    fn within<T: PartialOrd>(
        &mut self,
        field: &str,
        value: T,
        earliest: &Bound<T>,
        latest: &Bound<T>,
    ) -> Option<T> {
        if value < earliest.at {
            self.fail(
                field,
                &format!("不能早于{}", earliest.zh),
                &format!("cannot be before {}", earliest.en),
            );
            None
        } else if value > latest.at {
            self.fail(
                field,
                &format!("不能晚于{}", latest.zh),
                &format!("cannot be after {}", latest.en),
            );
            None
        } else {
            Some(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        let ok = [
            "13800138000",
            "+86 138 0013 8000",
            "19912345678",
            "010-12345678",
            "0755-1234567",
            "12345678",
            "0755-12345678-8001",
            "01012345678",
            "075512345678",
            "1234567-12",
        ];
        let bad = [
            "",
            "1380013800",
            "12800138000",
            "abc",
            "0755-123",
            "138001380001",
            "010-12345678-1234567",
            "00-12345678",
        ];
        for p in ok {
            assert!(normalize_phone(p).is_some(), "{p} should be accepted");
        }
        assert_eq!(
            normalize_phone("0755 1234 5678").as_deref(),
            Some("0755-12345678")
        );
        assert_eq!(
            normalize_phone("01012345678").as_deref(),
            Some("010-12345678")
        );
        assert_eq!(
            normalize_phone("+86 138 0013 8000").as_deref(),
            Some("13800138000")
        );
        for p in bad {
            assert!(normalize_phone(p).is_none(), "{p} should be refused");
        }
    }

    #[test]
    fn local_times_are_read_in_the_center_zone() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let t = parse_local_datetime("2026-11-28 08:00", tz).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-28T00:00:00+00:00");
        assert!(parse_local_datetime("2026-13-01 08:00", tz).is_none());
    }

    #[test]
    fn one_message_per_field_and_limits_count_characters() {
        let mut c = Checker::new();
        c.required("description", &"漏".repeat(5000), 5000, true);
        c.required("residentName", "", 50, false);
        c.required("residentName", "x\u{0}", 50, false);
        c.required("room", "3-2-1201\u{7}", 30, false);
        let errs = c.finish().unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].message, "住户姓名不能为空");
        assert!(errs[1].message.starts_with("房号含有"));
    }
}
