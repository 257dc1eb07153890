//! With `COMPLAINTDESK_STARTUP_PROBE` set, the app prints on stderr when its page has
//! loaded and when its first data is answered (`app_status`, which the first screen
//! waits for), as milliseconds since the Unix epoch: what `scripts/startup.mjs` times.
//! Silent otherwise.

use std::sync::Once;
use std::time::{SystemTime, UNIX_EPOCH};

static PAGE: Once = Once::new();
static DATA: Once = Once::new();

fn mark(once: &Once, what: &str) {
    if crate::hooks::var("COMPLAINTDESK_STARTUP_PROBE").is_some() {
        once.call_once(|| {
            let ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            eprintln!("startup-probe {what} {ms}");
        });
    }
}

/// The page has finished loading.
pub fn page_loaded() {
    mark(&PAGE, "page");
}

/// The page's first data is ready to go back to it.
pub fn first_data() {
    mark(&DATA, "data");
}
