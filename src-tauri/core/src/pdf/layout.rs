//! Small layout helpers for forms: measured CJK line breaking with line-start/line-end
//! prohibition, and a page canvas in millimetres from the top-left corner.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfFontHandle, Point,
    Pt, Rect, TextItem, WindingOrder,
};

/// Characters that may not start a line (closing punctuation, small kana, …).
const NO_LINE_START: &str = "，。、；：！？）」』】》〉”’…·%‰,.;:!?)]}>」〕〗〙〛｝］｠～ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
/// Characters that may not end a line (opening brackets and quotes).
const NO_LINE_END: &str = "（「『【《〈“‘([{<〔〖〘〚｛［｟";

/// The ideographic em box of CJK fonts: 0.88 em above the baseline, 0.12 below.
const IDEO_TOP: f32 = 0.88;
const IDEO_BOTTOM: f32 = -0.12;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// A font with what layout needs.
#[derive(Clone, Copy)]
pub struct Face<'a> {
    /// The parsed font, for measuring.
    pub parsed: &'a ParsedFont,
}

impl Face<'_> {
    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(c as u32).filter(|&g| g != 0)
    }

    /// Whether the font can draw `c`.
    pub fn has(&self, c: char) -> bool {
        c.is_control() || self.glyph(c).is_some()
    }

    /// Width of `s` at `size_pt`, in millimetres, exactly as the viewer draws it.
    pub fn width_mm(&self, s: &str, size_pt: f32) -> f32 {
        let upm = f32::from(self.parsed.font_metrics.units_per_em.max(1));
        let units: f32 = s
            .chars()
            .map(|c| match self.glyph(c) {
                Some(g) => {
                    (f32::from(self.parsed.get_horizontal_advance(g)) * 1000.0 / upm).trunc()
                }
                None => 1000.0,
            })
            .sum();
        units / 1000.0 * size_pt / PT_PER_MM
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '@' | '/' | '+' | '#')
}

/// Breaks `text` into lines no wider than `width_mm`. Explicit newlines are kept; CJK
/// breaks between any two characters except before a closing mark or after an opening
/// one; runs of Latin letters and digits stay whole unless they alone exceed a line.
pub fn wrap(face: Face, text: &str, size_pt: f32, width_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.replace("\r\n", "\n").split('\n') {
        let paragraph = paragraph.replace('\t', "  ");
        if paragraph.is_empty() {
            lines.push(String::new());
            continue;
        }
        // Units that are never split: a Latin word, or one other character.
        let mut units: Vec<String> = Vec::new();
        for c in paragraph.chars() {
            match units.last_mut() {
                Some(last) if is_word_char(c) && last.chars().all(is_word_char) => last.push(c),
                _ => units.push(c.to_string()),
            }
        }
        let mut line = String::new();
        let mut i = 0;
        while i < units.len() {
            let unit = &units[i];
            let candidate = format!("{line}{unit}");
            if line.is_empty() || face.width_mm(&candidate, size_pt) <= width_mm {
                if line.is_empty() && face.width_mm(unit, size_pt) > width_mm {
                    // A single unit wider than the line: split it by characters.
                    let mut piece = String::new();
                    for c in unit.chars() {
                        if !piece.is_empty()
                            && face.width_mm(&format!("{piece}{c}"), size_pt) > width_mm
                        {
                            lines.push(std::mem::take(&mut piece));
                        }
                        piece.push(c);
                    }
                    line = piece;
                } else {
                    line = candidate;
                }
                i += 1;
                continue;
            }
            // `unit` does not fit. Carry characters down so that the next line does not
            // start with a closing mark and this one does not end with an opening mark.
            let mut carried = String::new();
            let starts_badly =
                |s: &str| s.chars().next().is_some_and(|c| NO_LINE_START.contains(c));
            let ends_badly = |s: &str| s.chars().last().is_some_and(|c| NO_LINE_END.contains(c));
            let mut next_start = unit.clone();
            while line.chars().count() > 1
                && carried.chars().count() < 4
                && (starts_badly(&next_start) || ends_badly(&line))
            {
                let c = line.pop().unwrap_or_default();
                carried.insert(0, c);
                next_start = format!("{carried}{unit}");
            }
            lines.push(std::mem::take(&mut line));
            line = carried;
        }
        lines.push(line);
    }
    lines
}

/// A box on the page, mm from the top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub top: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Area {
    /// A box.
    pub fn new(x: f32, top: f32, w: f32, h: f32) -> Self {
        Self { x, top, w, h }
    }
}

/// One page being drawn: coordinates in millimetres from the top-left corner.
pub struct Canvas {
    /// Page width (mm).
    pub width: f32,
    /// Page height (mm).
    pub height: f32,
    fills: Vec<Op>,
    rules: Vec<Op>,
    text: Vec<Op>,
    font: FontId,
}

fn black() -> Color {
    Color::Greyscale(Greyscale::new(0.0, None))
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level, None))
}

impl Canvas {
    /// A blank page.
    pub fn new(width: f32, height: f32, font: FontId) -> Self {
        Self {
            width,
            height,
            fills: Vec::new(),
            rules: Vec::new(),
            text: Vec::new(),
            font,
        }
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point::new(Mm(x), Mm(self.height - y))
    }

    /// Text with its baseline at `y`.
    pub fn text(&mut self, x: f32, baseline: f32, size_pt: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let pos = self.point(x, baseline);
        self.text.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font.clone()),
                size: Pt(size_pt),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// The baseline that centres one line of CJK text in a box from `top` of height `h`.
    pub fn centred_baseline(top: f32, h: f32, size_pt: f32) -> f32 {
        let size_mm = size_pt / PT_PER_MM;
        top + h / 2.0 + (IDEO_TOP + IDEO_BOTTOM) / 2.0 * size_mm
    }

    /// One line centred (vertically, and horizontally when `centre`) in a box.
    pub fn text_in(&mut self, face: Face, area: Area, size_pt: f32, s: &str, centre: bool) {
        let Area { x, top, w, h } = area;
        let baseline = Self::centred_baseline(top, h, size_pt);
        let x = if centre {
            x + (w - face.width_mm(s, size_pt)) / 2.0
        } else {
            x
        };
        self.text(x, baseline, size_pt, s);
    }

    /// A straight rule.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32) {
        let (a, b) = (self.point(x1, y1), self.point(x2, y2));
        self.rules.extend([
            Op::SetOutlineColor { col: black() },
            Op::SetOutlineThickness { pt: Pt(width_pt) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: a,
                            bezier: false,
                        },
                        LinePoint {
                            p: b,
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A rectangle's outline.
    pub fn frame(&mut self, x: f32, top: f32, w: f32, h: f32, width_pt: f32) {
        self.line(x, top, x + w, top, width_pt);
        self.line(x + w, top, x + w, top + h, width_pt);
        self.line(x + w, top + h, x, top + h, width_pt);
        self.line(x, top + h, x, top, width_pt);
    }

    /// A filled rectangle (drawn beneath every rule and text, so rules stay visible).
    pub fn fill(&mut self, x: f32, top: f32, w: f32, h: f32, level: f32) {
        self.fill_with(x, top, w, h, grey(level));
    }

    /// A rectangle filled with a light colour (`rgb` 0–1 each): a verdict's green, amber
    /// or red.
    pub fn tint(&mut self, x: f32, top: f32, w: f32, h: f32, [r, g, b]: [f32; 3]) {
        self.fill_with(x, top, w, h, Color::Rgb(printpdf::Rgb::new(r, g, b, None)));
    }

    fn fill_with(&mut self, x: f32, top: f32, w: f32, h: f32, col: Color) {
        let lower_left = self.point(x, top + h);
        self.fills.extend([
            Op::SetFillColor { col },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: lower_left.x,
                    y: lower_left.y,
                    width: Mm(w).into_pt(),
                    height: Mm(h).into_pt(),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    /// A check box, ticked or not, `size` mm square with its top-left at (x, top).
    pub fn check_box(&mut self, x: f32, top: f32, size: f32, ticked: bool) {
        self.frame(x, top, size, size, 0.6);
        if ticked {
            self.line(
                x + size * 0.2,
                top + size * 0.55,
                x + size * 0.42,
                top + size * 0.8,
                1.0,
            );
            self.line(
                x + size * 0.42,
                top + size * 0.8,
                x + size * 0.85,
                top + size * 0.2,
                1.0,
            );
        }
    }

    /// Dark modules as one filled path (no seams), top-left at (x, top), `module` mm each.
    pub fn modules(&mut self, dark: &[Vec<bool>], x: f32, top: f32, module: f32) {
        let mut rings = Vec::new();
        for (r, row) in dark.iter().enumerate() {
            let mut c = 0;
            while c < row.len() {
                if !row[c] {
                    c += 1;
                    continue;
                }
                let start = c;
                while c < row.len() && row[c] {
                    c += 1;
                }
                let ll = self.point(x + start as f32 * module, top + (r as f32 + 1.0) * module);
                let rect = Rect::from_xywh(
                    ll.x,
                    ll.y,
                    Mm((c - start) as f32 * module).into_pt(),
                    Mm(module).into_pt(),
                );
                rings.extend(rect.to_polygon().rings);
            }
        }
        self.fills.extend([
            Op::SetFillColor { col: black() },
            Op::DrawPolygon {
                polygon: printpdf::Polygon {
                    rings,
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// An image (registered with the document as `id`, `px` pixels) drawn into the box
    /// at (x, top) of `w` × `h` mm, beneath the rules and text.
    pub fn place(
        &mut self,
        id: printpdf::XObjectId,
        (x, top, w, h): (f32, f32, f32, f32),
        (px_w, px_h): (usize, usize),
    ) {
        let at = self.point(x, top + h);
        self.fills.push(Op::UseXobject {
            id,
            transform: printpdf::XObjectTransform {
                translate_x: Some(at.x),
                translate_y: Some(at.y),
                rotate: None,
                scale_x: Some(Mm(w).into_pt().0 / px_w.max(1) as f32),
                scale_y: Some(Mm(h).into_pt().0 / px_h.max(1) as f32),
                dpi: Some(72.0),
                no_auto_scale: false,
            },
        });
    }

    /// The page's operations: fills first, then rules, then text.
    pub fn finish(self) -> Vec<Op> {
        let mut ops = vec![Op::SaveGraphicsState];
        ops.extend(self.fills);
        ops.extend(self.rules);
        ops.push(Op::SetFillColor { col: black() });
        ops.extend(self.text);
        ops.push(Op::RestoreGraphicsState);
        ops
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face() -> Face<'static> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../resources/fonts")
            .join(super::super::FONT_FILE);
        Face {
            parsed: Box::leak(Box::new(super::super::load_font(&path).unwrap())),
        }
    }

    #[test]
    fn lines_fit_keep_every_character_and_respect_the_prohibitions() {
        let f = face();
        let text = "住户反映（三号楼二单元）厨房水管漏水，楼下天花板渗水。“请尽快处理！”维修单号WX-2026-11-28-0001已登记；住户要求：今天之内派人上门。".repeat(7);
        for width in [20.0, 33.3, 47.0, 80.0] {
            let lines = wrap(f, &text, 10.5, width);
            assert_eq!(
                lines.concat(),
                text,
                "characters lost or added at width {width}"
            );
            for (i, line) in lines.iter().enumerate() {
                assert!(
                    f.width_mm(line, 10.5) <= width + 0.01,
                    "line {i} overflows {width} mm: {line}"
                );
                let first = line.chars().next().unwrap();
                let last = line.chars().last().unwrap();
                assert!(
                    i == 0 || !NO_LINE_START.contains(first),
                    "line {i} starts with {first}: {line}"
                );
                assert!(
                    i + 1 == lines.len() || !NO_LINE_END.contains(last),
                    "line {i} ends with {last}: {line}"
                );
            }
            // The Latin word stays whole whenever it fits a line.
            if width >= 47.0 {
                assert!(
                    lines.iter().any(|l| l.contains("WX-2026-11-28-0001")),
                    "{lines:?}"
                );
            }
        }
    }

    #[test]
    fn explicit_newlines_are_kept_and_missing_glyphs_are_known() {
        let f = face();
        assert_eq!(
            wrap(f, "第一行\n\n第三行", 10.5, 50.0),
            ["第一行", "", "第三行"]
        );
        assert!(f.has('漏') && !f.has('\u{2A6D6}'));
        assert!(
            (f.width_mm("中", 10.5) - 10.5 / PT_PER_MM).abs() < 0.01,
            "an ideograph is one em wide"
        );
    }
}
