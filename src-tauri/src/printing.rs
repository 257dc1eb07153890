//! Where printed PDFs come from and go: the bundled font, and writing a file so that a
//! crash mid-write never leaves half a PDF under the chosen name.

use complaint_core::pdf::{self, PdfError, Printed};
use printpdf::ParsedFont;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    parsed(found)
}

/// The font at `path`, parsed on its first use and kept for the process (a font per path:
/// in practice one).
fn parsed(path: &Path) -> Result<&'static ParsedFont, PdfError> {
    static FONTS: Mutex<Vec<(PathBuf, &'static ParsedFont)>> = Mutex::new(Vec::new());
    let mut fonts = FONTS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, font)) = fonts.iter().find(|(p, _)| p == path) {
        return Ok(font);
    }
    let font: &'static ParsedFont = Box::leak(Box::new(pdf::load_font(path)?));
    fonts.push((path.to_path_buf(), font));
    Ok(font)
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
