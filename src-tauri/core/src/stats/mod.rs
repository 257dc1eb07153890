//! 月度投诉统计分析 (SPEC 1.6, 1.11): the figures of a month or any range of local dates,
//! the department and employee scorecards, the comparison with the period before, the
//! 12-month trend, and the monthly report's reminder.
//!
//! # What is counted
//!
//! A period is a range of local dates in the policy's zone. Its complaints are those
//! *received* in it; every figure describes them as they stand at the instant asked
//! (`now`), so a report printed later shows later callbacks of the same complaints.
//!
//! - Counts (by severity, department, category, channel, state; valid and invalid) cover
//!   every complaint received, voided ones included. Department is the current one (after
//!   a re-dispatch elsewhere).
//! - Everything else leaves voided complaints out. Invalid complaints are served like the
//!   others, so they count in the on-time rates, satisfaction and hot spots, but not in the
//!   department and employee scorecards (SPEC 1.8).
//! - See [`DeadlineRate`], [`Scorecard`], [`SatisfactionFigures`] and [`HotSpots`] for
//!   each rule.

mod compute;
mod outcome;
mod period;
mod reminder;
mod targets;

pub use compute::{restate_outcomes, statistics, stored_targets, trend};
pub use outcome::{every_deadline, kind_index, outcome, Credit, Duty, Miss, Outcome, Tally, KINDS};
pub use period::Period;
pub use reminder::{report_reminder, ReportReminder, LOOK_BACK_MONTHS};
pub use targets::{
    check_input as check_targets, checks, failing_departments, FailingDepartment, KindTarget,
    Target, TargetCheck, Targets, Verdict,
};

use crate::deadline::DeadlineKind;
use crate::model::Exclusion;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

/// A share: `count` of `of`. Kept as two integers so that nothing is rounded twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rate {
    /// The numerator.
    #[ts(type = "number")]
    pub count: i64,
    /// The denominator.
    #[ts(type = "number")]
    pub of: i64,
}

impl Rate {
    /// A share.
    pub fn new(count: i64, of: i64) -> Self {
        Self { count, of }
    }

    /// Per cent, or `None` when there is nothing to divide by.
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 * 100.0 / self.of as f64)
    }

    /// `87.5%`, or `—` when there is nothing to divide by.
    pub fn display(self) -> String {
        self.percent()
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    }
}

/// How many complaints share one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Count {
    /// What a list filter takes: the stored code, or the row id as text.
    pub key: String,
    /// What a person reads.
    pub label: String,
    /// How many.
    #[ts(type = "number")]
    pub count: i64,
}

/// The complaints received in the period, by value. Every value of severity, channel and
/// state is listed (zeros too); departments and categories that are active or have a
/// complaint, in their display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Counts {
    /// All received, voided included.
    #[ts(type = "number")]
    pub total: i64,
    /// 有效.
    #[ts(type = "number")]
    pub valid: i64,
    /// 无效.
    #[ts(type = "number")]
    pub invalid: i64,
    /// 已作废 (also counted as valid or invalid).
    #[ts(type = "number")]
    pub voided: i64,
    /// 按等级.
    pub by_severity: Vec<Count>,
    /// 按被投诉部门.
    pub by_department: Vec<Count>,
    /// 按类别.
    pub by_category: Vec<Count>,
    /// 按受理方式.
    pub by_channel: Vec<Count>,
    /// 按状态.
    pub by_state: Vec<Count>,
}

/// How one kind of deadline was kept.
///
/// Every deadline of a non-voided complaint counts once per clock: after a 回退 the
/// dispatch clock restarts and after a reopen the handling, return, sign-off, notify and
/// callback clocks restart, so such a complaint has several. A deadline met on time is
/// on time; one met late is late; one still open past its due time is overdue; one still
/// open before its due time is not counted yet. Rate = on time ÷ (on time + late + overdue).
/// An unreachable callback attempt meets the callback deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineRate {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// Its zh-CN name.
    pub label: String,
    /// Met on time.
    #[ts(type = "number")]
    pub on_time: i64,
    /// Met late.
    #[ts(type = "number")]
    pub late: i64,
    /// Open past due.
    #[ts(type = "number")]
    pub overdue: i64,
    /// On time ÷ decided.
    pub rate: Rate,
}

/// A deadline that was missed: met late, or still open past due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Breach {
    /// The complaint.
    #[ts(type = "number")]
    pub complaint_id: i64,
    /// 投诉编号.
    pub case_no: String,
    /// 被投诉部门.
    pub department: String,
    /// Which deadline.
    pub kind: DeadlineKind,
    /// When it was due, center local.
    pub due_at: DateTime<FixedOffset>,
    /// When it was met; `None`: still open.
    pub met_at: Option<DateTime<FixedOffset>>,
}

/// One line of the scorecard, in the style of city hotline scoring, for a department or a
/// handling employee. Valid, non-voided complaints only.
///
/// - `received`: a department's complaints (its current department); an employee's are
///   those whose latest `handled` event they recorded.
/// - `dispatched_on_time`: dispatch deadlines on time ÷ dispatch deadlines decided.
/// - `returned` (回退率): complaints returned as misdirected at least once ÷ received.
/// - `reopened` (重办率): complaints reopened at least once ÷ complaints handled.
/// - `handled_on_time`: handling deadlines on time ÷ handling deadlines decided.
/// - `satisfaction`: the overall rule of [`SatisfactionFigures`] over their callbacks.
/// - `average_handling_hours`: registration to the first `handled` event, mean over the
///   complaints handled (waits included: it is what the resident waited).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Scorecard {
    /// Department id or user id, as text.
    pub key: String,
    /// Department or employee name.
    pub name: String,
    /// Complaints counted.
    #[ts(type = "number")]
    pub received: i64,
    /// Dispatched on time.
    pub dispatched_on_time: Rate,
    /// 回退率.
    pub returned: Rate,
    /// 重办率.
    pub reopened: Rate,
    /// Handled on time.
    pub handled_on_time: Rate,
    /// 满意率.
    pub satisfaction: Rate,
    /// Mean hours from registration to handled.
    pub average_handling_hours: Option<f64>,
}

/// One satisfaction aspect over the callbacks counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AspectRate {
    /// `attitude`, `conduct` or `result`.
    pub aspect: String,
    /// 服务态度, 工作作风, 处理结果.
    pub label: String,
    /// 满意.
    #[ts(type = "number")]
    pub satisfied: i64,
    /// 基本满意.
    #[ts(type = "number")]
    pub fair: i64,
    /// 不满意.
    #[ts(type = "number")]
    pub dissatisfied: i64,
    /// (满意 + 基本满意) ÷ callbacks counted.
    pub rate: Rate,
}

/// A callback left out of the satisfaction rate, with the reason recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExcludedCallback {
    /// The complaint.
    #[ts(type = "number")]
    pub complaint_id: i64,
    /// 投诉编号.
    pub case_no: String,
    /// 被投诉部门.
    pub department: String,
    /// Force majeure or unreasonable demand.
    pub exclusion: Exclusion,
    /// The reason given.
    pub reason: String,
    /// When the callback was made, center local.
    pub at: DateTime<FixedOffset>,
}

/// Satisfaction (1.6). Every callback event counts once: a complaint reopened and called
/// back again gives two verdicts.
///
/// - Counted: callbacks that reached the resident and are not marked force majeure or
///   unreasonable demand.
/// - Aspect rate: 满意 or 基本满意 on that aspect ÷ counted.
/// - Overall rate: all three aspects 满意 or 基本满意 ÷ counted.
/// - Coverage (回访率): complaints whose resident was reached at least once ÷ complaints
///   handled at least once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SatisfactionFigures {
    /// Callbacks that reached the resident.
    #[ts(type = "number")]
    pub reached: i64,
    /// Callback attempts that did not.
    #[ts(type = "number")]
    pub unreachable: i64,
    /// Reached but left out.
    #[ts(type = "number")]
    pub excluded: i64,
    /// 服务态度, 工作作风, 处理结果.
    pub aspects: Vec<AspectRate>,
    /// 综合满意率.
    pub overall: Rate,
    /// 回访率.
    pub coverage: Rate,
    /// The callbacks left out, with their reasons.
    pub exclusions: Vec<ExcludedCallback>,
}

/// Where complaints come from (voided ones left out): the top categories, locations
/// (事件发生地点 as typed), buildings (the room number up to its first `-`) and rooms with
/// two or more complaints in the period; most first, at most ten each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HotSpots {
    /// 类别.
    pub categories: Vec<Count>,
    /// 地点.
    pub locations: Vec<Count>,
    /// 楼栋.
    pub buildings: Vec<Count>,
    /// 重复投诉房号.
    pub repeat_rooms: Vec<Count>,
}

/// Every figure of one period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Figures {
    /// The period.
    pub period: Period,
    /// Counts.
    pub counts: Counts,
    /// On-time rate of each deadline, in procedure order.
    pub deadlines: Vec<DeadlineRate>,
    /// Missed deadlines, by case number and procedure order.
    pub breaches: Vec<Breach>,
    /// One line per department.
    pub departments: Vec<Scorecard>,
    /// One line per handling employee, most complaints first.
    pub employees: Vec<Scorecard>,
    /// The public-affairs duties done in the period, per person, most first.
    pub duties: Vec<DutyLine>,
    /// The people complained about, most complaints first.
    pub accused: Vec<AccusedLine>,
    /// Satisfaction and callback coverage.
    pub satisfaction: SatisfactionFigures,
    /// Hot spots.
    pub hot_spots: HotSpots,
}

/// 公共事务考核: what one person did of the public-affairs duties in a period (1.11,
/// 1.12), credited to whoever did it — for a notification or callback entered at the desk
/// for someone else, that person (an account, or the typed name of someone without one),
/// when they did it. A duty counts in the period it was done in, whatever complaint it was
/// for (voided ones included: the work was done).
///
/// - Counts: registrations, dispatches, forms' returns logged, forwards, notifications
///   and callbacks (reached or not).
/// - Each rate is duties that met their deadline on time ÷ duties that met one: a
///   dispatch its 10 minutes, a logged return the day the form was handled, a forward its
///   same day or hour, a notification its same day, a callback its days after the
///   notification. A duty that met no deadline (a minor complaint's second callback, a
///   dispatch again after a 回退 — each dispatch meets its own) is left out of the rate.
/// - 回访安排 (`arranged`): the callbacks a person entered at the desk, theirs or
///   someone else's (the supervisor arranging the patrol's), with the same rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DutyLine {
    /// The user id as text, or `name:` and the typed name.
    pub key: String,
    /// The person.
    pub name: String,
    /// Whether the person has an account at the desk.
    pub has_account: bool,
    /// 登记.
    #[ts(type = "number")]
    pub registered: i64,
    /// 派发.
    #[ts(type = "number")]
    pub dispatched: i64,
    /// 10 分钟内派发率.
    pub dispatched_on_time: Rate,
    /// 意见表返回登记.
    #[ts(type = "number")]
    pub returns_logged: i64,
    /// 当天登记返回率.
    pub returns_same_day: Rate,
    /// 转呈.
    #[ts(type = "number")]
    pub forwarded: i64,
    /// 按时转呈率.
    pub forwarded_on_time: Rate,
    /// 回复住户.
    #[ts(type = "number")]
    pub notified: i64,
    /// 当天回复率.
    pub notified_same_day: Rate,
    /// 回访 (reached or not).
    #[ts(type = "number")]
    pub called_back: i64,
    /// 按时回访率.
    pub called_back_on_time: Rate,
    /// 回访安排: callbacks entered by this person.
    #[ts(type = "number")]
    pub arranged: i64,
    /// 按时安排回访率.
    pub arranged_on_time: Rate,
}

/// 被投诉人: valid, non-voided complaints received in the period that name a person
/// complained about — an account of the center, or a typed name — by severity, most
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccusedLine {
    /// The user id as text, or `name:` and the name as typed.
    pub key: String,
    /// The person.
    pub name: String,
    /// Whether the person has an account at the desk.
    pub has_account: bool,
    /// Complaints against them.
    #[ts(type = "number")]
    pub total: i64,
    /// 重大.
    #[ts(type = "number")]
    pub major: i64,
    /// 重要.
    #[ts(type = "number")]
    pub important: i64,
    /// 轻微.
    #[ts(type = "number")]
    pub minor: i64,
}

/// A count now and in the period before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Change {
    /// As in [`Count::key`]; `total`, `valid`, `invalid`, `voided` for the headline.
    pub key: String,
    /// What a person reads.
    pub label: String,
    /// This period.
    #[ts(type = "number")]
    pub current: i64,
    /// The period before.
    #[ts(type = "number")]
    pub previous: i64,
    /// `current − previous` (up arrow when positive).
    #[ts(type = "number")]
    pub delta: i64,
}

/// A rate now and in the period before.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RateChange {
    /// A deadline kind's code, `satisfaction` or `coverage`.
    pub key: String,
    /// What a person reads.
    pub label: String,
    /// This period.
    pub current: Rate,
    /// The period before.
    pub previous: Rate,
    /// Difference in percentage points, when both exist.
    pub points: Option<f64>,
}

/// This period against the one before (for a month: the month before).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Comparison {
    /// The period compared with.
    pub previous: Period,
    /// Total, valid, invalid, voided.
    pub headline: Vec<Change>,
    /// By severity.
    pub by_severity: Vec<Change>,
    /// By department.
    pub by_department: Vec<Change>,
    /// By category.
    pub by_category: Vec<Change>,
    /// By channel.
    pub by_channel: Vec<Change>,
    /// On-time rate of each deadline, then satisfaction and coverage.
    pub rates: Vec<RateChange>,
}

/// What the 统计分析 page and the report show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Statistics {
    /// This period's figures.
    pub figures: Figures,
    /// Against the period before.
    pub comparison: Comparison,
    /// The targets in force.
    pub targets: Targets,
    /// Each on-time rate and the satisfaction against its target.
    pub checks: Vec<TargetCheck>,
    /// The departments under the satisfaction line.
    pub failing: Vec<FailingDepartment>,
}

/// One month of the trend: counts only, from indexes, so twelve of them are cheap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrendPoint {
    /// The month.
    pub period: Period,
    /// Complaints received (voided included).
    #[ts(type = "number")]
    pub received: i64,
    /// Of which valid.
    #[ts(type = "number")]
    pub valid: i64,
    /// Of which invalid.
    #[ts(type = "number")]
    pub invalid: i64,
    /// Of which voided.
    #[ts(type = "number")]
    pub voided: i64,
    /// Of which major.
    #[ts(type = "number")]
    pub major: i64,
    /// Of which important.
    #[ts(type = "number")]
    pub important: i64,
    /// Of which minor.
    #[ts(type = "number")]
    pub minor: i64,
    /// 回退 recorded in the month (any complaint).
    #[ts(type = "number")]
    pub returned: i64,
    /// Reopens recorded in the month (any complaint).
    #[ts(type = "number")]
    pub reopened: i64,
    /// Callbacks recorded in the month, reached or not (any complaint).
    #[ts(type = "number")]
    pub callbacks: i64,
}
