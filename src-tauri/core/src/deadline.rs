//! Deadlines (1.2.2, 1.3, 1.4–1.6, 1.10), computed from the policy in force at
//! registration and the complaint's event history — never from stored counters.

use crate::event::{Event, EventData};
use crate::model::{Complaint, ComplaintState, Severity};
use chrono::{DateTime, Days, Duration, Months, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The defaults of the procedure, editable by the administrator. Each edit is a new
/// version; a complaint keeps the version in force when it was registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlinePolicy {
    /// IANA zone of the service center; "day" and "same day" are read in it.
    pub time_zone: String,
    /// Dispatch to the department after registration (1.3).
    #[ts(type = "number")]
    pub dispatch_minutes: i64,
    /// Forward an important complaint to the managing manager (1.2.2 b).
    #[ts(type = "number")]
    pub forward_important_minutes: i64,
    /// Extra days after the registration day to forward a major one (0 = same day, 1.2.2 a).
    #[ts(type = "number")]
    pub forward_major_extra_days: i64,
    /// Clear answer to the resident of a major complaint (1.10.3).
    #[ts(type = "number")]
    pub major_first_reply_days: i64,
    /// Handling of a minor complaint when the resident gave no deadline (1.10.1).
    #[ts(type = "number")]
    pub minor_handling_days: i64,
    /// Handling of an important complaint (1.10.2).
    #[ts(type = "number")]
    pub important_handling_days: i64,
    /// Resolution of a major complaint (1.10.3).
    #[ts(type = "number")]
    pub major_handling_days: i64,
    /// Extra days after the handling day to return the form (0 = same day, 1.4.1).
    #[ts(type = "number")]
    pub return_extra_days: i64,
    /// Extra days after the return day for the sign-off (0 = same day).
    #[ts(type = "number")]
    pub sign_off_extra_days: i64,
    /// Extra days after handled/signed off to notify the resident (0 = same day, 1.5).
    #[ts(type = "number")]
    pub notify_extra_days: i64,
    /// Callback after notification (1.6).
    #[ts(type = "number")]
    pub callback_days: i64,
    /// A valid complaint not handled after this many months is raised to major (4.3 c).
    #[ts(type = "number")]
    pub raise_after_months: u32,
    /// Callbacks that find nobody before the complaint may be archived as unreachable
    /// (policies saved before it existed read 3).
    #[serde(default = "default_callback_tries")]
    #[ts(type = "number")]
    pub callback_tries: u32,
    /// The deadlines counted in working time (office minutes, working days, the end of
    /// the working day) instead of calendar time; none in policies saved before it
    /// existed, as the seed's clauses read.
    #[serde(default)]
    pub working_kinds: Vec<DeadlineKind>,
    /// Whole days a handling deadline is overdue before a 《催办通知单》 may be printed.
    #[serde(default = "default_urge_after_days")]
    #[ts(type = "number")]
    pub urge_after_days: i64,
    /// Office hours, holidays and 调休 days, versioned with the policy: a complaint keeps
    /// the calendar in force when it was registered.
    #[serde(default)]
    pub calendar: crate::calendar::WorkCalendar,
    /// 预警: the share of a deadline's window (in per cent) left when it turns amber and
    /// the role that must act is notified; 0 for no warning (policies saved before it
    /// existed read 25, a quarter).
    #[serde(default = "default_warn_percent")]
    #[ts(type = "number")]
    pub warn_percent: u32,
}

fn default_callback_tries() -> u32 {
    3
}

fn default_urge_after_days() -> i64 {
    1
}

fn default_warn_percent() -> u32 {
    25
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        Self {
            time_zone: "Asia/Shanghai".into(),
            dispatch_minutes: 10,
            forward_important_minutes: 60,
            forward_major_extra_days: 0,
            major_first_reply_days: 2,
            minor_handling_days: 2,
            important_handling_days: 3,
            major_handling_days: 10,
            return_extra_days: 0,
            sign_off_extra_days: 0,
            notify_extra_days: 0,
            callback_days: 3,
            raise_after_months: 1,
            callback_tries: default_callback_tries(),
            working_kinds: Vec::new(),
            urge_after_days: default_urge_after_days(),
            calendar: crate::calendar::WorkCalendar::default(),
            warn_percent: default_warn_percent(),
        }
    }
}

/// The span deadline arithmetic keeps to, 0001-01-02 to 9999-12-31 UTC: a date far out (in a
/// file written before every date had bounds) holds at an end instead of overflowing, and
/// still converts to any local zone.
pub fn sane(t: DateTime<Utc>) -> DateTime<Utc> {
    let floor = DateTime::from_timestamp(-62_135_510_400, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let ceiling = DateTime::from_timestamp(253_402_214_400, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
    t.clamp(floor, ceiling)
}

/// `t + d` within [`sane`]'s span, never panicking.
pub fn plus(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    let t = sane(t);
    sane(t.checked_add_signed(d).unwrap_or(if d < Duration::zero() {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    }))
}

impl DeadlinePolicy {
    /// The zone; an unknown name (refused when the policy is saved) falls back to Shanghai.
    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai)
    }

    /// The local midnight that ends the day of `t`, `extra` days later.
    pub fn end_of_day(&self, t: DateTime<Utc>, extra: i64) -> DateTime<Utc> {
        let tz = self.tz();
        let t = sane(t);
        t.with_timezone(&tz)
            .date_naive()
            .checked_add_days(Days::new(1 + extra.max(0) as u64))
            .and_then(|day| crate::validation::local_to_utc(day.and_time(NaiveTime::MIN), tz))
            .map_or_else(|| plus(t, Duration::days(1 + extra.max(0))), sane)
    }

    /// The same local wall-clock time `days` calendar days later.
    pub fn add_days(&self, t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
        let tz = self.tz();
        let t = sane(t);
        t.with_timezone(&tz)
            .naive_local()
            .checked_add_days(Days::new(days.max(0) as u64))
            .and_then(|local| crate::validation::local_to_utc(local, tz))
            .map_or_else(|| plus(t, Duration::days(days.max(0))), sane)
    }

    /// When a valid complaint registered at `received_at` is raised to major if unhandled.
    pub fn raise_at(&self, received_at: DateTime<Utc>) -> DateTime<Utc> {
        let tz = self.tz();
        let received_at = sane(received_at);
        let local = received_at.with_timezone(&tz).naive_local();
        local
            .checked_add_months(Months::new(self.raise_after_months))
            .and_then(|l| crate::validation::local_to_utc(l, tz))
            .map_or_else(|| plus(received_at, Duration::days(30)), sane)
    }

    /// The working calendar, when deadline `kind` is counted in working time.
    pub fn working(&self, kind: DeadlineKind) -> Option<crate::calendar::Calendar<'_>> {
        self.working_kinds
            .contains(&kind)
            .then(|| self.calendar.in_zone(self.tz()))
    }

    /// When the clock of `kind` started at `t` really starts: the next opening for a
    /// working-time deadline started after hours.
    pub fn clock_start(&self, kind: DeadlineKind, t: DateTime<Utc>) -> DateTime<Utc> {
        self.working(kind).map_or(t, |c| c.start(sane(t)))
    }

    /// `minutes` after `t`, in office minutes for a working-time `kind`.
    pub fn after_minutes(
        &self,
        kind: DeadlineKind,
        t: DateTime<Utc>,
        minutes: i64,
    ) -> DateTime<Utc> {
        match self.working(kind) {
            Some(c) => sane(c.add_minutes(sane(t), minutes)),
            None => plus(t, Duration::minutes(minutes)),
        }
    }

    /// `days` after `t`, in working days for a working-time `kind`.
    pub fn after_days(&self, kind: DeadlineKind, t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
        match self.working(kind) {
            Some(c) => sane(c.add_days(sane(t), days)),
            None => self.add_days(t, days),
        }
    }

    /// The end of the day of `t`, `extra` days later: for a working-time `kind` the
    /// closing time of the working day the clock starts on, `extra` working days later.
    pub fn day_end(&self, kind: DeadlineKind, t: DateTime<Utc>, extra: i64) -> DateTime<Utc> {
        match self.working(kind) {
            Some(c) => sane(c.end_of_day(sane(t), extra)),
            None => self.end_of_day(t, extra),
        }
    }

    /// `due` moved by the waits `spans` (the clock stopped while waiting on the
    /// resident): by the time waited, or by the office time waited for a working-time
    /// `kind`.
    pub fn paused(&self, kind: DeadlineKind, due: DateTime<Utc>, spans: &[Span]) -> DateTime<Utc> {
        match self.working(kind) {
            Some(c) => {
                let minutes: i64 = spans
                    .iter()
                    .map(|(a, b)| c.minutes_between(sane(*a), sane(*b)))
                    .sum();
                if minutes == 0 {
                    due
                } else {
                    sane(c.add_minutes(sane(due), minutes))
                }
            }
            None => plus(due, waited(spans)),
        }
    }

    /// When a deadline of `kind` whose clock started at `started` and is due at `due`
    /// turns amber (预警): when [`Self::warn_percent`] of its window is left, counted in
    /// office minutes for a working-time `kind`. With no warning share, at the deadline.
    pub fn warn_at(
        &self,
        kind: DeadlineKind,
        started: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let pct = i64::from(self.warn_percent.min(100));
        if due <= started {
            return due;
        }
        match self.working(kind) {
            Some(c) => {
                // In whole office minutes, a part of a minute left counted as a whole one
                // (warned a little early, never late).
                let window = c.minutes_between(sane(started), sane(due));
                let left = (window.saturating_mul(pct) + 99) / 100;
                if left == 0 {
                    return due;
                }
                sane(c.add_minutes(sane(started), window - left)).min(due)
            }
            None => {
                let window = (due - started).num_seconds();
                let left = window.saturating_mul(pct) / 100;
                plus(due, -Duration::seconds(left))
            }
        }
    }

    /// The rule a deadline of `kind` follows for a complaint of `severity`, as the detail
    /// page and the printed form say it: (zh-CN, en-US).
    pub fn rule(&self, kind: DeadlineKind, severity: Severity, basis: Basis) -> (String, String) {
        let working = self.working(kind).is_some();
        let days = |n: i64, what_zh: &str, what_en: &str| {
            if working {
                (
                    format!("{what_zh} {n} 个工作日内（按工作日计，节假日不计）"),
                    format!("within {n} working day(s) of {what_en} (holidays not counted)"),
                )
            } else {
                (
                    format!("{what_zh} {n} 天内（按自然日计）"),
                    format!("within {n} calendar day(s) of {what_en}"),
                )
            }
        };
        let minutes = |n: i64, what_zh: &str, what_en: &str| {
            if working {
                (
                    format!("{what_zh} {n} 个办公分钟内（非办公时间不计时）"),
                    format!("within {n} office minute(s) of {what_en} (clock stops out of hours)"),
                )
            } else {
                (
                    format!("{what_zh} {n} 分钟内（按自然时间计）"),
                    format!("within {n} minute(s) of {what_en}"),
                )
            }
        };
        let same_day = |extra: i64, what_zh: &str, what_en: &str| match (working, extra) {
            (true, 0) => (
                format!("{what_zh}当个工作日下班前（非工作时间发生的，次一工作日下班前）"),
                format!("by closing time of the working day of {what_en}"),
            ),
            (true, n) => (
                format!("{what_zh}后第 {n} 个工作日下班前"),
                format!("by closing time {n} working day(s) after {what_en}"),
            ),
            (false, 0) => (
                format!("{what_zh}当天 24:00 前（按自然日计）"),
                format!("by midnight of the day of {what_en}"),
            ),
            (false, n) => (
                format!("{what_zh}后第 {n} 天 24:00 前（按自然日计）"),
                format!("by midnight {n} day(s) after {what_en}"),
            ),
        };
        match (kind, basis) {
            (DeadlineKind::Handling, Basis::ResidentDeadline) => (
                "住户要求的期限（按自然时间计）".into(),
                "the deadline the resident asked for".into(),
            ),
            (DeadlineKind::Handling, Basis::Extension) => (
                "批准延期后的期限".into(),
                "the deadline of the approved extension".into(),
            ),
            (DeadlineKind::PromisedReply, _) => (
                "约定答复日当天 24:00 前".into(),
                "by midnight of the day promised".into(),
            ),
            (DeadlineKind::Dispatch, _) => minutes(self.dispatch_minutes, "登记后", "registration"),
            (DeadlineKind::Forward, _) if severity == Severity::Major => {
                same_day(self.forward_major_extra_days, "登记", "registration")
            }
            (DeadlineKind::Forward, _) => {
                minutes(self.forward_important_minutes, "登记后", "registration")
            }
            (DeadlineKind::FirstReply, _) => {
                days(self.major_first_reply_days, "登记后", "registration")
            }
            (DeadlineKind::Handling, _) => {
                days(self.handling_days(severity), "登记后", "registration")
            }
            (DeadlineKind::Return, _) => same_day(self.return_extra_days, "处理完毕", "handling"),
            (DeadlineKind::SignOff, _) => {
                same_day(self.sign_off_extra_days, "意见表返回", "the form's return")
            }
            (DeadlineKind::Notify, _) => same_day(
                self.notify_extra_days,
                "处理完毕（或签批）",
                "handling or sign-off",
            ),
            (DeadlineKind::Callback, _) => {
                days(self.callback_days, "回复住户后", "notifying the resident")
            }
        }
    }

    /// Handling days for a severity.
    pub fn handling_days(&self, severity: Severity) -> i64 {
        match severity {
            Severity::Minor => self.minor_handling_days,
            Severity::Important => self.important_handling_days,
            Severity::Major => self.major_handling_days,
        }
    }

    /// Checks the values an administrator typed; `Err` names the first bad one.
    pub fn check(&self) -> Result<(), &'static str> {
        if self.time_zone.parse::<Tz>().is_err() {
            return Err("timeZone");
        }
        let days = [
            self.forward_major_extra_days,
            self.major_first_reply_days,
            self.minor_handling_days,
            self.important_handling_days,
            self.major_handling_days,
            self.return_extra_days,
            self.sign_off_extra_days,
            self.notify_extra_days,
            self.callback_days,
        ];
        if !(1..=1440).contains(&self.dispatch_minutes)
            || !(1..=1440).contains(&self.forward_important_minutes)
            || days.iter().any(|d| !(0..=365).contains(d))
            || !(1..=12).contains(&self.raise_after_months)
            || !(1..=10).contains(&self.callback_tries)
            || !(0..=30).contains(&self.urge_after_days)
            || self.warn_percent > 90
        {
            return Err("policy");
        }
        if self.calendar.check().is_err() {
            return Err("calendar");
        }
        // A promised reply is due at the end of the day the resident was promised.
        if self.working_kinds.contains(&DeadlineKind::PromisedReply) {
            return Err("workingKinds");
        }
        Ok(())
    }
}

/// Which deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DeadlineKind {
    /// 派发 within 10 minutes.
    Dispatch,
    /// 转呈 (major: same day; important: 1 hour).
    Forward,
    /// Major: a clear answer to the resident within 2 days.
    FirstReply,
    /// 处理 by severity, moved by waits and extensions.
    Handling,
    /// Form back at the desk the day it was handled.
    Return,
    /// 签批 the day the form returned.
    SignOff,
    /// Resident told the result the same day.
    Notify,
    /// 回访 within 3 days of notification.
    Callback,
    /// 约定答复 (跟清楚, 4.1.3): the reply promised to the resident, due at the end of
    /// the promised day. Shown and queued, not part of the statistics' on-time rates.
    PromisedReply,
}

impl DeadlineKind {
    /// The code stored in the database (same as the serde name).
    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::Dispatch => "dispatch",
            DeadlineKind::Forward => "forward",
            DeadlineKind::FirstReply => "firstReply",
            DeadlineKind::Handling => "handling",
            DeadlineKind::Return => "return",
            DeadlineKind::SignOff => "signOff",
            DeadlineKind::Notify => "notify",
            DeadlineKind::Callback => "callback",
            DeadlineKind::PromisedReply => "promisedReply",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Dispatch,
            Self::Forward,
            Self::FirstReply,
            Self::Handling,
            Self::Return,
            Self::SignOff,
            Self::Notify,
            Self::Callback,
            Self::PromisedReply,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// zh-CN label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineKind::Dispatch => "派发",
            DeadlineKind::Forward => "转呈",
            DeadlineKind::FirstReply => "首次答复",
            DeadlineKind::Handling => "处理",
            DeadlineKind::Return => "返回意见表",
            DeadlineKind::SignOff => "签批",
            DeadlineKind::Notify => "回复住户",
            DeadlineKind::Callback => "回访",
            DeadlineKind::PromisedReply => "约定答复",
        }
    }
}

/// Where a deadline stands at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DeadlineStatus {
    /// Open, plenty of time.
    Pending,
    /// Open, in the warning share of its window (预警, a quarter by default).
    DueSoon,
    /// Done in time.
    MetOnTime,
    /// Done, but after the deadline.
    MetLate,
    /// Open and past due.
    Overdue,
}

/// Where a deadline's due time comes from, besides the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Basis {
    /// The policy's period for its kind and severity.
    Policy,
    /// The deadline the resident asked for (a minor complaint, 1.10.1).
    ResidentDeadline,
    /// An approved extension.
    Extension,
    /// The day promised to the resident (跟清楚).
    Promised,
}

/// One deadline of one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Deadline {
    /// Which.
    pub kind: DeadlineKind,
    /// When its clock started.
    pub started_at: DateTime<Utc>,
    /// When it is due (for a paused handling clock: if resumed now).
    pub due_at: DateTime<Utc>,
    /// When it was met.
    pub met_at: Option<DateTime<Utc>>,
    /// Its status at the instant asked.
    pub status: DeadlineStatus,
    /// The handling clock is stopped while waiting on the resident.
    pub paused: bool,
    /// When it turns amber (预警).
    pub warn_at: DateTime<Utc>,
    /// Counted in working time (office hours, working days) rather than calendar time.
    pub working: bool,
    /// Where its due time comes from.
    pub basis: Basis,
}

fn last_index(events: &[Event], pred: impl Fn(&EventData) -> bool) -> Option<usize> {
    events.iter().rposition(|e| pred(&e.data))
}

fn first_after(events: &[Event], from: usize, pred: impl Fn(&EventData) -> bool) -> Option<usize> {
    events[from..]
        .iter()
        .position(|e| pred(&e.data))
        .map(|i| i + from)
}

/// Everything that applies to the complaint now, in procedure order. `events` are in
/// recording order. Open deadlines of a voided complaint are left out.
pub fn deadlines(
    c: &Complaint,
    events: &[Event],
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    let mut push = |kind, started_at, due_at, met: Option<usize>, paused| {
        out.push((
            kind,
            started_at,
            due_at,
            met.map(|i: usize| events[i].done_at()),
            paused,
        ));
    };
    let r = c.received_at;

    // Dispatch: restarts after each 回退.
    let dispatch_from = last_index(events, |d| matches!(d, EventData::DispatchReturned { .. }));
    let dispatch_start = dispatch_from.map_or(r, |i| events[i].at.max(r));
    let dispatch_met = first_after(events, dispatch_from.map_or(0, |i| i + 1), |d| {
        matches!(d, EventData::Dispatched { .. })
    });
    push(
        DeadlineKind::Dispatch,
        policy.clock_start(DeadlineKind::Dispatch, dispatch_start),
        policy.after_minutes(
            DeadlineKind::Dispatch,
            dispatch_start,
            policy.dispatch_minutes,
        ),
        dispatch_met,
        false,
    );

    // Forward and first reply run from when the complaint took its current severity.
    if let Some(to_role) = c.severity.forward_to() {
        let raised = last_index(
            events,
            |d| matches!(d, EventData::SeverityRaised { to, .. } | EventData::SeverityReviewed { to, .. } if *to == c.severity),
        );
        let start = raised.map_or(r, |i| events[i].at.max(r));
        let from = raised.map_or(0, |i| i + 1);
        let due = match c.severity {
            Severity::Major => policy.day_end(
                DeadlineKind::Forward,
                start,
                policy.forward_major_extra_days,
            ),
            _ => policy.after_minutes(
                DeadlineKind::Forward,
                start,
                policy.forward_important_minutes,
            ),
        };
        let met = first_after(
            events,
            from,
            |d| matches!(d, EventData::Forwarded { to_role: t, .. } if *t == to_role),
        );
        push(
            DeadlineKind::Forward,
            policy.clock_start(DeadlineKind::Forward, start),
            due,
            met,
            false,
        );
        if c.severity == Severity::Major {
            // 跟清楚 (1.10.3): a clear answer, so an answer with something in it — a
            // notification with what was told, or a promised date with what was said.
            let met = first_after(events, from, |d| match d {
                EventData::ResidentNotified { response, .. } => !response.trim().is_empty(),
                EventData::NextReplyPromised { said, .. } => !said.trim().is_empty(),
                _ => false,
            });
            push(
                DeadlineKind::FirstReply,
                policy.clock_start(DeadlineKind::FirstReply, start),
                policy.after_days(
                    DeadlineKind::FirstReply,
                    start,
                    policy.major_first_reply_days,
                ),
                met,
                false,
            );
        }
    }

    // Handling: per cycle (a reopen starts a new one).
    let reopen = last_index(events, |d| matches!(d, EventData::Reopened { .. }));
    let cycle = reopen.map_or(0, |i| i + 1);
    let cycle_start = reopen.map_or(r, |i| events[i].at);
    let mut handling_basis = Basis::Policy;
    let mut base = match (reopen, c.severity, c.resident_deadline) {
        (None, Severity::Minor, Some(d)) => {
            handling_basis = Basis::ResidentDeadline;
            d
        }
        _ => policy.after_days(
            DeadlineKind::Handling,
            cycle_start,
            policy.handling_days(c.severity),
        ),
    };
    let mut base_from = cycle;
    // Each approved extension moves the handling deadline — when it was asked for in
    // time. One asked for after the deadline it would extend had passed may still be
    // approved, but the breach stays: the deadline keeps its date and counts as missed.
    let mut asked: Option<usize> = None;
    for (i, e) in events.iter().enumerate().skip(cycle) {
        match e.data {
            EventData::ExtensionRequested { .. } => asked = Some(i),
            EventData::ExtensionDecided {
                approved: true,
                new_deadline,
                ..
            } => {
                let in_time = asked.is_none_or(|a| {
                    let spans = wait_spans(&events[base_from..a], events[a].at).0;
                    let due_then = policy.paused(DeadlineKind::Handling, base, &spans);
                    events[a].at <= due_then
                });
                if in_time {
                    base = new_deadline;
                    base_from = i + 1;
                    handling_basis = Basis::Extension;
                }
                asked = None;
            }
            EventData::ExtensionDecided { .. } => asked = None,
            _ => {}
        }
    }
    let (spans, waiting) = wait_spans(&events[base_from..], now);
    let paused = waiting && c.state == ComplaintState::WaitingOnResident;
    let rejected = last_index(&events[cycle..], |d| {
        matches!(
            d,
            EventData::SignedOff {
                approved: false,
                ..
            }
        )
    })
    .map(|i| i + cycle);
    let handled = last_index(&events[cycle..], |d| matches!(d, EventData::Handled { .. }))
        .map(|i| i + cycle)
        .filter(|h| rejected.is_none_or(|x| *h > x));
    push(
        DeadlineKind::Handling,
        policy.clock_start(DeadlineKind::Handling, cycle_start),
        policy.paused(DeadlineKind::Handling, base, &spans),
        handled,
        paused,
    );

    // After handling: return, sign-off, notify, callback.
    if let Some(h) = handled {
        let h_at = events[h].at;
        let returned = first_after(events, h + 1, |d| matches!(d, EventData::FormReturned));
        push(
            DeadlineKind::Return,
            policy.clock_start(DeadlineKind::Return, h_at),
            policy.day_end(DeadlineKind::Return, h_at, policy.return_extra_days),
            returned,
            false,
        );
        let notify_from = if c.severity.forward_to().is_some() {
            returned.and_then(|f| {
                let f_at = events[f].at;
                let decided =
                    first_after(events, f + 1, |d| matches!(d, EventData::SignedOff { .. }));
                push(
                    DeadlineKind::SignOff,
                    policy.clock_start(DeadlineKind::SignOff, f_at),
                    policy.day_end(DeadlineKind::SignOff, f_at, policy.sign_off_extra_days),
                    decided,
                    false,
                );
                decided.filter(|&i| {
                    matches!(events[i].data, EventData::SignedOff { approved: true, .. })
                })
            })
        } else {
            Some(h)
        };
        if let Some(s) = notify_from {
            let s_at = events[s].at;
            let notified = first_after(events, s + 1, |d| {
                matches!(d, EventData::ResidentNotified { .. })
            });
            push(
                DeadlineKind::Notify,
                policy.clock_start(DeadlineKind::Notify, s_at),
                policy.day_end(DeadlineKind::Notify, s_at, policy.notify_extra_days),
                notified,
                false,
            );
            if let Some(n) = notified {
                let n_at = events[n].at;
                let called =
                    first_after(events, n + 1, |d| matches!(d, EventData::CalledBack { .. }));
                push(
                    DeadlineKind::Callback,
                    policy.clock_start(DeadlineKind::Callback, n_at),
                    policy.after_days(DeadlineKind::Callback, n_at, policy.callback_days),
                    called,
                    false,
                );
            }
        }
    }

    // 跟清楚 (4.1.3): each promised reply date is due at the end of that local day and is
    // met by the next reply to the resident — a notification or a new promise.
    for (i, e) in events.iter().enumerate() {
        if let EventData::NextReplyPromised { promised_on, .. } = e.data {
            let met = first_after(events, i + 1, |d| {
                matches!(
                    d,
                    EventData::ResidentNotified { .. } | EventData::NextReplyPromised { .. }
                )
            });
            let due = promised_on
                .succ_opt()
                .map_or_else(|| policy.end_of_day(e.at, 0), |d| local_midnight(policy, d));
            push(DeadlineKind::PromisedReply, e.at, due.max(e.at), met, false);
        }
    }

    out.into_iter()
        .filter_map(|(kind, started_at, due_at, met_at, paused)| {
            let warn_at = policy.warn_at(kind, started_at, due_at);
            let status = match met_at {
                Some(m) if m <= due_at => DeadlineStatus::MetOnTime,
                Some(_) => DeadlineStatus::MetLate,
                None if c.state.is_closed() => return None,
                None if now > due_at => DeadlineStatus::Overdue,
                None if paused => DeadlineStatus::Pending,
                None if now >= warn_at => DeadlineStatus::DueSoon,
                None => DeadlineStatus::Pending,
            };
            Some(Deadline {
                kind,
                started_at,
                due_at,
                met_at,
                status,
                paused,
                warn_at,
                working: policy.working(kind).is_some(),
                basis: match kind {
                    DeadlineKind::Handling => handling_basis,
                    DeadlineKind::PromisedReply => Basis::Promised,
                    _ => Basis::Policy,
                },
            })
        })
        .collect()
}

/// The time spent waiting on the resident, ended waits and one still going (up to
/// `now`); a clock set back between two events never makes a wait negative.
pub fn time_waiting(events: &[Event], now: DateTime<Utc>) -> Duration {
    waits(events, now).0
}

/// A wait on the resident: from, to.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// The waits in `events` as (start, end) (an open wait ends at `now`), and whether a
/// wait is still open.
fn wait_spans(events: &[Event], now: DateTime<Utc>) -> (Vec<Span>, bool) {
    let mut spans = Vec::new();
    let mut started: Option<DateTime<Utc>> = None;
    for e in events {
        match e.data {
            EventData::WaitStarted { .. } => started = started.or(Some(e.at)),
            EventData::WaitEnded => {
                if let Some(s) = started.take() {
                    spans.push((s, e.at.max(s)));
                }
            }
            _ => {}
        }
    }
    if let Some(s) = started {
        spans.push((s, now.max(s)));
    }
    (spans, started.is_some())
}

/// The time waited in `events` (an open wait counted up to `now`), and whether a wait is
/// still open.
fn waits(events: &[Event], now: DateTime<Utc>) -> (Duration, bool) {
    let (spans, open) = wait_spans(events, now);
    (waited(&spans), open)
}

/// The calendar time of `spans`, together.
fn waited(spans: &[Span]) -> Duration {
    spans.iter().fold(Duration::zero(), |sum, (a, b)| {
        sum.checked_add(&(*b - *a).max(Duration::zero()))
            .unwrap_or(Duration::MAX)
    })
}

/// The new deadline of the last approved extension, if any.
pub fn approved_extension(events: &[Event]) -> Option<DateTime<Utc>> {
    events.iter().rev().find_map(|e| match e.data {
        EventData::ExtensionDecided {
            approved: true,
            new_deadline,
            ..
        } => Some(new_deadline),
        _ => None,
    })
}

/// The earliest open deadline whose clock runs (kept on the complaint row for indexing).
pub fn next_due(deadlines: &[Deadline]) -> Option<(DateTime<Utc>, DeadlineKind)> {
    deadlines
        .iter()
        .filter(|d| d.met_at.is_none() && !d.paused)
        .min_by_key(|d| d.due_at)
        .map(|d| (d.due_at, d.kind))
}

/// Midnight of a local date in the policy's zone, as an instant.
pub fn local_midnight(policy: &DeadlinePolicy, date: chrono::NaiveDate) -> DateTime<Utc> {
    let tz = policy.tz();
    tz.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}
