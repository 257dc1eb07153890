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

/// Sets the window's webview up as said above; a failure is logged, the window works on.
pub fn set_up(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let gpu = std::env::var_os("COMPLAINTDESK_GPU").is_some();
        let outcome = window.with_webview(move |webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
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
