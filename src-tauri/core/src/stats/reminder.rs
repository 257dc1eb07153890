//! The monthly report's reminder (1.6): the month's statistics go to the manager by the
//! 30th, or by the last day of a shorter month; a report not submitted stays due, on the
//! dashboard, until it is — whatever the date.

use super::Period;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

/// The day of the month from which the dashboard shows the report as due.
pub const REMIND_FROM_DAY: u32 = 25;
/// The day it is due by (or the month's last day when the month is shorter).
pub const DUE_DAY: u32 = 30;

/// The month's report is due and not yet marked submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportReminder {
    /// The month the report covers, `YYYY-MM`.
    pub month: String,
    /// The day it is due by.
    pub due_on: NaiveDate,
    /// Days left until the end of `due_on` (0 on the day itself; negative once past).
    #[ts(type = "number")]
    pub days_left: i64,
}

/// How many months back an unsubmitted report is still asked for.
pub const LOOK_BACK_MONTHS: u32 = 12;

/// The report the dashboard shows as due on `today` (the local date in the center's
/// zone): the oldest month, from the desk's first (`first_day`, its set-up) and at most
/// [`LOOK_BACK_MONTHS`] back, whose report was not submitted — overdue, with days left
/// negative — or else today's month from the 25th until it is submitted.
pub fn report_reminder(
    today: NaiveDate,
    first_day: NaiveDate,
    submitted: impl Fn(&str) -> bool,
) -> Option<ReportReminder> {
    let this_month = Period::month_of(today);
    let mut earlier: Vec<Period> = Period::months_to(this_month.previous().to, LOOK_BACK_MONTHS)
        .into_iter()
        .filter(|m| m.to >= first_day && m.from <= this_month.previous().to)
        .collect();
    earlier.sort_by_key(|m| m.from);
    if let Some(month) = earlier.into_iter().find(|m| !submitted(&m.month_key())) {
        return Some(due(month, today));
    }
    if today.day() < REMIND_FROM_DAY || submitted(&this_month.month_key()) {
        return None;
    }
    Some(due(this_month, today))
}

fn due(month: Period, today: NaiveDate) -> ReportReminder {
    let due_on = month
        .from
        .with_day(DUE_DAY)
        .filter(|d| *d <= month.to)
        .unwrap_or(month.to);
    ReportReminder {
        month: month.month_key(),
        due_on,
        days_left: (due_on - today).num_days(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    /// A desk set up on the first of `today`'s month: no earlier report is owed.
    fn check(today: &str, submitted: bool, expected: Option<(&str, &str, i64)>) {
        let today = day(today);
        let first = today.with_day(1).unwrap();
        let got = report_reminder(today, first, |_| submitted)
            .map(|r| (r.month, r.due_on.to_string(), r.days_left));
        let expected = expected.map(|(m, d, n)| (m.to_owned(), d.to_owned(), n));
        assert_eq!(got, expected, "{today} submitted={submitted}");
    }

    #[test]
    fn due_from_the_25th_until_submitted() {
        check("2026-12-24", false, None);
        check("2026-12-25", false, Some(("2026-12", "2026-12-30", 5)));
        check("2026-12-30", false, Some(("2026-12", "2026-12-30", 0)));
        check("2026-12-31", false, Some(("2026-12", "2026-12-30", -1)));
        check("2026-12-28", true, None);
        check("2026-12-01", false, None);
        // February: the last day.
        check("2027-02-25", false, Some(("2027-02", "2027-02-28", 3)));
        check("2028-02-29", false, Some(("2028-02", "2028-02-29", 0)));
        check("2026-11-30", false, Some(("2026-11", "2026-11-30", 0)));
    }

    /// A report not submitted stays due after its month, whatever the date, oldest first;
    /// months before the desk was set up, or more than a year back, are not asked for.
    #[test]
    fn an_unsubmitted_report_stays_due_until_submitted() {
        let first = day("2026-10-15");
        let done = |months: &'static [&'static str]| move |m: &str| months.contains(&m);
        let got = |today: &str, submitted: &dyn Fn(&str) -> bool| {
            report_reminder(day(today), first, submitted).map(|r| (r.month, r.days_left))
        };
        assert_eq!(got("2026-12-01", &done(&[])), Some(("2026-10".into(), -32)));
        assert_eq!(
            got("2026-12-01", &done(&["2026-10"])),
            Some(("2026-11".into(), -1))
        );
        assert_eq!(got("2026-12-01", &done(&["2026-10", "2026-11"])), None);
        assert_eq!(
            got("2026-12-26", &done(&["2026-10", "2026-11"])),
            Some(("2026-12".into(), 4))
        );
        // Set up long ago and never submitted: a year back at most.
        let old = |today: &str| {
            report_reminder(day(today), day("2020-01-01"), |_| false).map(|r| r.month)
        };
        assert_eq!(old("2026-12-01"), Some("2025-12".into()));
    }
}
