//! The app's log: `<data folder>/logs/complaintdesk.log`, for what the window cannot show
//! or a maintainer must see later — a command that panicked, a background duty that
//! failed. Rotated at [`ROTATE_AT`] bytes to `complaintdesk.log.1` … `.3`.
//!
//! A panic is written here by the panic hook (with its place and backtrace) and still
//! printed to standard error as before. The shell may keep this one global: the core keeps
//! none.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Size at which the log moves to `.1`.
pub const ROTATE_AT: u64 = 1 << 20;
/// Rotated files kept.
pub const KEEP: u32 = 3;
/// The log's file name inside `logs/`.
pub const FILE: &str = "complaintdesk.log";

static PATH: OnceLock<PathBuf> = OnceLock::new();
static WRITING: Mutex<()> = Mutex::new(());

/// Where the log of `data_dir` is.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join("logs").join(FILE)
}

/// The log in use, once [`init`] ran.
pub fn path() -> Option<&'static Path> {
    PATH.get().map(PathBuf::as_path)
}

/// Logs to `data_dir`'s log from now on and installs the panic hook (once per process).
pub fn init(data_dir: &Path) {
    if PATH.set(path_in(data_dir)).is_ok() {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let thread = std::thread::current().name().unwrap_or("?").to_owned();
            write(
                "PANIC",
                &format!(
                    "thread '{thread}' panicked at {place}: {message}\n{}",
                    std::backtrace::Backtrace::force_capture()
                ),
            );
            default(info);
        }));
    }
}

/// Appends one entry; a log that cannot be written is skipped (it must never take the
/// app down with it).
pub fn write(level: &str, what: &str) {
    if let Some(path) = path() {
        let _guard = WRITING.lock().unwrap_or_else(|p| p.into_inner());
        let _ = append(path, level, what);
    }
}

fn append(path: &Path, level: &str, what: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() >= ROTATE_AT) {
        rotate(path);
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    writeln!(file, "{at} {level} {what}")
}

/// `log.2` → `log.3`, `log.1` → `log.2`, `log` → `log.1`; the oldest falls off.
fn rotate(path: &Path) {
    let numbered = |n: u32| PathBuf::from(format!("{}.{n}", path.display()));
    for n in (1..KEEP).rev() {
        let _ = std::fs::rename(numbered(n), numbered(n + 1));
    }
    let _ = std::fs::rename(path, numbered(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_and_keeps_three() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        let line = "x".repeat(64 * 1024);
        for _ in 0..(5 * ROTATE_AT / line.len() as u64) {
            append(&path, "ERROR", &line).unwrap();
        }
        for n in 1..=KEEP {
            let rotated = PathBuf::from(format!("{}.{n}", path.display()));
            assert!(rotated.exists(), "{}", rotated.display());
            assert!(std::fs::metadata(&rotated).unwrap().len() <= ROTATE_AT + 70_000);
        }
        assert!(!PathBuf::from(format!("{}.{}", path.display(), KEEP + 1)).exists());
        assert!(std::fs::metadata(&path).unwrap().len() < ROTATE_AT + 70_000);
    }
}
