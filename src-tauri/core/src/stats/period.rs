//! A range of local dates: a calendar month or any custom range.

use crate::deadline::{self, DeadlinePolicy};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Local dates `from..=to` in the center's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

impl Period {
    /// A calendar month.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let to = from.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Self { from, to })
    }

    /// A month written `YYYY-MM`.
    pub fn parse_month(raw: &str) -> Option<Self> {
        let (y, m) = raw.trim().split_once('-')?;
        Self::month(y.parse().ok()?, m.parse().ok()?)
    }

    /// The month that contains `day`.
    pub fn month_of(day: NaiveDate) -> Self {
        Self::month(day.year(), day.month()).unwrap_or(Self { from: day, to: day })
    }

    /// A custom range; `None` when `to` is before `from`.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to).then_some(Self { from, to })
    }

    /// Whether it is exactly one calendar month.
    pub fn is_month(&self) -> bool {
        self.from.day() == 1 && Self::month_of(self.from) == *self
    }

    /// `YYYY-MM` of its first day.
    pub fn month_key(&self) -> String {
        self.from.format("%Y-%m").to_string()
    }

    /// Days in it.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Whole calendar months from the first of one to the last of another (a month, a
    /// quarter, a half-year, a year): how many.
    pub fn whole_months(&self) -> Option<u32> {
        let last_day = self.to.succ_opt().is_none_or(|next| next.day() == 1);
        if self.from.day() != 1 || !last_day {
            return None;
        }
        let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        u32::try_from(months(self.to) - months(self.from) + 1).ok()
    }

    /// The period before: as many whole months just before for whole months (the
    /// previous month, quarter, half-year, year), otherwise as many days just before.
    pub fn previous(&self) -> Self {
        if let Some(n) = self.whole_months() {
            if let Some(from) = self.from.checked_sub_months(Months::new(n)) {
                if let Some(to) = self.from.pred_opt() {
                    return Self { from, to };
                }
            }
        }
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to
            .checked_sub_days(Days::new(self.days() as u64 - 1))
            .unwrap_or(to);
        Self { from, to }
    }

    /// The `n` months ending with the month of `last`, oldest first.
    pub fn months_to(last: NaiveDate, n: u32) -> Vec<Self> {
        let last = Self::month_of(last).from;
        (0..n)
            .rev()
            .filter_map(|back| last.checked_sub_months(Months::new(back)))
            .map(Self::month_of)
            .collect()
    }

    /// `2026年12月`, `2026年第4季度`, `2026年上半年`, `2026年`, or `2026-12-01 至 2026-12-15`.
    pub fn label_zh(&self) -> String {
        let (y, m) = (self.from.year(), self.from.month());
        let same_year = self.to.year() == y;
        match self.whole_months() {
            Some(1) => format!("{y}年{m}月"),
            Some(3) if same_year && m % 3 == 1 => format!("{y}年第{}季度", m / 3 + 1),
            Some(6) if same_year && m == 1 => format!("{y}年上半年"),
            Some(6) if same_year && m == 7 => format!("{y}年下半年"),
            Some(12) if same_year => format!("{y}年"),
            _ => format!("{} 至 {}", self.from, self.to),
        }
    }

    /// The instants `[start, end)`: local midnights in the policy's zone.
    pub fn bounds(&self, policy: &DeadlinePolicy) -> (DateTime<Utc>, DateTime<Utc>) {
        let end = self.to.succ_opt().unwrap_or(self.to);
        (
            deadline::local_midnight(policy, self.from),
            deadline::local_midnight(policy, end),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_ranges_and_their_predecessors() {
        let dec = Period::parse_month("2026-12").unwrap();
        assert_eq!((dec.from, dec.to), (d(2026, 12, 1), d(2026, 12, 31)));
        assert!(dec.is_month());
        assert_eq!(dec.previous(), Period::month(2026, 11).unwrap());
        let mar = Period::month(2028, 3).unwrap();
        assert_eq!(mar.previous().to, d(2028, 2, 29));
        let custom = Period::range(d(2026, 12, 10), d(2026, 12, 19)).unwrap();
        assert!(!custom.is_month());
        assert_eq!(
            custom.previous(),
            Period::range(d(2026, 11, 30), d(2026, 12, 9)).unwrap()
        );
        assert_eq!(Period::range(d(2026, 12, 2), d(2026, 12, 1)), None);
        assert_eq!(Period::parse_month("2026-13"), None);
        let year = Period::months_to(d(2026, 12, 31), 12);
        assert_eq!(year.len(), 12);
        assert_eq!(year[0], Period::month(2026, 1).unwrap());
        assert_eq!(year[11], dec);
        assert_eq!(dec.label_zh(), "2026年12月");
    }

    #[test]
    fn quarters_half_years_and_years_follow_the_same_span_before() {
        let q4 = Period::range(d(2026, 10, 1), d(2026, 12, 31)).unwrap();
        assert_eq!(q4.whole_months(), Some(3));
        assert_eq!(
            q4.previous(),
            Period::range(d(2026, 7, 1), d(2026, 9, 30)).unwrap()
        );
        let h1 = Period::range(d(2028, 1, 1), d(2028, 6, 30)).unwrap();
        assert_eq!(
            h1.previous(),
            Period::range(d(2027, 7, 1), d(2027, 12, 31)).unwrap()
        );
        let year = Period::range(d(2026, 1, 1), d(2026, 12, 31)).unwrap();
        assert_eq!(
            year.previous(),
            Period::range(d(2025, 1, 1), d(2025, 12, 31)).unwrap()
        );
        // Not whole months: as many days before.
        let odd = Period::range(d(2026, 10, 2), d(2026, 12, 31)).unwrap();
        assert_eq!(odd.whole_months(), None);
        assert_eq!(q4.label_zh(), "2026年第4季度");
        assert_eq!(h1.label_zh(), "2028年上半年");
        assert_eq!(year.label_zh(), "2026年");
        assert_eq!(odd.label_zh(), "2026-10-02 至 2026-12-31");
    }

    #[test]
    fn bounds_are_shanghai_midnights() {
        let (start, end) = Period::month(2026, 12)
            .unwrap()
            .bounds(&DeadlinePolicy::default());
        assert_eq!(start.to_rfc3339(), "2026-11-30T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-12-31T16:00:00+00:00");
    }
}
