//! 《投诉档案移交清单》 (1.6): the month's archived forms handed to the quality department,
//! A4 landscape, one row per complaint, the header row on every page, and the lines for
//! who hands over and who receives.

use super::flow::LEFT;
use super::layout::Area;
use super::register::{landscape_table, no_rows, table_row};
use super::{PdfError, Printed};
use crate::model::Severity;
use chrono::{DateTime, FixedOffset};
use printpdf::ParsedFont;
use serde::Serialize;
use ts_rs::TS;

const COLUMNS: [(&str, f32); 9] = [
    ("序号", 12.0),
    ("投诉编号", 36.0),
    ("受理日期", 22.0),
    ("住户", 34.0),
    ("被投诉部门", 28.0),
    ("等级", 13.0),
    ("处理结果", 70.0),
    ("回访满意度", 30.0),
    ("页数", 22.0),
];

/// One complaint of a hand-over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoverLine {
    /// Row id.
    #[ts(type = "number")]
    pub complaint_id: i64,
    /// 投诉编号.
    pub case_no: String,
    /// 受理时间, center local.
    pub received_at: DateTime<FixedOffset>,
    /// 住户 and 房号.
    pub resident: String,
    /// 被投诉部门.
    pub department: String,
    /// 等级.
    pub severity: Severity,
    /// 处理结果 (the last one recorded).
    pub result: String,
    /// The last callback: 满意 / 基本满意 / 不满意, 未能联系, or the exclusion.
    pub satisfaction: String,
    /// Pages of its form as last printed, if it was.
    pub pages: Option<u32>,
}

/// The hand-over list of `month` (`YYYY-MM`), handed over by `by` to `receiver`.
pub fn handover_list(
    font: &ParsedFont,
    center: &str,
    (month, number): (&str, i64),
    lines: &[HandoverLine],
    (by, receiver): (&str, &str),
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let subtitle = format!(
        "{center}    {month} 受理    第 {number} 次移交    共 {} 件",
        lines.len()
    );
    let mut flow = landscape_table(
        font,
        (
            &format!("投诉档案移交清单 {month}"),
            "《投诉档案移交清单》",
            &subtitle,
        ),
        &COLUMNS,
    );
    for (i, l) in lines.iter().enumerate() {
        let values = [
            (i + 1).to_string(),
            l.case_no.clone(),
            l.received_at.format("%Y-%m-%d").to_string(),
            l.resident.clone(),
            l.department.clone(),
            l.severity.label_zh().to_owned(),
            l.result.clone(),
            l.satisfaction.clone(),
            l.pages
                .map_or_else(|| "未打印".to_owned(), |p| p.to_string()),
        ];
        table_row(&mut flow, &COLUMNS, values.into());
    }
    if lines.is_empty() {
        no_rows(&mut flow, &COLUMNS, "（本次没有移交的投诉）");
    }
    flow.need(22.0);
    let (page, top) = (flow.page, flow.y + 8.0);
    let face = flow.sheets.face();
    let canvas = flow.sheets.page(page);
    canvas.text_in(
        face,
        Area::new(LEFT, top, 130.0, 6.0),
        10.5,
        &format!("移交人：{by}    签字：________________    日期：________"),
        false,
    );
    let receiver = if receiver.is_empty() {
        "品质部".to_owned()
    } else {
        format!("品质部 {receiver}")
    };
    canvas.text_in(
        face,
        Area::new(LEFT + 145.0, top, 130.0, 6.0),
        10.5,
        &format!("接收人（{receiver}）签字：______________    日期：________"),
        false,
    );
    let (who, at) = printed;
    flow.sheets
        .finish(&format!("打印：{who} {}", at.format("%Y-%m-%d %H:%M")))
}
