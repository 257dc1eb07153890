//! How WebKitGTK paints and caches for the window (Linux only; elsewhere nothing to do).
//!
//! By default WebKitGTK 2.50 composites the page with OpenGL. A desk PC without a usable
//! GPU (and Xvfb) gets Mesa's software OpenGL, which holds far more memory than painting
//! the page directly, and keeps much of it across reloads. The desk's screens are forms
//! and tables, with nothing that needs the GPU, so the window never composites, unless
//! `COMPLAINTDESK_GPU` is set (WebKitGTK's own default, for a PC where it paints better).
//!
//! The page and everything it loads come from the app itself, never from the network,
//! so a memory cache of them gains nothing and WebKit keeps none (the document-viewer
//! cache model).
//!
//! A web process that crashes is started again with the page (once a minute at most).
//!
//! After a logout the login page opens in a new web process (`open_login_in_new_process`):
//! a new page in the same process leaves a little of what the last user's screens held
//! in WebKit's own memory each time (BENCHMARKS.md, "Memory after a day's work"); a new
//! process starts from nothing.

/// A crashed web process is started again with the page at most this often.
#[cfg(target_os = "linux")]
const CRASH_RELOAD_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Sets the window's webview up as said above; a failure is logged, the window works on.
pub fn set_up(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let gpu = std::env::var_os("COMPLAINTDESK_GPU").is_some();
        let outcome = window.with_webview(move |webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt,
                WebProcessTerminationReason, WebViewExt,
            };
            let view = webview.inner();
            // A web process that crashed, or was ended by the system for its memory, leaves
            // a blank window: the page is loaded again in a new one (the backend's session
            // is untouched, so its user is back on their screen). Within a minute of the
            // last time, it is loaded again once that minute is up: a page that ends its
            // process as it loads does not loop.
            let reloaded = std::rc::Rc::new(std::cell::Cell::new(None::<std::time::Instant>));
            view.connect_web_process_terminated(move |view, reason| {
                if reason == WebProcessTerminationReason::TerminatedByApi {
                    return; // open_login_in_new_process loads the login page itself
                }
                let wait = reloaded
                    .get()
                    .map(|at| CRASH_RELOAD_EVERY.saturating_sub(at.elapsed()))
                    .unwrap_or_default();
                crate::log::write(
                    "WARN",
                    &format!(
                        "the window's web process ended ({reason:?}); the page is loaded again in {} s",
                        wait.as_secs()
                    ),
                );
                let (view, reloaded) = (view.clone(), reloaded.clone());
                let reload = move || {
                    reloaded.set(Some(std::time::Instant::now()));
                    view.reload();
                };
                if wait.is_zero() {
                    reload();
                } else {
                    webkit2gtk::glib::timeout_add_local_once(wait, reload);
                }
            });
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            if !gpu {
                if let Some(settings) = WebViewExt::settings(&view) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }
        });
        if let Err(error) = outcome {
            crate::log::write(
                "WARN",
                &format!("the window's webview was not set up: {error}"),
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// Ends the window's web process and opens the app's login page (`#/login`) in a new one.
/// Answers whether it will. It will not (and the page reloads itself instead) when the
/// view is driven by WebDriver, whose session ends with the web process, or where
/// there is no WebKitGTK.
pub fn open_login_in_new_process(window: &tauri::WebviewWindow) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Ok(mut url) = window.url() else {
            return false;
        };
        url.set_fragment(Some("/login"));
        let (answer, answered) = std::sync::mpsc::channel();
        let outcome = window.with_webview(move |webview| {
            use webkit2gtk::WebViewExt;
            let view = webview.inner();
            if view.is_controlled_by_automation() {
                let _ = answer.send(false);
                return;
            }
            if answer.send(true).is_err() {
                return; // the command gave up waiting, and the page reloads itself
            }
            view.terminate_web_process();
            view.load_uri(url.as_str());
        });
        if let Err(error) = outcome {
            crate::log::write(
                "WARN",
                &format!("the login page was not opened in a new web process: {error}"),
            );
            return false;
        }
        answered
            .recv_timeout(std::time::Duration::from_secs(5))
            .unwrap_or(false)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = window;
        false
    }
}
