//! The app's clock: the system's real-time clock, read afresh at every call, so that a PC
//! that slept overnight or had its time corrected (NTP) is right at once. For tests and
//! demos, `COMPLAINTDESK_START_TIME` (RFC 3339) sets where the clock stood at launch: it is
//! kept as an offset from the wall clock, so the app's time still follows every jump of
//! the real one.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

/// Where the wall-clock reading comes from: the system, or a test's own.
type Source = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Where "now" comes from; passed to every core call.
#[derive(Clone)]
pub struct Clock {
    source: Source,
    /// Added to every reading (`COMPLAINTDESK_START_TIME` minus the wall clock at launch).
    offset: Duration,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock")
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

impl Clock {
    /// The system clock, shifted when `COMPLAINTDESK_START_TIME` is set; an unreadable start
    /// time is reported and the system time used.
    pub fn from_env() -> Self {
        let start = crate::hooks::var("COMPLAINTDESK_START_TIME")
            .and_then(|raw| raw.into_string().ok())
            .and_then(|raw| match DateTime::parse_from_rfc3339(raw.trim()) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(e) => {
                    eprintln!("COMPLAINTDESK_START_TIME 无法识别（{e}），使用系统时间");
                    None
                }
            });
        Self::with_source(Arc::new(Utc::now), start)
    }

    /// A clock over `source`; with `start`, the first reading is `start` and later ones
    /// follow the source's moves.
    pub fn with_source(source: Source, start: Option<DateTime<Utc>>) -> Self {
        let offset = start.map_or(Duration::zero(), |s| s - source());
        Self { source, offset }
    }

    /// The current instant: the wall clock read now, plus the start offset.
    pub fn now(&self) -> DateTime<Utc> {
        let wall = (self.source)();
        wall.checked_add_signed(self.offset).unwrap_or(wall)
    }
}

/// A wall clock a test moves by hand, in milliseconds since the epoch.
#[cfg(test)]
pub(crate) fn hand_clock(start_ms: i64) -> (Arc<std::sync::atomic::AtomicI64>, Source) {
    let wall = Arc::new(std::sync::atomic::AtomicI64::new(start_ms));
    let read = wall.clone();
    let source: Source = Arc::new(move || {
        DateTime::from_timestamp_millis(read.load(std::sync::atomic::Ordering::SeqCst))
            .unwrap_or_default()
    });
    (wall, source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn follows_the_wall_clock_through_a_suspend_and_an_ntp_correction() {
        let t0: DateTime<Utc> = "2026-11-28T00:00:00Z".parse().unwrap();
        let (wall, source) = hand_clock(t0.timestamp_millis());
        let clock = Clock::with_source(source, None);
        assert_eq!(clock.now(), t0);
        // The PC sleeps for nine hours: a monotonic clock would not see them.
        wall.fetch_add(Duration::hours(9).num_milliseconds(), Ordering::SeqCst);
        assert_eq!(clock.now(), t0 + Duration::hours(9));
        // NTP sets the clock back two minutes.
        wall.fetch_sub(Duration::minutes(2).num_milliseconds(), Ordering::SeqCst);
        assert_eq!(clock.now(), t0 + Duration::hours(9) - Duration::minutes(2));
    }

    #[test]
    fn a_start_time_is_an_offset_that_still_follows_the_wall_clock() {
        let wall_t0: DateTime<Utc> = "2026-11-29T10:00:00Z".parse().unwrap();
        let start: DateTime<Utc> = "2026-01-05T08:30:00Z".parse().unwrap();
        let (wall, source) = hand_clock(wall_t0.timestamp_millis());
        let clock = Clock::with_source(source, Some(start));
        assert_eq!(clock.now(), start);
        wall.fetch_add(Duration::hours(14).num_milliseconds(), Ordering::SeqCst);
        assert_eq!(clock.now(), start + Duration::hours(14));
    }

    #[test]
    fn the_system_clock_is_read_at_every_call() {
        let clock = Clock::from_env();
        let before = Utc::now();
        let now = clock.now();
        let after = Utc::now();
        if std::env::var_os("COMPLAINTDESK_START_TIME").is_none() {
            assert!(before <= now && now <= after);
        }
    }
}
