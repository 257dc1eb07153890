//! What the commands share: the desk, who is logged in, and the clock.

use crate::clock::Clock;
use crate::error::CommandError;
use complaint_core::model::User;
use complaint_core::Desk;
use std::sync::{Mutex, MutexGuard};

/// Managed state of the window.
pub struct AppState {
    desk: Mutex<Desk>,
    session: Mutex<Option<i64>>,
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

    fn session(&self) -> MutexGuard<'_, Option<i64>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records who logged in (or out).
    pub fn set_user(&self, id: Option<i64>) {
        *self.session() = id;
    }

    /// The logged-in user, re-read so that a disabled account stops at once.
    pub fn user(&self, desk: &Desk) -> Result<User, CommandError> {
        let id = (*self.session()).ok_or_else(CommandError::not_logged_in)?;
        desk.user(id).map_err(|e| {
            self.set_user(None);
            e.into()
        })
    }
}
