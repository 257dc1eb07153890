//! Launch options that only tests, demos and measurements may use: a start time
//! (`COMPLAINTDESK_START_TIME`), folders that stand in for the print and backup dialogs
//! (`COMPLAINTDESK_PRINT_DIR`, `COMPLAINTDESK_BACKUP_DIR`) and the start-up timing probe
//! (`COMPLAINTDESK_STARTUP_PROBE`). They are read only in a build with the cargo feature
//! `test-hooks` (`make test` and the end-to-end tests); the package is built without it,
//! so that no launch option can backdate hash-chained entries or bypass a dialog there.
//! `COMPLAINTDESK_DATA_DIR` and `COMPLAINTDESK_FONT` are settings, not hooks, and are read
//! everywhere.

use std::ffi::OsString;

/// The hook's value, in a build with test hooks; `None` in the package.
#[cfg(feature = "test-hooks")]
pub fn var(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// The hook's value, in a build with test hooks; `None` in the package.
#[cfg(not(feature = "test-hooks"))]
pub fn var(_name: &str) -> Option<OsString> {
    None
}
