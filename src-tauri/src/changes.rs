//! On the center's server, the other desks' writes reach this window: a connection of its
//! own listens (`LISTEN`), and each write heard becomes the window's change event, as the
//! desk's own writes do, so that lists and dashboards refresh within a moment. A lost
//! connection is made again every few seconds.

use crate::commands::complaints::CHANGED;
use complaint_core::storage::db::Listener;
use complaint_core::storage::server;
use std::time::Duration;
use tauri::{AppHandle, Emitter};

/// How long a wait for a write lasts before the loop looks again.
const WAIT: Duration = Duration::from_millis(500);
/// How long to wait before connecting again after the connection was lost.
const RETRY: Duration = Duration::from_secs(3);

/// Listens for the other desks' writes on `url` for as long as the app runs.
pub fn listen(app: AppHandle, url: String) {
    // Logged once when lost and once when back, not at every retry.
    let mut lost = false;
    loop {
        let listener = server::connect(&url)
            .map_err(|e| e.to_string())
            .and_then(|client| Listener::new(client).map_err(|e| e.to_string()));
        let why = match listener {
            Ok(mut listener) => {
                if std::mem::take(&mut lost) {
                    crate::log::write("INFO", "change listener: connected again");
                    // What changed while it was away.
                    let _ = app.emit(CHANGED, ());
                }
                loop {
                    match listener.wait(WAIT) {
                        Ok(true) => {
                            let _ = app.emit(CHANGED, ());
                        }
                        Ok(false) => {}
                        Err(e) => break e.to_string(),
                    }
                }
            }
            Err(e) => e,
        };
        if !std::mem::replace(&mut lost, true) {
            crate::log::write("WARN", &format!("change listener: {why}"));
        }
        std::thread::sleep(RETRY);
    }
}

/// A desk on the server that could not be reached at start tries again every few seconds;
/// once it opens, the window's start-up problem is gone and the window reads everything
/// again (`server-reconnected`).
pub fn reopen(app: AppHandle) {
    use tauri::Manager;
    loop {
        std::thread::sleep(RETRY);
        let state = app.state::<crate::state::AppState>();
        let Some(url) = state.server() else {
            return;
        };
        let opened = complaint_core::Desk::open_server(&url);
        let mut problem = state
            .startup_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if problem.is_none() {
            return; // connected meanwhile by other means
        }
        match opened {
            Ok(desk) => {
                *state.desk() = desk;
                *problem = None;
                drop(problem);
                crate::log::write("INFO", "the center's server is reachable again");
                let _ = app.emit(RECONNECTED, ());
                let _ = app.emit(CHANGED, ());
                return;
            }
            Err(e) => *problem = Some(e.to_string()),
        }
    }
}

/// Emitted once a desk that started without its server has reached it.
pub const RECONNECTED: &str = "server-reconnected";
