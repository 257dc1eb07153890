//! Rows that flow down A4 pages: cells grow with their text, a row that does not fit
//! moves to the next page, and a row too tall for any page is split line by line with
//! "（续）" on its label — text is never clipped.

use super::layout::{wrap, Area, Canvas};
use super::Sheets;

/// Body text size (五号).
pub const BODY_PT: f32 = 10.5;
/// Height of one line of body text, mm.
pub const LINE_MM: f32 = 5.4;
/// Padding inside a cell, mm.
pub const PAD_MM: f32 = 1.6;
/// Left page margin, mm.
pub const LEFT: f32 = 15.0;
/// Bottom of the writable area, above the footer, mm from the page bottom.
pub const BOTTOM_MARGIN: f32 = 18.0;

/// What a cell holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// Wrapped text.
    Text(String),
    /// Check boxes in a row, each with its label: (label, ticked).
    Choices(Vec<(String, bool)>),
}

/// One cell of a row.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Width, mm.
    pub width: f32,
    /// Content.
    pub content: Content,
    /// A label cell: shaded, and marked （续） when the row continues on the next page.
    pub label: bool,
    /// Centre the text horizontally.
    pub centre: bool,
    /// A light background colour (a verdict), `rgb` 0–1.
    pub tint: Option<[f32; 3]>,
}

impl Cell {
    /// A shaded label.
    pub fn label(width: f32, text: &str) -> Self {
        Self {
            width,
            content: Content::Text(text.to_owned()),
            label: true,
            centre: false,
            tint: None,
        }
    }
    /// A value.
    pub fn value(width: f32, text: impl Into<String>) -> Self {
        Self {
            width,
            content: Content::Text(text.into()),
            label: false,
            centre: false,
            tint: None,
        }
    }
    /// Check boxes.
    pub fn choices(width: f32, options: &[(&str, bool)]) -> Self {
        let options = options.iter().map(|(l, t)| ((*l).to_owned(), *t)).collect();
        Self {
            width,
            content: Content::Choices(options),
            label: false,
            centre: false,
            tint: None,
        }
    }
    /// Centred text (table headers).
    pub fn centred(mut self) -> Self {
        self.centre = true;
        self
    }
    /// On a light background colour.
    pub fn tinted(mut self, rgb: Option<[f32; 3]>) -> Self {
        self.tint = rgb;
        self
    }
}

/// Draws the top of a continuation page and returns where rows start.
pub type PageHeader = dyn Fn(&mut Sheets, usize) -> f32;

/// Pages with a cursor.
pub struct Flow<'a> {
    /// The document.
    pub sheets: Sheets<'a>,
    /// Current page.
    pub page: usize,
    /// Cursor, mm from the top.
    pub y: f32,
    /// Text size, pt.
    pub body_pt: f32,
    /// Line height, mm.
    pub line_mm: f32,
    /// Cell padding, mm.
    pub pad_mm: f32,
    continuation: Box<PageHeader>,
    /// A table's header row, drawn again at the top of every page the table goes on to.
    repeat: Vec<Cell>,
}

impl<'a> Flow<'a> {
    /// Starts on a first page whose header the caller has drawn down to `y`.
    pub fn new(sheets: Sheets<'a>, page: usize, y: f32, continuation: Box<PageHeader>) -> Self {
        Self {
            sheets,
            page,
            y,
            body_pt: BODY_PT,
            line_mm: LINE_MM,
            pad_mm: PAD_MM,
            continuation,
            repeat: Vec::new(),
        }
    }

    fn bottom(&self) -> f32 {
        self.sheets.height - BOTTOM_MARGIN
    }

    /// Moves to a fresh continuation page.
    pub fn next_page(&mut self) {
        self.page = self.sheets.add_page();
        self.y = (self.continuation)(&mut self.sheets, self.page);
        let head = std::mem::take(&mut self.repeat);
        if !head.is_empty() {
            self.row(&head);
        }
        self.repeat = head;
    }

    /// From now on, every new page starts with this header row (none when empty).
    pub fn repeat_header(&mut self, head: Vec<Cell>) {
        self.repeat = head;
    }

    /// Space left on this page, mm.
    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Ensures `h` mm are free, moving to a new page if not.
    pub fn need(&mut self, h: f32) {
        if self.room() < h {
            self.next_page();
        }
    }

    /// A row of cells, split across pages when needed.
    pub fn row(&mut self, cells: &[Cell]) {
        let face = self.sheets.face();
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .map(|c| match &c.content {
                Content::Text(t) => {
                    let t = self.sheets.printable(t);
                    wrap(face, &t, self.body_pt, c.width - 2.0 * self.pad_mm)
                }
                Content::Choices(_) => vec![String::new()],
            })
            .collect();
        let mut from = vec![0usize; cells.len()];
        let mut continued = false;
        loop {
            let remaining: Vec<usize> = wrapped
                .iter()
                .zip(&from)
                .map(|(w, f)| w.len() - f)
                .collect();
            let lines = remaining.iter().copied().max().unwrap_or(1).max(1);
            let height = lines as f32 * self.line_mm + 2.0 * self.pad_mm;
            let fresh_page = self.sheets.height - BOTTOM_MARGIN - 30.0;
            if height > self.room()
                && (height <= fresh_page * 0.5
                    || self.room() < self.line_mm * 3.0 + 2.0 * self.pad_mm)
            {
                // Keep short rows whole; do not start a long one at the very bottom.
                self.next_page();
                continue;
            }
            let fit = (((self.room() - 2.0 * self.pad_mm) / self.line_mm).floor() as usize)
                .clamp(1, lines);
            let h = fit as f32 * self.line_mm + 2.0 * self.pad_mm;
            self.draw(cells, &wrapped, &from, fit, h, continued);
            self.y += h;
            for (f, w) in from.iter_mut().zip(&wrapped) {
                *f = (*f + fit).min(w.len());
            }
            if from.iter().zip(&wrapped).all(|(f, w)| *f >= w.len()) {
                break;
            }
            continued = true;
            self.next_page();
        }
    }

    fn draw(
        &mut self,
        cells: &[Cell],
        wrapped: &[Vec<String>],
        from: &[usize],
        fit: usize,
        h: f32,
        continued: bool,
    ) {
        let face = self.sheets.face();
        let (top, page) = (self.y, self.page);
        let mut x = LEFT;
        for (i, cell) in cells.iter().enumerate() {
            let canvas: &mut Canvas = self.sheets.page(page);
            if cell.label {
                canvas.fill(x, top, cell.width, h, 0.93);
            } else if let Some(rgb) = cell.tint {
                canvas.tint(x, top, cell.width, h, rgb);
            }
            canvas.frame(x, top, cell.width, h, 0.6);
            match &cell.content {
                Content::Text(_) => {
                    // A label stays on every part of a split row.
                    let start = if cell.label {
                        0
                    } else {
                        from[i].min(wrapped[i].len())
                    };
                    let lines = &wrapped[i][start..];
                    for (n, line) in lines.iter().take(fit).enumerate() {
                        let mut line = line.clone();
                        if cell.label && continued && n == 0 {
                            line.push_str("（续）");
                        }
                        let line_top = top + self.pad_mm + n as f32 * self.line_mm;
                        let single = h - 2.0 * self.pad_mm <= self.line_mm + 0.01 || cell.label;
                        // Labels and one-line cells are centred vertically in the row.
                        let (box_top, box_h) = if single && lines.len() == 1 {
                            (top, h)
                        } else {
                            (line_top, self.line_mm)
                        };
                        canvas.text_in(
                            face,
                            Area::new(
                                x + self.pad_mm,
                                box_top,
                                cell.width - 2.0 * self.pad_mm,
                                box_h,
                            ),
                            self.body_pt,
                            &line,
                            cell.centre,
                        );
                    }
                }
                Content::Choices(options) if from[i] == 0 && !continued => {
                    let mut cx = x + self.pad_mm;
                    let box_size = 3.2;
                    let box_top = top + (h - box_size) / 2.0;
                    for (label, ticked) in options {
                        canvas.check_box(cx, box_top, box_size, *ticked);
                        cx += box_size + 1.0;
                        canvas.text_in(
                            face,
                            Area::new(cx, top, 40.0, h),
                            self.body_pt,
                            label,
                            false,
                        );
                        cx += face.width_mm(label, self.body_pt) + 4.0;
                    }
                }
                Content::Choices(_) => {}
            }
            x += cell.width;
        }
    }

    /// A shaded, centred section title across the full width.
    pub fn section(&mut self, title: &str, width: f32) {
        let h = LINE_MM + 2.0 * PAD_MM;
        // A section title is never the last thing on a page.
        self.need(h * 2.0 + LINE_MM);
        let face = self.sheets.face();
        let (top, page) = (self.y, self.page);
        let canvas = self.sheets.page(page);
        canvas.fill(LEFT, top, width, h, 0.85);
        canvas.frame(LEFT, top, width, h, 0.6);
        canvas.text_in(
            face,
            Area::new(LEFT, top, width, h),
            BODY_PT + 0.5,
            title,
            true,
        );
        self.y += h;
    }
}
