//! 《投诉处置记录表》: the dispatch register for a date range, A4 landscape, one row per
//! dispatch, the header row on every page, and lines for the recorder and reviewer.

use super::flow::{Cell, Flow, LEFT};
use super::layout::Area;
use super::{PdfError, Printed, Sheets};
use crate::model::Severity;
use chrono::{DateTime, FixedOffset, NaiveDate};
use printpdf::ParsedFont;
use serde::Serialize;

const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);
const COLUMNS: [(&str, f32); 9] = [
    ("编号", 36.0),
    ("日期", 24.0),
    ("等级", 14.0),
    ("被投诉部门", 28.0),
    ("发出时间", 18.0),
    ("领表人签收", 40.0),
    ("返回时间", 30.0),
    ("接收人", 24.0),
    ("备注", 53.0),
];

/// One dispatch of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterRow {
    /// 编号.
    pub case_no: String,
    /// When the form went out, center local.
    pub dispatched_at: DateTime<FixedOffset>,
    /// 等级.
    pub severity: Severity,
    /// 被投诉部门.
    pub department: String,
    /// 领表人 (who signs for it on paper).
    pub recipient: String,
    /// When the form came back to the desk.
    pub returned_at: Option<DateTime<FixedOffset>>,
    /// Who logged its return.
    pub returned_to: Option<String>,
    /// 备注: 回退, 转呈, state.
    pub remark: String,
}

/// The title and subtitle of a landscape table's page; returns the y below them.
fn header(sheets: &mut Sheets, page: usize, (title, subtitle): (&str, &str), width: f32) -> f32 {
    let face = sheets.face();
    let canvas = sheets.page(page);
    canvas.text_in(face, Area::new(LEFT, 10.0, width, 9.0), 16.0, title, true);
    canvas.text_in(
        face,
        Area::new(LEFT, 19.0, width, 6.0),
        10.0,
        subtitle,
        true,
    );
    27.0
}

/// A landscape A4 table document: its first page with the title, the subtitle and the
/// header row of `columns`, repeated (subtitle marked 续) on every page the table goes
/// on to. Rows are then added with [`table_row`].
pub(super) fn landscape_table<'a>(
    font: &'a ParsedFont,
    (document, title, subtitle): (&str, &'static str, &str),
    columns: &'static [(&'static str, f32)],
) -> Flow<'a> {
    let (w, h) = A4_LANDSCAPE;
    let mut sheets = Sheets::new(document, font, w, h);
    let subtitle = sheets.printable(subtitle);
    let width: f32 = columns.iter().map(|c| c.1).sum();
    let header_cells: Vec<Cell> = columns
        .iter()
        .map(|(name, width)| Cell::label(*width, name).centred())
        .collect();
    let first = sheets.add_page();
    let y = header(&mut sheets, first, (title, &subtitle), width);
    let cells_for_pages = header_cells.clone();
    let continuation = Box::new(move |sheets: &mut Sheets, page: usize| {
        let y = header(sheets, page, (title, &format!("{subtitle}（续）")), width);
        draw_header_row(sheets, page, y, &cells_for_pages)
    });
    let mut flow = Flow::new(sheets, first, y, continuation);
    flow.body_pt = 9.5;
    flow.line_mm = 4.8;
    flow.pad_mm = 1.1;
    flow.y = draw_header_row(&mut flow.sheets, first, y, &header_cells);
    flow
}

/// One row of a [`landscape_table`], a value per column; `empty` spans the table when
/// there is no row at all.
pub(super) fn table_row(flow: &mut Flow, columns: &[(&str, f32)], values: Vec<String>) {
    let cells: Vec<Cell> = columns
        .iter()
        .zip(values)
        .map(|((_, width), v)| Cell::value(*width, v))
        .collect();
    flow.row(&cells);
}

/// The line a table without rows shows.
pub(super) fn no_rows(flow: &mut Flow, columns: &[(&str, f32)], text: &str) {
    let width: f32 = columns.iter().map(|c| c.1).sum();
    flow.row(&[Cell::value(width, text).centred()]);
}

/// The register of `rows` (already in order) for `from`..=`to`.
pub fn dispatch_register(
    font: &ParsedFont,
    center: &str,
    (from, to): (NaiveDate, NaiveDate),
    rows: &[RegisterRow],
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let subtitle = format!("{center}    {from} 至 {to}    共 {} 条", rows.len());
    let mut flow = landscape_table(
        font,
        (
            &format!("投诉处置记录表 {from} 至 {to}"),
            "《投诉处置记录表》",
            &subtitle,
        ),
        &COLUMNS,
    );
    let time = |t: &DateTime<FixedOffset>| t.format("%H:%M").to_string();
    for r in rows {
        let returned = r
            .returned_at
            .as_ref()
            .map(|t| t.format("%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let values = [
            r.case_no.clone(),
            r.dispatched_at.format("%Y-%m-%d").to_string(),
            r.severity.label_zh().to_owned(),
            r.department.clone(),
            time(&r.dispatched_at),
            r.recipient.clone(),
            returned,
            r.returned_to.clone().unwrap_or_default(),
            r.remark.clone(),
        ];
        table_row(&mut flow, &COLUMNS, values.into());
    }
    if rows.is_empty() {
        no_rows(&mut flow, &COLUMNS, "（该期间没有派发记录）");
    }
    flow.need(16.0);
    let (page, top) = (flow.page, flow.y + 8.0);
    let face = flow.sheets.face();
    let canvas = flow.sheets.page(page);
    canvas.text_in(
        face,
        Area::new(LEFT, top, 120.0, 6.0),
        10.5,
        "记录人：________________    日期：________",
        false,
    );
    canvas.text_in(
        face,
        Area::new(LEFT + 140.0, top, 120.0, 6.0),
        10.5,
        "审核人：________________    日期：________",
        false,
    );
    let (who, at) = printed;
    flow.sheets
        .finish(&format!("打印：{who} {}", at.format("%Y-%m-%d %H:%M")))
}

/// Draws a table's header row at `y` and returns the y below it.
pub(super) fn draw_header_row(sheets: &mut Sheets, page: usize, y: f32, cells: &[Cell]) -> f32 {
    let face = sheets.face();
    let canvas = sheets.page(page);
    let h = 7.5;
    let mut x = LEFT;
    for cell in cells {
        canvas.fill(x, y, cell.width, h, 0.88);
        canvas.frame(x, y, cell.width, h, 0.8);
        if let super::flow::Content::Text(t) = &cell.content {
            canvas.text_in(face, Area::new(x, y, cell.width, h), 10.0, t, true);
        }
        x += cell.width;
    }
    y + h
}
