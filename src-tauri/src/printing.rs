//! Where printed PDFs come from and go: the bundled font, and writing a file so that a
//! crash mid-write never leaves half a PDF under the chosen name.

use complaint_core::pdf::{self, PdfError, Printed};
use printpdf::ParsedFont;
use std::path::{Path, PathBuf};

/// The bundled print font: `COMPLAINTDESK_FONT`, the app's resource folder, beside the
/// binary, where the `.deb` puts it for a binary in `<prefix>/bin` (the command line has no
/// Tauri app to ask), or the source tree (development and tests).
pub fn font(resource_dir: Option<PathBuf>) -> Result<&'static ParsedFont, PdfError> {
    let relative = Path::new("resources/fonts").join(pdf::FONT_FILE);
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("COMPLAINTDESK_FONT") {
        candidates.push(p.into());
    }
    if let Some(dir) = resource_dir {
        candidates.push(dir.join(&relative));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join(&relative));
        if let Some(prefix) = dir.parent() {
            candidates.push(prefix.join("lib/complaint-desk").join(&relative));
        }
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(&relative));
    let found = candidates
        .iter()
        .find(|p| p.is_file())
        .unwrap_or(&candidates[0]);
    pdf::font(found)
}

/// Writes the PDF next to its destination, then renames it into place.
pub fn write(path: &Path, printed: &Printed) -> std::io::Result<()> {
    let tmp = path.with_extension("pdf.part");
    std::fs::write(&tmp, &printed.bytes)?;
    std::fs::rename(&tmp, path)
}

/// A safe default file name.
pub fn file_name(stem: &str) -> String {
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{clean}.pdf")
}
