//! Printed records (SPEC "Records to print"): A4 PDF with the CJK font embedded and
//! subset. The core returns bytes; where they go is the caller's business.

mod flow;
mod form;
mod handover;
pub mod layout;
mod receipt;
mod register;
mod report;
mod urge;

pub use form::{blank_form, complaint_form, human_size, Photo};
pub use handover::{handover_list, HandoverLine};
pub use receipt::{receipt, Receipt};
pub use register::{dispatch_register, RegisterRow};
pub use report::monthly_report;
pub use urge::{urge_notice, Urge};

use layout::{Area, Canvas, Face};
use printpdf::{Mm, ParsedFont, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;
use thiserror::Error;
use ts_rs::TS;

/// The bundled font's file name (Noto Sans CJK SC, OFL-1.1).
pub const FONT_FILE: &str = "NotoSansCJKsc-Regular.otf";

/// What can go wrong while printing.
#[derive(Debug, Error)]
pub enum PdfError {
    /// The font file could not be read.
    #[error("找不到打印字体 {path}：{reason}")]
    FontMissing {
        /// Where it was looked for.
        path: String,
        /// Why it could not be read.
        reason: String,
    },
    /// The font file is not a font this engine reads.
    #[error("打印字体 {0} 无法识别")]
    FontUnreadable(String),
    /// The PDF writer reported an error.
    #[error("生成 PDF 失败：{0}")]
    Write(String),
}

impl PdfError {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            PdfError::FontMissing { path, reason } => {
                format!("The print font {path} cannot be found: {reason}")
            }
            PdfError::FontUnreadable(path) => format!("The print font {path} cannot be read"),
            PdfError::Write(e) => format!("The PDF could not be written: {e}"),
        }
    }
}

/// Reads and parses the print font at `path` (about 16 MB; parsing takes a while, so the
/// caller keeps it: the core holds no process-wide state).
pub fn load_font(path: &Path) -> Result<ParsedFont, PdfError> {
    let bytes = std::fs::read(path).map_err(|e| PdfError::FontMissing {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| PdfError::FontUnreadable(path.display().to_string()))
}

/// A produced PDF.
#[derive(Debug, Clone)]
pub struct Printed {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Pages.
    pub pages: usize,
    /// Characters the font cannot draw (printed as □), to tell the user.
    pub missing: Vec<char>,
}

/// What the UI is told after printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintReport {
    /// Where the file was written.
    pub path: String,
    /// Pages.
    pub pages: u32,
    /// Characters that could not be printed.
    pub missing: Vec<String>,
}

/// A document being laid out: pages of one size, one font.
pub(crate) struct Sheets<'a> {
    doc: PdfDocument,
    font: printpdf::FontId,
    face: Face<'a>,
    width: f32,
    height: f32,
    pages: Vec<Canvas>,
    missing: BTreeSet<char>,
    /// Photos were placed: images are saved JPEG-compressed.
    pictures: bool,
}

/// The longer side, in pixels, a photo is printed at: about 170 dpi across the page.
const PICTURE_PX: u32 = 1200;

impl<'a> Sheets<'a> {
    pub(crate) fn new(title: &str, parsed: &'a ParsedFont, width: f32, height: f32) -> Self {
        let mut doc = PdfDocument::new(title);
        doc.metadata.info.creator = "物业投诉处理台".into();
        doc.metadata.info.producer = "物业投诉处理台".into();
        let font = doc.add_font(parsed);
        Self {
            doc,
            font,
            face: Face { parsed },
            width,
            height,
            pages: Vec::new(),
            missing: BTreeSet::new(),
            pictures: false,
        }
    }

    /// Draws a photo (JPEG or PNG bytes) as large as fits the box at (x, top) of
    /// `w` × `h` mm, keeping its proportions, centred; the size drawn, or `None` when the
    /// bytes are no picture.
    pub(crate) fn picture(
        &mut self,
        page: usize,
        bytes: &[u8],
        (x, top, w, h): (f32, f32, f32, f32),
    ) -> Option<(f32, f32)> {
        let decoded = image::load_from_memory(bytes).ok()?;
        let rgb = decoded.thumbnail(PICTURE_PX, PICTURE_PX).to_rgb8();
        let (px_w, px_h) = (rgb.width() as usize, rgb.height() as usize);
        if px_w == 0 || px_h == 0 {
            return None;
        }
        let raw = printpdf::RawImage {
            pixels: printpdf::RawImageData::U8(rgb.into_raw()),
            width: px_w,
            height: px_h,
            data_format: printpdf::RawImageFormat::RGB8,
            tag: Vec::new(),
        };
        let id = self.doc.add_image(&raw);
        let scale = (w / px_w as f32).min(h / px_h as f32);
        let (dw, dh) = (px_w as f32 * scale, px_h as f32 * scale);
        let (dx, dy) = (x + (w - dw) / 2.0, top + (h - dh) / 2.0);
        self.pages[page].place(id, (dx, dy, dw, dh), (px_w, px_h));
        self.pictures = true;
        Some((dw, dh))
    }

    pub(crate) fn face(&self) -> Face<'a> {
        self.face
    }

    /// Starts a new page and returns its index.
    pub(crate) fn add_page(&mut self) -> usize {
        self.pages
            .push(Canvas::new(self.width, self.height, self.font.clone()));
        self.pages.len() - 1
    }

    /// The text as it will print: characters the font lacks become □ and are remembered.
    pub(crate) fn printable(&mut self, s: &str) -> String {
        s.chars()
            .map(|c| {
                if self.face.has(c) || c == '\n' {
                    c
                } else {
                    self.missing.insert(c);
                    '□'
                }
            })
            .collect()
    }

    pub(crate) fn page(&mut self, i: usize) -> &mut Canvas {
        &mut self.pages[i]
    }

    /// Adds 第 n 页 共 m 页 to every page and writes the file.
    pub(crate) fn finish(mut self, footer_left: &str) -> Result<Printed, PdfError> {
        let total = self.pages.len();
        let face = self.face;
        let (w, h) = (self.width, self.height);
        let footer_left = self.printable(footer_left);
        let mut pages = Vec::with_capacity(total);
        for (i, mut canvas) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            let number = format!("第 {} 页 共 {} 页", i + 1, total);
            canvas.text_in(
                face,
                Area::new(15.0, h - 12.0, w - 30.0, 6.0),
                9.0,
                &number,
                true,
            );
            canvas.text_in(
                face,
                Area::new(15.0, h - 12.0, w - 30.0, 6.0),
                8.0,
                &footer_left,
                false,
            );
            pages.push(PdfPage::new(Mm(w), Mm(h), canvas.finish()));
        }
        self.doc.pages = pages;
        let options = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: self.pictures.then(|| printpdf::ImageOptimizationOptions {
                quality: Some(0.8),
                format: Some(printpdf::ImageCompression::Jpeg),
                max_image_size: None,
                ..printpdf::ImageOptimizationOptions::default()
            }),
        };
        let mut warnings = Vec::new();
        let bytes = self.doc.save(&options, &mut warnings);
        if let Some(e) = warnings
            .iter()
            .find(|w| w.severity == PdfParseErrorSeverity::Error)
        {
            return Err(PdfError::Write(e.msg.clone()));
        }
        Ok(Printed {
            bytes,
            pages: total,
            missing: self.missing.into_iter().collect(),
        })
    }
}
