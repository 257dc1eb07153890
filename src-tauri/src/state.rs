//! What the commands share: the desk, who is logged in (and whether the desk is
//! locked), and the clock.

use crate::clock::Clock;
use crate::error::{CommandError, ErrorKind};
use chrono::{DateTime, Duration, Utc};
use complaint_core::model::User;
use complaint_core::Desk;
use std::sync::{Mutex, MutexGuard};

/// The logged-in user at the shared desk.
#[derive(Debug, Clone, Copy)]
struct Session {
    user_id: i64,
    last_activity: DateTime<Utc>,
    locked: bool,
}

/// Managed state of the window.
pub struct AppState {
    desk: Mutex<Desk>,
    session: Mutex<Option<Session>>,
    /// The app's clock.
    pub clock: Clock,
}

impl AppState {
    /// Over an opened desk.
    pub fn new(desk: Desk, clock: Clock) -> Self {
        Self {
            desk: Mutex::new(desk),
            session: Mutex::new(None),
            clock,
        }
    }

    /// The desk (a poisoned lock still holds a consistent database: every write is a transaction).
    pub fn desk(&self) -> MutexGuard<'_, Desk> {
        self.desk.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records who logged in, or that nobody is.
    pub fn set_user(&self, id: Option<i64>) {
        *self.session() = id.map(|user_id| Session {
            user_id,
            last_activity: self.clock.now(),
            locked: false,
        });
    }

    /// Locks the desk: the same user must give their password again.
    pub fn lock(&self) {
        if let Some(s) = self.session().as_mut() {
            s.locked = true;
        }
    }

    /// Whether the desk is locked, counting idle time: every command goes through here,
    /// so calling commands cannot get round the lock.
    pub fn is_locked(&self, desk: &Desk) -> bool {
        let mut guard = self.session();
        let Some(s) = guard.as_mut() else {
            return false;
        };
        let idle = Duration::minutes(desk.idle_lock_minutes().map_or(10, i64::from));
        if self.clock.now() - s.last_activity > idle {
            s.locked = true;
        }
        s.locked
    }

    /// Unlocks for the same user; the caller has checked the password.
    pub fn unlock(&self) {
        if let Some(s) = self.session().as_mut() {
            s.locked = false;
            s.last_activity = self.clock.now();
        }
    }

    /// The id of whoever is logged in, locked or not.
    pub fn user_id(&self) -> Option<i64> {
        self.session().map(|s| s.user_id)
    }

    /// The user acting now: logged in, not locked, not disabled. Counts as activity.
    pub fn user(&self, desk: &Desk) -> Result<User, CommandError> {
        if self.is_locked(desk) {
            return Err(CommandError::new(
                ErrorKind::Locked,
                "工作台已锁定，请输入密码解锁",
            ));
        }
        let id = self.user_id().ok_or_else(CommandError::not_logged_in)?;
        let user = desk.user(id).map_err(|e| {
            self.set_user(None);
            CommandError::from(e)
        })?;
        if let Some(s) = self.session().as_mut() {
            s.last_activity = self.clock.now();
        }
        Ok(user)
    }
}
