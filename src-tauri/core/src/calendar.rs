//! 工作日历: office hours per weekday, public holidays and 调休 make-up working days, and
//! the working-time arithmetic deadlines counted in working time use.
//!
//! Times are local to the center (the policy's zone). A working day is a weekday with
//! office hours that is not a holiday, or a make-up day (调休: a Saturday or Sunday worked,
//! with the office hours of a regular working day). Arithmetic never walks minutes or
//! hours: over long spans it counts whole weeks at once (the weekly pattern times the
//! weeks, corrected by the holidays and 调休 days that fall in them, found by binary
//! search in the sorted lists), and walks working days only for the last two weeks or
//! so. Every walk stops after [`SPAN_DAYS`] calendar days: a calendar with no working day
//! at all cannot hang a deadline, it holds it at that span.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most calendar days any working-time step looks ahead (ten years).
pub const SPAN_DAYS: u64 = 3660;

/// The center's working calendar, as the administrator keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkCalendar {
    /// Office hours Monday to Sunday, `HH:MM-HH:MM`, or empty for a day off.
    pub weekly: Vec<String>,
    /// Public holidays (days off, even on a weekday).
    #[ts(type = "Array<string>")]
    pub holidays: Vec<NaiveDate>,
    /// 调休: weekend days worked, with the office hours of the first working weekday.
    #[ts(type = "Array<string>")]
    pub workdays: Vec<NaiveDate>,
}

impl Default for WorkCalendar {
    /// 08:30–17:30 Monday to Friday, with the State Council's arrangement for 2026.
    fn default() -> Self {
        let hours = "08:30-17:30".to_owned();
        let mut weekly = vec![hours; 5];
        weekly.extend([String::new(), String::new()]);
        let (holidays, workdays) = arrangements();
        Self {
            weekly,
            holidays,
            workdays,
        }
    }
}

/// The State Council's holiday arrangement for 2026 (国办发明电〔2025〕7号): days off, then
/// make-up working days.
fn arrangements() -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day);
    let span = |m: u32, from: u32, to: u32| (from..=to).filter_map(move |x| d(m, x));
    let holidays = span(1, 1, 3)
        .chain(span(2, 15, 23))
        .chain(span(4, 4, 6))
        .chain(span(5, 1, 5))
        .chain(span(6, 19, 21))
        .chain(span(9, 25, 27))
        .chain(span(10, 1, 7))
        .collect();
    let workdays = [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)]
        .into_iter()
        .filter_map(|(m, day)| d(m, day))
        .collect();
    (holidays, workdays)
}

/// From this month on, the calendar is expected to list next year's holidays: the State
/// Council publishes the arrangement for the next year in October to December.
pub const NEXT_YEAR_FROM_MONTH: u32 = 11;

/// A year the calendar lists no public holiday for: working-time deadlines would count
/// its holidays as working days until the administrator enters or imports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalendarGap {
    /// The year without holidays.
    pub year: i32,
    /// The year has begun: deadlines counted now already miss its holidays (otherwise it
    /// is next year, from [`NEXT_YEAR_FROM_MONTH`] on).
    pub begun: bool,
}

impl WorkCalendar {
    /// The first year, from `today`'s (and next year's from [`NEXT_YEAR_FROM_MONTH`] on),
    /// for which the calendar lists no public holiday.
    pub fn gap(&self, today: NaiveDate) -> Option<CalendarGap> {
        let listed = |year: i32| self.holidays.iter().any(|d| d.year() == year);
        let year = today.year();
        if !listed(year) {
            return Some(CalendarGap { year, begun: true });
        }
        (today.month() >= NEXT_YEAR_FROM_MONTH && !listed(year + 1)).then_some(CalendarGap {
            year: year + 1,
            begun: false,
        })
    }
}

/// Parses `HH:MM-HH:MM` (opening before closing).
fn hours(raw: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (open, close) = raw.trim().split_once('-')?;
    let open = NaiveTime::parse_from_str(open.trim(), "%H:%M").ok()?;
    let close = NaiveTime::parse_from_str(close.trim(), "%H:%M").ok()?;
    (open < close).then_some((open, close))
}

/// One line of an imported calendar file: `2026-10-01 休` / `2026-10-10 班`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A day off.
    Holiday,
    /// A make-up working day.
    Workday,
}

/// Reads a calendar file: one date and kind per line (`休`/`假`/`holiday` or
/// `班`/`workday`), `#` comments and blank lines ignored. `Err` names the first bad line.
pub fn parse_days(text: &str) -> Result<Vec<(NaiveDate, DayKind)>, usize> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let date = parts
            .next()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let kind = match parts.next().map(str::to_lowercase).as_deref() {
            Some("休" | "假" | "holiday" | "off") => Some(DayKind::Holiday),
            Some("班" | "workday" | "work") => Some(DayKind::Workday),
            _ => None,
        };
        match (date, kind, parts.next()) {
            (Some(date), Some(kind), None) => out.push((date, kind)),
            _ => return Err(n + 1),
        }
    }
    Ok(out)
}

/// The holidays and make-up working days of an imported calendar file, for the policy
/// editor to merge into the calendar it edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportedDays {
    /// Days off.
    #[ts(type = "Array<string>")]
    pub holidays: Vec<NaiveDate>,
    /// 调休 working days.
    #[ts(type = "Array<string>")]
    pub workdays: Vec<NaiveDate>,
}

/// The most a calendar file may hold (a year's arrangement is a few dozen lines).
pub const IMPORT_MAX_BYTES: usize = 64 * 1024;

/// Reads a calendar file for the policy editor: [`parse_days`] within bounds, each date
/// between 2000 and 2100, sorted, a date named twice kept once. `Err` is the 1-based line
/// at fault (0: the file is too large or holds no date).
pub fn import_days(text: &str) -> Result<ImportedDays, usize> {
    if text.len() > IMPORT_MAX_BYTES {
        return Err(0);
    }
    let (Some(lo), Some(hi)) = (
        NaiveDate::from_ymd_opt(2000, 1, 1),
        NaiveDate::from_ymd_opt(2100, 12, 31),
    ) else {
        return Err(0);
    };
    let mut out = ImportedDays::default();
    for (n, line) in text.lines().enumerate() {
        for (date, kind) in parse_days(line).map_err(|_| n + 1)? {
            if !(lo..=hi).contains(&date) {
                return Err(n + 1);
            }
            match kind {
                DayKind::Holiday => out.holidays.push(date),
                DayKind::Workday => out.workdays.push(date),
            }
        }
    }
    for list in [&mut out.holidays, &mut out.workdays] {
        list.sort();
        list.dedup();
    }
    if out.holidays.is_empty() && out.workdays.is_empty() {
        return Err(0);
    }
    if let Some(both) = out.holidays.iter().find(|d| out.workdays.contains(d)) {
        let line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(&both.format("%Y-%m-%d").to_string()))
            .last()
            .map_or(0, |(i, _)| i + 1);
        return Err(line);
    }
    Ok(out)
}

/// A calendar ready for arithmetic, borrowing the dates (made for each deadline asked,
/// so it allocates nothing).
#[derive(Debug, Clone)]
pub struct Calendar<'a> {
    tz: Tz,
    weekly: [Option<(NaiveTime, NaiveTime)>; 7],
    holidays: &'a [NaiveDate],
    workdays: &'a [NaiveDate],
    makeup: Option<(NaiveTime, NaiveTime)>,
    /// Both lists strictly ascending (as saved): whole weeks may be counted at once.
    sorted: bool,
}

/// Office minutes of a day's hours.
fn minutes_of(h: Option<(NaiveTime, NaiveTime)>) -> i64 {
    h.map_or(0, |(open, close)| (close - open).num_minutes())
}

/// Strictly ascending.
fn ascending(days: &[NaiveDate]) -> bool {
    days.windows(2).all(|w| w[0] < w[1])
}

/// The part of ascending `days` within `[from, to)`.
fn within(days: &[NaiveDate], from: NaiveDate, to: NaiveDate) -> &[NaiveDate] {
    let a = days.partition_point(|d| *d < from);
    let b = days.partition_point(|d| *d < to);
    &days[a..b.max(a)]
}

impl WorkCalendar {
    /// Checks what an administrator typed; `Err` names the first bad weekday (0 = Monday)
    /// or a day both a holiday and a make-up day.
    pub fn check(&self) -> Result<(), String> {
        if self.weekly.len() != 7 {
            return Err("weekly".into());
        }
        for (i, w) in self.weekly.iter().enumerate() {
            if !w.trim().is_empty() && hours(w).is_none() {
                return Err(format!("weekly.{i}"));
            }
        }
        if let Some(d) = self.holidays.iter().find(|d| self.workdays.contains(d)) {
            return Err(format!("day.{d}"));
        }
        if self.holidays.len() + self.workdays.len() > 2000 {
            return Err("days".into());
        }
        Ok(())
    }

    /// For arithmetic in zone `tz`.
    pub fn in_zone(&self, tz: Tz) -> Calendar<'_> {
        let mut weekly = [None; 7];
        for (slot, raw) in weekly.iter_mut().zip(&self.weekly) {
            *slot = hours(raw);
        }
        Calendar {
            tz,
            makeup: weekly.iter().flatten().next().copied(),
            weekly,
            holidays: &self.holidays,
            workdays: &self.workdays,
            sorted: ascending(&self.holidays) && ascending(&self.workdays),
        }
    }

    /// The lists ascending and without repeats, as they are saved.
    pub fn normalize(&mut self) {
        for list in [&mut self.holidays, &mut self.workdays] {
            list.sort();
            list.dedup();
        }
    }
}

impl Calendar<'_> {
    /// Office hours of `day`, or `None` on a day off.
    pub fn hours_of(&self, day: NaiveDate) -> Option<(NaiveTime, NaiveTime)> {
        let listed = |days: &[NaiveDate]| {
            if self.sorted {
                days.binary_search(&day).is_ok()
            } else {
                days.contains(&day)
            }
        };
        if listed(self.holidays) {
            return None;
        }
        if listed(self.workdays) {
            return self.makeup;
        }
        self.regular(day)
    }

    /// The weekly pattern's hours of `day`.
    fn regular(&self, day: NaiveDate) -> Option<(NaiveTime, NaiveTime)> {
        self.weekly[day.weekday().num_days_from_monday() as usize]
    }

    /// Working days and office minutes of a week by the weekly pattern alone; `None`
    /// when whole weeks cannot be counted at once (lists not ascending) or hold no
    /// working time.
    fn per_week(&self) -> Option<(u64, i64)> {
        let days = self.weekly.iter().flatten().count() as u64;
        let minutes: i64 = self.weekly.iter().map(|h| minutes_of(*h)).sum();
        (self.sorted && days > 0 && minutes > 0).then_some((days, minutes))
    }

    /// Working days and office minutes of the `weeks` whole weeks from `from`: the weekly
    /// pattern times the weeks, less the holidays on regular working days, plus the 调休
    /// days (with the make-up hours in place of their regular ones). One pass over the
    /// listed days in the span, none over the days.
    fn block(&self, from: NaiveDate, weeks: u64) -> Option<(u64, i64)> {
        let (week_days, week_minutes) = self.per_week()?;
        let to = from.checked_add_days(Days::new(weeks.checked_mul(7)?))?;
        let mut days = week_days.checked_mul(weeks)? as i64;
        let mut minutes = week_minutes.checked_mul(weeks as i64)?;
        let holidays = within(self.holidays, from, to);
        for d in holidays {
            if let Some(h) = self.regular(*d) {
                days -= 1;
                minutes -= minutes_of(Some(h));
            }
        }
        for d in within(self.workdays, from, to) {
            if holidays.binary_search(d).is_ok() {
                continue; // a holiday wins, as in `hours_of`
            }
            let regular = self.regular(*d);
            if regular.is_none() && self.makeup.is_some() {
                days += 1;
            } else if regular.is_some() && self.makeup.is_none() {
                days -= 1;
            }
            minutes += minutes_of(self.makeup) - minutes_of(regular);
        }
        Some((days.max(0) as u64, minutes.max(0)))
    }

    fn at(&self, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        local(self.tz, day.and_time(time))
    }

    /// The first working day on or after `day`, with its hours.
    fn working_on_or_after(&self, day: NaiveDate) -> Option<(NaiveDate, (NaiveTime, NaiveTime))> {
        (0..SPAN_DAYS).find_map(|n| {
            let d = day.checked_add_days(Days::new(n))?;
            self.hours_of(d).map(|h| (d, h))
        })
    }

    /// The working moment at or after `t`: `t` itself in office hours, otherwise the next
    /// opening. This is where a clock started after hours starts.
    pub fn start(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let local = t.with_timezone(&self.tz).naive_local();
        let (day, time) = (local.date(), local.time());
        if let Some((open, close)) = self.hours_of(day) {
            if time < open {
                return self.at(day, open);
            }
            if time < close {
                return t;
            }
        }
        match day
            .succ_opt()
            .and_then(|next| self.working_on_or_after(next))
        {
            Some((d, (open, _))) => self.at(d, open),
            None => t,
        }
    }

    /// Whether `t` falls in office hours.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        self.start(t) == t
    }

    /// `minutes` of office time after `t` (a clock started after hours starts at the next
    /// opening).
    pub fn add_minutes(&self, t: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        let mut cur = self.start(t);
        let mut left = minutes.max(0);
        for _ in 0..SPAN_DAYS {
            let local = cur.with_timezone(&self.tz).naive_local();
            let Some((_, close)) = self.hours_of(local.date()) else {
                return cur;
            };
            let closing = self.at(local.date(), close);
            let room = (closing - cur).num_minutes().max(0);
            if left <= room {
                return cur + chrono::Duration::minutes(left);
            }
            left -= room;
            cur = self.start(closing);
            // At the opening of a working day: whole weeks at once while far from the end.
            if let Some((_, week_minutes)) = self.per_week() {
                let mut weeks = (left / week_minutes / 2) as u64;
                while weeks >= 2 {
                    let day = cur.with_timezone(&self.tz).date_naive();
                    match self.block(day, weeks) {
                        Some((_, m)) if m < left => {
                            let Some(next) = day.checked_add_days(Days::new(weeks * 7)) else {
                                return cur;
                            };
                            left -= m;
                            cur = self.start(self.at(next, NaiveTime::MIN));
                            weeks = (left / week_minutes / 2) as u64;
                        }
                        Some(_) => weeks /= 2,
                        None => break,
                    }
                }
            }
        }
        cur
    }

    /// `days` working days after `t`: the same time of day on the `days`-th working day
    /// after the day the clock starts (a clock started after hours starts at the next
    /// opening).
    pub fn add_days(&self, t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
        let start = self.start(t);
        let local = start.with_timezone(&self.tz).naive_local();
        match self.nth_working_day_after(local.date(), days.max(0) as u64) {
            Some((day, (_, close))) => self.at(day, local.time().min(close)),
            None => start,
        }
    }

    /// The closing time of the working day the clock starts on, `extra` working days
    /// later: "the same day" in working time.
    pub fn end_of_day(&self, t: DateTime<Utc>, extra: i64) -> DateTime<Utc> {
        let start = self.start(t);
        let day = start.with_timezone(&self.tz).date_naive();
        match self.nth_working_day_after(day, extra.max(0) as u64) {
            Some((d, (_, close))) => self.at(d, close),
            None => start,
        }
    }

    /// Office minutes between `from` and `to` (none when `to` is not after `from`).
    pub fn minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let mut total = 0;
        let mut cur = self.start(from);
        for _ in 0..SPAN_DAYS {
            if cur >= to {
                break;
            }
            let local = cur.with_timezone(&self.tz).naive_local();
            let Some((_, close)) = self.hours_of(local.date()) else {
                break;
            };
            let closing = self.at(local.date(), close).min(to);
            total += (closing - cur).num_minutes().max(0);
            cur = self.start(self.at(local.date(), close));
            // At the opening of a working day: whole weeks at once, leaving the last one
            // or two to the walk.
            if self.per_week().is_some() && cur < to {
                let day = cur.with_timezone(&self.tz).date_naive();
                let last = to.with_timezone(&self.tz).date_naive();
                let weeks = ((last - day).num_days() / 7 - 1).max(0) as u64;
                if weeks >= 2 {
                    let (Some((_, m)), Some(next)) = (
                        self.block(day, weeks),
                        day.checked_add_days(Days::new(weeks * 7)),
                    ) else {
                        break;
                    };
                    total += m;
                    cur = self.start(self.at(next, NaiveTime::MIN));
                }
            }
        }
        total
    }

    /// The `n`-th working day after `day` (`n = 0`: `day` itself when it is one).
    fn nth_working_day_after(
        &self,
        day: NaiveDate,
        n: u64,
    ) -> Option<(NaiveDate, (NaiveTime, NaiveTime))> {
        let (mut d, mut h) = self.working_on_or_after(day)?;
        let mut left = n;
        // Whole weeks at once from the day after, while well short of the n-th.
        if let Some((week_days, _)) = self.per_week() {
            let mut weeks = left / week_days / 2;
            while weeks >= 2 {
                let from = d.succ_opt()?;
                match self.block(from, weeks) {
                    Some((days, _)) if days < left => {
                        let last = from.checked_add_days(Days::new(weeks * 7 - 1))?;
                        left -= days;
                        // `last` stands in for the working day counted last: the walk
                        // below goes on from the day after it.
                        d = last;
                        weeks = left / week_days / 2;
                    }
                    Some(_) => weeks /= 2,
                    None => break,
                }
            }
        }
        for _ in 0..left {
            (d, h) = self.working_on_or_after(d.succ_opt()?)?;
        }
        Some((d, h))
    }
}

/// A local wall-clock time as an instant (the earlier of an ambiguous one; a time in a
/// gap is taken an hour later).
fn local(tz: Tz, t: NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(t + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| Utc.from_utc_datetime(&t), |l| l.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The day-by-day walks the whole-week counting replaced: the reference it must agree
    /// with.
    mod walk {
        use super::*;

        pub fn add_minutes(c: &Calendar, t: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
            let mut cur = c.start(t);
            let mut left = minutes.max(0);
            for _ in 0..SPAN_DAYS {
                let local = cur.with_timezone(&c.tz).naive_local();
                let Some((_, close)) = c.hours_of(local.date()) else {
                    return cur;
                };
                let closing = c.at(local.date(), close);
                let room = (closing - cur).num_minutes().max(0);
                if left <= room {
                    return cur + chrono::Duration::minutes(left);
                }
                left -= room;
                cur = c.start(closing);
            }
            cur
        }

        pub fn minutes_between(c: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
            let mut total = 0;
            let mut cur = c.start(from);
            for _ in 0..SPAN_DAYS {
                if cur >= to {
                    break;
                }
                let local = cur.with_timezone(&c.tz).naive_local();
                let Some((_, close)) = c.hours_of(local.date()) else {
                    break;
                };
                let closing = c.at(local.date(), close).min(to);
                total += (closing - cur).num_minutes().max(0);
                cur = c.start(c.at(local.date(), close));
            }
            total
        }

        pub fn nth(c: &Calendar, day: NaiveDate, n: u64) -> Option<NaiveDate> {
            let (mut d, _) = c.working_on_or_after(day)?;
            for _ in 0..n {
                (d, _) = c.working_on_or_after(d.succ_opt()?)?;
            }
            Some(d)
        }
    }

    /// A calendar of random office hours (some days off) and random holidays and 调休
    /// days in 2026–2027, saved as the editor saves it.
    fn any_calendar() -> impl Strategy<Value = WorkCalendar> {
        let hours = prop_oneof![
            Just(String::new()),
            Just("08:30-17:30".to_owned()),
            Just("09:00-12:00".to_owned()),
            Just("00:00-23:59".to_owned()),
        ];
        let day =
            (0u64..730).prop_map(|n| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(n));
        (
            proptest::collection::vec(hours, 7),
            proptest::collection::vec(day.clone(), 0..80),
            proptest::collection::vec(day, 0..20),
        )
            .prop_map(|(weekly, holidays, workdays)| {
                let mut c = WorkCalendar {
                    weekly,
                    holidays,
                    workdays,
                };
                c.workdays.retain(|d| !c.holidays.contains(d));
                c.normalize();
                c
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Counting whole weeks at once gives what walking the days gives, to the minute.
        #[test]
        fn whole_weeks_agree_with_the_walk(
            cal in any_calendar(),
            start in 0i64..(730 * 24 * 60),
            minutes in 0i64..400_000,
            days in 0u64..500,
            span in 0i64..(800 * 24 * 60),
        ) {
            let c = cal.in_zone(chrono_tz::Asia::Shanghai);
            let t = sh("2026-01-01 00:00") + chrono::Duration::minutes(start);
            prop_assert_eq!(c.add_minutes(t, minutes), walk::add_minutes(&c, t, minutes));
            let to = t + chrono::Duration::minutes(span);
            prop_assert_eq!(c.minutes_between(t, to), walk::minutes_between(&c, t, to));
            let day = t.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
            prop_assert_eq!(
                c.nth_working_day_after(day, days).map(|(d, _)| d),
                walk::nth(&c, day, days)
            );
        }
    }

    fn sh(s: &str) -> DateTime<Utc> {
        local(
            chrono_tz::Asia::Shanghai,
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
        )
    }

    fn cal() -> Calendar<'static> {
        Box::leak(Box::new(WorkCalendar::default())).in_zone(chrono_tz::Asia::Shanghai)
    }

    /// (what, from, step, expected), Shanghai local times.
    #[test]
    fn working_time_across_nights_weekends_and_the_spring_festival() {
        let c = cal();
        let rows: [(&str, &str, &str, &str); 14] = [
            // Dispatch in 10 office minutes.
            ("in hours", "2026-03-02 10:00", "min 10", "2026-03-02 10:10"),
            ("at 23:40", "2026-03-02 23:40", "min 10", "2026-03-03 08:40"),
            (
                "before opening",
                "2026-03-03 07:00",
                "min 10",
                "2026-03-03 08:40",
            ),
            (
                "across closing",
                "2026-03-02 17:25",
                "min 10",
                "2026-03-03 08:35",
            ),
            (
                "Friday evening",
                "2026-03-06 17:25",
                "min 10",
                "2026-03-09 08:35",
            ),
            ("Saturday", "2026-03-07 11:00", "min 10", "2026-03-09 08:40"),
            // Handling in working days: same time on the n-th working day.
            ("2 days", "2026-03-05 16:00", "days 2", "2026-03-09 16:00"),
            (
                "after hours",
                "2026-03-05 20:00",
                "days 2",
                "2026-03-10 08:30",
            ),
            // The Spring Festival: 2-15 to 2-23 off, 2-14 (Saturday) worked.
            (
                "into the festival",
                "2026-02-13 10:00",
                "days 2",
                "2026-02-24 10:00",
            ),
            (
                "make-up Saturday",
                "2026-02-14 09:00",
                "min 30",
                "2026-02-14 09:30",
            ),
            (
                "3 days over it",
                "2026-02-12 10:00",
                "days 3",
                "2026-02-24 10:00",
            ),
            // "Same day" is the end of the working day (of the next one after hours).
            ("same day", "2026-03-02 10:00", "eod 0", "2026-03-02 17:30"),
            (
                "same day at night",
                "2026-03-02 21:00",
                "eod 0",
                "2026-03-03 17:30",
            ),
            (
                "National Day",
                "2026-09-30 18:00",
                "eod 0",
                "2026-10-08 17:30",
            ),
        ];
        for (what, from, step, expected) in rows {
            let (op, n) = step.split_once(' ').unwrap();
            let n: i64 = n.parse().unwrap();
            let got = match op {
                "min" => c.add_minutes(sh(from), n),
                "days" => c.add_days(sh(from), n),
                _ => c.end_of_day(sh(from), n),
            };
            assert_eq!(got, sh(expected), "{what}: {from} + {step}");
        }
    }

    #[test]
    fn office_minutes_between_two_moments_skip_nights_and_holidays() {
        let c = cal();
        assert_eq!(
            c.minutes_between(sh("2026-03-02 17:00"), sh("2026-03-03 09:00")),
            60
        );
        // A wait from the Friday before the festival to the day after it: 1 day and the
        // make-up Saturday (9 h each) plus 30 minutes.
        assert_eq!(
            c.minutes_between(sh("2026-02-13 08:30"), sh("2026-02-24 09:00")),
            9 * 60 * 2 + 30
        );
        assert_eq!(
            c.minutes_between(sh("2026-03-03 09:00"), sh("2026-03-02 09:00")),
            0
        );
    }

    #[test]
    fn a_calendar_without_working_days_never_hangs() {
        let closed = WorkCalendar {
            weekly: vec![String::new(); 7],
            holidays: Vec::new(),
            workdays: Vec::new(),
        };
        let closed = closed.in_zone(chrono_tz::Asia::Shanghai);
        let t = sh("2026-03-02 10:00");
        assert_eq!(closed.add_minutes(t, 10), t);
        assert_eq!(closed.add_days(t, 2), t);
    }

    #[test]
    fn imported_files_and_checks() {
        let days = parse_days("# 2027\n2027-01-01 休\n2027-01-04 班 # 调休\n\n").unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].1, DayKind::Workday);
        assert_eq!(parse_days("2027-01-01\n"), Err(1));
        assert_eq!(parse_days("ok\n2027-13-01 休"), Err(1));
        let mut w = WorkCalendar::default();
        assert!(w.check().is_ok());
        w.weekly[2] = "17:30-08:30".into();
        assert_eq!(w.check(), Err("weekly.2".into()));
    }
}
