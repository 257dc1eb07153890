//! Excel (.xlsx) exports, returned as bytes: the complaint list of a filter and the
//! statistics of a period. Chinese headers, a frozen header row, set column widths.
//! Where the file goes is the caller's business.

mod statistics;

pub use statistics::statistics;

use crate::storage::complaints::ExportRow;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use thiserror::Error;

/// Rows a worksheet holds below its header.
pub const MAX_ROWS: usize = 1_048_575;

/// What can go wrong while writing a spreadsheet.
#[derive(Debug, Error)]
pub enum ExcelError {
    /// More rows than a worksheet holds.
    #[error("导出行数 {0} 超过 Excel 上限，请缩小筛选范围")]
    TooManyRows(usize),
    /// The writer refused.
    #[error("生成 Excel 文件失败：{0}")]
    Write(String),
}

impl ExcelError {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            ExcelError::TooManyRows(n) => {
                format!("{n} rows are more than Excel holds: narrow the filter")
            }
            ExcelError::Write(e) => format!("The Excel file could not be written: {e}"),
        }
    }
}

impl From<XlsxError> for ExcelError {
    fn from(e: XlsxError) -> Self {
        ExcelError::Write(e.to_string())
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A share, shown as a percentage (0.875 → 87.5%).
    Percent(f64),
    /// A decimal with one place.
    Decimal(f64),
    /// A figure's verdict against its target: its word on green, amber or red.
    Verdict(crate::stats::Verdict),
    /// Nothing.
    Empty,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

/// Writes a header row (frozen, bold, shaded) and the rows below it on a new sheet.
pub(crate) fn table(
    book: &mut Workbook,
    name: &str,
    columns: &[(&str, f64)],
    rows: &[Vec<Value>],
) -> Result<(), ExcelError> {
    if rows.len() > MAX_ROWS {
        return Err(ExcelError::TooManyRows(rows.len()));
    }
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border(FormatBorder::Thin);
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let sheet: &mut Worksheet = book.add_worksheet();
    sheet.set_name(name)?;
    for (c, (title, width)) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *title, &header)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Text(s) if !s.is_empty() => {
                    sheet.write_string(r, c, s)?;
                }
                Value::Int(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Value::Percent(p) => {
                    sheet.write_number_with_format(r, c, *p, &percent)?;
                }
                Value::Decimal(d) => {
                    sheet.write_number_with_format(r, c, *d, &decimal)?;
                }
                Value::Verdict(v) => {
                    let colour = match v {
                        crate::stats::Verdict::Met => Some(0xC6EFCE),
                        crate::stats::Verdict::Below => Some(0xFFEB9C),
                        crate::stats::Verdict::Failing => Some(0xFFC7CE),
                        crate::stats::Verdict::NoData => None,
                    };
                    match colour {
                        Some(rgb) => sheet.write_string_with_format(
                            r,
                            c,
                            v.label_zh(),
                            &Format::new().set_background_color(Color::RGB(rgb)),
                        )?,
                        None => sheet.write_string(r, c, v.label_zh())?,
                    };
                }
                Value::Text(_) | Value::Empty => {}
            }
        }
    }
    Ok(())
}

const LIST_COLUMNS: [(&str, f64); 25] = [
    ("投诉编号", 17.0),
    ("受理时间", 17.0),
    ("受理方式", 9.0),
    ("接待员", 10.0),
    ("住户姓名", 10.0),
    ("房号", 11.0),
    ("联系电话", 14.0),
    ("联系方式", 9.0),
    ("事件发生时间", 17.0),
    ("事件发生地点", 18.0),
    ("被投诉部门", 13.0),
    ("被投诉人", 10.0),
    ("投诉事件经过", 48.0),
    ("住户要求", 30.0),
    ("住户要求期限", 17.0),
    ("投诉类别", 9.0),
    ("投诉等级", 9.0),
    ("有效投诉", 9.0),
    ("无效原因", 20.0),
    ("正在造成损害", 12.0),
    ("紧急措施", 20.0),
    ("状态", 10.0),
    ("下一期限", 17.0),
    ("期限类型", 10.0),
    ("是否逾期", 9.0),
];

fn yes_no(b: bool) -> Value {
    Value::from(if b { "是" } else { "否" })
}

/// The complaint list: one row per complaint, every registered field, times in the
/// center's zone (`YYYY-MM-DD HH:mm`), 是否逾期 as at `now`. A single sheet 投诉清单.
pub fn complaint_list(
    rows: &[ExportRow],
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ExcelError> {
    let time = |t: Option<DateTime<Utc>>| {
        t.map_or(Value::Empty, |t| {
            Value::Text(t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        })
    };
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|row| {
            let c = &row.complaint;
            vec![
                c.case_no.as_str().into(),
                time(Some(c.received_at)),
                c.channel.label_zh().into(),
                row.receptionist.as_str().into(),
                c.resident_name.as_str().into(),
                c.room.as_str().into(),
                c.phone.as_str().into(),
                c.contact_method.label_zh().into(),
                time(c.occurred_at),
                c.location.as_str().into(),
                row.department.as_str().into(),
                c.accused_person.clone().unwrap_or_default().into(),
                c.description.as_str().into(),
                c.resident_request.as_str().into(),
                time(c.resident_deadline),
                row.category.as_str().into(),
                c.severity.label_zh().into(),
                yes_no(c.valid),
                c.invalid_reason.clone().unwrap_or_default().into(),
                yes_no(c.ongoing_harm),
                c.immediate_measure.clone().unwrap_or_default().into(),
                c.state.label_zh().into(),
                time(c.next_due_at),
                c.next_due_kind
                    .map_or(Value::Empty, |k| k.label_zh().into()),
                yes_no(c.next_due_at.is_some_and(|d| d < now)),
            ]
        })
        .collect();
    let mut book = Workbook::new();
    table(&mut book, "投诉清单", &LIST_COLUMNS, &values)?;
    Ok(book.save_to_buffer()?)
}
