//! The monthly report's reminder (1.6): the month's statistics go to the manager by the
//! 30th, or by the last day of a shorter month.

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

/// Whether the dashboard shows the report of `today`'s month as due: from the 25th of the
/// month until it is marked submitted. `today` is the local date in the center's zone.
pub fn report_reminder(today: NaiveDate, submitted: bool) -> Option<ReportReminder> {
    if submitted || today.day() < REMIND_FROM_DAY {
        return None;
    }
    let month = Period::month_of(today);
    let due_on = month
        .from
        .with_day(DUE_DAY)
        .filter(|d| *d <= month.to)
        .unwrap_or(month.to);
    Some(ReportReminder {
        month: month.month_key(),
        due_on,
        days_left: (due_on - today).num_days(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(today: &str, submitted: bool, expected: Option<(&str, &str, i64)>) {
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let got =
            report_reminder(today, submitted).map(|r| (r.month, r.due_on.to_string(), r.days_left));
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
}
