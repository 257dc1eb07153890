//! The invariants ARCHITECTURE.md states, checked on the source: the core never reads the
//! machine's clock and keeps no process-wide global, and SQL is written only in
//! `core::storage`. Test modules (from a file's top-level `#[cfg(test)]` on) and comments
//! are not looked at.

use std::path::{Path, PathBuf};

/// Reading the machine's clock: "now" is an argument in the core.
const CLOCK: &[&str] = &["SystemTime::now", "Utc::now", "Local::now", "Instant::now"];
/// Process-wide state.
const GLOBAL: &[&str] = &["static ", "thread_local!", "lazy_static!"];
/// Running SQL, or writing it.
const SQL: &[&str] = &[
    ".execute(",
    ".execute_batch(",
    ".prepare(",
    ".prepare_cached(",
    ".query_row(",
    ".query_map(",
    ".pragma_update(",
    ".pragma_query",
    "\"SELECT ",
    "\"INSERT ",
    "\"UPDATE ",
    "\"DELETE ",
    "\"CREATE ",
    "\"PRAGMA ",
];

/// The lines of `source` that hold one of `needles`, outside comments and tests.
fn breaches(source: &str, needles: &[&str]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        if line == "#[cfg(test)]" {
            break;
        }
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" //").next().unwrap_or(code);
        let global = needles == GLOBAL
            && (code.starts_with("static ")
                || code.starts_with("pub static ")
                || code.starts_with("pub(crate) static ")
                || code.contains("thread_local!")
                || code.contains("lazy_static!"));
        if global || (needles != GLOBAL && needles.iter().any(|w| code.contains(w))) {
            found.push((n + 1, line.trim().to_owned()));
        }
    }
    found
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn report(files: &[PathBuf], needles: &[&str], skip: impl Fn(&Path) -> bool) -> Vec<String> {
    files
        .iter()
        .filter(|f| !skip(f))
        .flat_map(|f| {
            let source = std::fs::read_to_string(f).unwrap();
            breaches(&source, needles)
                .into_iter()
                .map(move |(n, line)| format!("{}:{n}: {line}", f.display()))
        })
        .collect()
}

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_core_never_reads_the_machine_clock() {
    let found = report(&rust_files(&core_src()), CLOCK, |_| false);
    assert!(
        found.is_empty(),
        "the core reads the clock:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_core_keeps_no_process_wide_global() {
    let found = report(&rust_files(&core_src()), GLOBAL, |_| false);
    assert!(
        found.is_empty(),
        "globals in the core:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_core_storage_writes_sql() {
    let storage = core_src().join("storage");
    let shell = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = rust_files(&core_src());
    files.extend(rust_files(&shell));
    let found = report(&files, SQL, |f| f.starts_with(&storage));
    assert!(
        found.is_empty(),
        "SQL outside core::storage:\n{}",
        found.join("\n")
    );
}

/// The checks find what they look for (they would be no checks otherwise).
#[test]
fn the_checks_see_a_breach() {
    let source = "fn a() {\n    let now = chrono::Utc::now();\n    // Utc::now in a comment\n}\nstatic CACHE: OnceLock<u8> = OnceLock::new();\nfn b(c: &Connection) { c.execute(\"DELETE FROM x\", []); }\n#[cfg(test)]\nfn t() { Utc::now(); }\n";
    assert_eq!(breaches(source, CLOCK).len(), 1);
    assert_eq!(breaches(source, GLOBAL).len(), 1);
    assert_eq!(breaches(source, SQL).len(), 1);
}
