//! The app's clock: the system time, or — for tests and demos — a start instant given in
//! `COMPLAINTDESK_START_TIME` (RFC 3339) that runs on from when the app started.

use chrono::{DateTime, Utc};
use std::time::Instant;

/// Where "now" comes from; passed to every core call.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: DateTime<Utc>,
    started: Instant,
}

impl Clock {
    /// From the environment; an unreadable start time is reported and the system time used.
    pub fn from_env() -> Self {
        let start = std::env::var("COMPLAINTDESK_START_TIME")
            .ok()
            .and_then(|raw| match DateTime::parse_from_rfc3339(raw.trim()) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(e) => {
                    eprintln!("COMPLAINTDESK_START_TIME 无法识别（{e}），使用系统时间");
                    None
                }
            });
        Self {
            start: start.unwrap_or_else(Utc::now),
            started: Instant::now(),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.start + chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default()
    }
}
