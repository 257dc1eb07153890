//! What the commands share: the desk, who is logged in (and whether the desk is
//! locked), and the clock.

use crate::clock::Clock;
use crate::error::{CommandError, ErrorKind};
use chrono::{DateTime, Duration, Utc};
use complaint_core::backup::{RestoreRequest, Restorer};
use complaint_core::model::User;
use complaint_core::seal::Keys;
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
    /// The folder of the database and its backups.
    pub data_dir: std::path::PathBuf,
    /// Why the database could not be opened at start-up (the desk is then empty, in memory).
    pub startup_problem: Mutex<Option<String>>,
    session: Mutex<Option<Session>>,
    printed: Mutex<Vec<std::path::PathBuf>>,
    /// The app's clock.
    pub clock: Clock,
    /// The audit key files.
    pub keys: Keys,
    /// Where the desk's data is (its file, or the center's server).
    target: Mutex<crate::connection::Target>,
    /// The app's configuration folder (key files, the server's connection file).
    pub config_dir: std::path::PathBuf,
}

impl AppState {
    /// Over an opened desk.
    pub fn new(
        desk: Desk,
        clock: Clock,
        data_dir: std::path::PathBuf,
        keys: Keys,
        startup_problem: Option<String>,
    ) -> Self {
        Self {
            desk: Mutex::new(desk),
            startup_problem: Mutex::new(startup_problem),
            session: Mutex::new(None),
            printed: Mutex::new(Vec::new()),
            target: Mutex::new(crate::connection::Target::File(
                data_dir.join(complaint_core::storage::DB_FILE),
            )),
            config_dir: keys.dir().to_owned(),
            data_dir,
            clock,
            keys,
        }
    }

    /// The same state, with the desk's data at `target`.
    pub fn on(self, target: crate::connection::Target) -> Self {
        self.retarget(target);
        self
    }

    /// From now on the desk's data is at `target`.
    pub fn retarget(&self, target: crate::connection::Target) {
        *self.target.lock().unwrap_or_else(|p| p.into_inner()) = target;
    }

    /// The center's server's connection string, when the desk works on one.
    pub fn server(&self) -> Option<String> {
        self.target
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .server()
            .map(str::to_owned)
    }

    /// The desk (a poisoned lock still holds a consistent database: every write is a transaction).
    pub fn desk(&self) -> MutexGuard<'_, Desk> {
        self.desk.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The live database file.
    pub fn db_path(&self) -> std::path::PathBuf {
        self.data_dir.join(complaint_core::storage::DB_FILE)
    }

    /// The automatic backups' folder.
    pub fn backups_dir(&self) -> std::path::PathBuf {
        self.data_dir.join("backups")
    }

    /// Replaces the live database with `from` (checked first), keeping the old one aside,
    /// and reopens. The logged-in administrator may restore any file that passes the
    /// checks; from the start-up page (nobody logged in) only this installation's own
    /// backups, or a file whose administrator login `file_admin` gives. After a restore
    /// everyone is logged out.
    pub fn restore(
        &self,
        from: &std::path::Path,
        file_admin: Option<(&str, &str)>,
    ) -> Result<complaint_core::backup::RestoreReport, CommandError> {
        if self.server().is_some() {
            return Err(CommandError::new(
                ErrorKind::InvalidState,
                "本工作台连接中心服务器：服务器上的数据由服务器管理员从服务器的备份恢复，不能在本机恢复",
                "This desk works on the center's server: its data is restored from the server's own backups by its administrator, not on this computer",
            ));
        }
        let mut desk = self.desk();
        let tz = desk
            .tz()
            .unwrap_or_else(|_| complaint_core::deadline::DeadlinePolicy::default().tz());
        let user = self.user(&desk).ok();
        let by = match (&user, file_admin) {
            (Some(u), _) => Restorer::Administrator {
                id: u.id,
                name: &u.display_name,
            },
            (None, Some((username, password))) => {
                Restorer::FileAdministrator { username, password }
            }
            (None, None) => Restorer::Nobody,
        };
        let now = self.clock.now();
        // Close the live file (and give up its lock) before it is replaced.
        *desk = Desk::in_memory()?;
        let result = complaint_core::backup::restore(&RestoreRequest {
            live: &self.db_path(),
            from,
            backups_dir: &self.backups_dir(),
            keys: &self.keys,
            by,
            now,
            tz,
        });
        let problem = match Desk::open_sealed(&self.db_path(), self.keys.clone(), now) {
            Ok(reopened) => {
                *desk = reopened;
                None
            }
            Err(e) => Some(e.to_string()),
        };
        *self
            .startup_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = problem;
        if result.is_ok() {
            self.set_user(None);
            self.forget_printed();
        }
        result.map_err(CommandError::from)
    }

    /// Forgets what this session printed (at logout: the next person may not open it).
    pub fn forget_printed(&self) {
        self.printed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Remembers a file this session printed (only those may be opened from the page).
    pub fn remember_printed(&self, path: std::path::PathBuf) {
        self.printed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(path);
    }

    /// Whether this session printed `path`.
    pub fn was_printed(&self, path: &std::path::Path) -> bool {
        self.printed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|p| p == path)
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
        self.is_locked_at(desk, self.clock.now())
    }

    fn is_locked_at(&self, desk: &Desk, now: DateTime<Utc>) -> bool {
        let mut guard = self.session();
        let Some(s) = guard.as_mut() else {
            return false;
        };
        let idle = Duration::minutes(desk.idle_lock_minutes().map_or(10, i64::from));
        if now - s.last_activity > idle {
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

    /// Who acts, checked before a command does anything else (a dialog, a file, a font):
    /// without a login nothing happens.
    pub fn acting_user(&self) -> Result<User, CommandError> {
        let desk = self.desk();
        self.user(&desk)
    }

    /// The user acting now: logged in, not locked, not disabled.
    pub fn user(&self, desk: &Desk) -> Result<User, CommandError> {
        if self.is_locked(desk) {
            return Err(CommandError::new(
                ErrorKind::Locked,
                "工作台已锁定，请输入密码解锁",
                "The desk is locked: enter your password to unlock it",
            ));
        }
        let id = self.user_id().ok_or_else(CommandError::not_logged_in)?;
        desk.user(id).map_err(|e| match e {
            // The store failed (the center's server out of reach), not the session: the
            // person stays logged in for when it is back.
            complaint_core::DeskError::Storage(_) => CommandError::from(e),
            // The account vanished under the session (a restore): log in again.
            complaint_core::DeskError::NotFound(_) => {
                self.set_user(None);
                CommandError::not_logged_in()
            }
            other => {
                self.set_user(None);
                CommandError::from(other)
            }
        })
    }

    /// The person at the desk typed or clicked: the idle timer starts again. Only this
    /// counts as activity, not the window's own refreshes.
    pub fn touch(&self) {
        if let Some(s) = self.session().as_mut() {
            if !s.locked {
                s.last_activity = self.clock.now();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use complaint_core::desk::SetupInput;

    fn state() -> (tempfile::TempDir, AppState, User) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
        let input = SetupInput {
            center_name: "测试中心".into(),
            admin_username: "admin".into(),
            admin_display_name: "管理员".into(),
            admin_password: "Admin@12345".into(),
        };
        let admin = desk.setup(&input, Utc::now()).unwrap();
        let data_dir = dir.path().to_path_buf();
        let keys = Keys::new(dir.path().join("keys"));
        (
            dir,
            AppState::new(desk, Clock::from_env(), data_dir, keys, None),
            admin,
        )
    }

    #[test]
    fn a_desk_that_slept_overnight_is_locked_when_it_wakes() {
        let (_dir, mut state, admin) = state();
        let t0: DateTime<Utc> = "2026-11-28T09:00:00Z".parse().unwrap();
        let (wall, source) = crate::clock::hand_clock(t0.timestamp_millis());
        state.clock = Clock::with_source(source, None);
        state.set_user(Some(admin.id));
        assert!(state.user(&state.desk()).is_ok());
        // Suspended for nine hours: the wall clock moved, a monotonic one would not have.
        wall.fetch_add(
            Duration::hours(9).num_milliseconds(),
            std::sync::atomic::Ordering::SeqCst,
        );
        assert_eq!(state.clock.now(), t0 + Duration::hours(9));
        assert_eq!(
            state.user(&state.desk()).unwrap_err().kind,
            ErrorKind::Locked
        );
    }

    #[test]
    fn idle_time_locks_and_commands_cannot_get_round_it() {
        let (_dir, state, admin) = state();
        state.set_user(Some(admin.id));
        let desk = state.desk();
        assert_eq!(state.user(&desk).unwrap().id, admin.id);
        state.touch();
        let now = state.clock.now();
        assert!(!state.is_locked_at(&desk, now + Duration::minutes(10) - Duration::seconds(1)));
        assert!(state.is_locked_at(&desk, now + Duration::minutes(10) + Duration::seconds(1)));
        // Once locked, every command is refused until unlocked, whatever the clock says.
        let err = state.user(&desk).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Locked);
        drop(desk);
        state.unlock();
        assert!(state.user(&state.desk()).is_ok());
        state.lock();
        assert_eq!(
            state.user(&state.desk()).unwrap_err().kind,
            ErrorKind::Locked
        );
        state.set_user(None);
        assert_eq!(
            state.user(&state.desk()).unwrap_err().kind,
            ErrorKind::SessionExpired
        );
    }
}
