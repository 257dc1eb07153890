//! The floor of the startup benchmark (`scripts/startup.mjs`): the smallest Tauri 2 window,
//! built with the app's tauri version, plugins left out, showing one static page from a
//! custom protocol. It prints when its page has loaded, as the app does with
//! `COMPLAINTDESK_STARTUP_PROBE`.
//!
//! `cargo build --release -p complaint-desk --example minimal_window`

use std::time::{SystemTime, UNIX_EPOCH};
use tauri::webview::PageLoadEvent;

const PAGE: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">\
    <title>最小窗口</title><body><p>最小的 Tauri 2 窗口</p></body></html>";

fn main() {
    tauri::Builder::default()
        .register_uri_scheme_protocol("minimal", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .setup(|app| {
            let url = tauri::WebviewUrl::CustomProtocol("minimal://localhost/".parse()?);
            tauri::WebviewWindowBuilder::new(app, "main", url)
                .title("最小窗口")
                .inner_size(1280.0, 820.0)
                .on_page_load(|_, payload| {
                    if payload.event() == PageLoadEvent::Finished {
                        let ms = SystemTime::now()
                            .duration_since(UNIX_EPOCH)
                            .map_or(0, |d| d.as_millis());
                        eprintln!("startup-probe page {ms}");
                    }
                })
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the minimal window");
}
