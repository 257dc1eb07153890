//! 《催办通知单》: the notice the desk hands a department whose handling is overdue by a
//! day or more — what is late and since when, and a line for the head's signature of
//! receipt. A5 portrait, one page.

use super::flow::{Cell, Flow, BODY_PT, LEFT};
use super::layout::Area;
use super::receipt::summary;
use super::{PdfError, Printed, Sheets};
use chrono::{DateTime, FixedOffset};
use printpdf::ParsedFont;

const A5: (f32, f32) = (148.0, 210.0);
const WIDTH: f32 = A5.0 - 2.0 * LEFT;
const LABEL: f32 = 26.0;

/// What the notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urge {
    /// 投诉编号.
    pub case_no: String,
    /// To which department, and its head when known.
    pub department: String,
    /// 部门主管.
    pub head: String,
    /// 受理时间.
    pub received_at: DateTime<FixedOffset>,
    /// 住户 and 房号 (masked for a confidential complainant).
    pub resident: String,
    /// 投诉事件经过, shortened.
    pub description: String,
    /// 投诉等级 (label).
    pub severity: String,
    /// The handling deadline that passed.
    pub due_at: DateTime<FixedOffset>,
    /// Whole days overdue.
    pub days_late: i64,
    /// The how-manieth notice for this complaint.
    pub number: usize,
}

/// The notice.
pub fn urge_notice(
    font: &ParsedFont,
    center: &str,
    u: &Urge,
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let mut sheets = Sheets::new(&format!("催办通知单 {}", u.case_no), font, A5.0, A5.1);
    let first = sheets.add_page();
    let face = sheets.face();
    let center = sheets.printable(center);
    {
        let canvas = sheets.page(first);
        canvas.text_in(
            face,
            Area::new(LEFT, 12.0, WIDTH, 9.0),
            16.0,
            "催办通知单",
            true,
        );
        canvas.text_in(
            face,
            Area::new(LEFT, 22.0, WIDTH, 6.0),
            BODY_PT,
            &center,
            true,
        );
        canvas.text_in(
            face,
            Area::new(LEFT, 30.0, WIDTH, 6.0),
            BODY_PT,
            &format!("投诉编号：{}（第 {} 次催办）", u.case_no, u.number),
            false,
        );
    }
    let mut flow = Flow::new(sheets, first, 38.0, Box::new(|_: &mut Sheets, _| 14.0));
    let line = |flow: &mut Flow, label: &str, text: &str| {
        flow.row(&[Cell::label(LABEL, label), Cell::value(WIDTH - LABEL, text)]);
    };
    let to = if u.head.is_empty() {
        u.department.clone()
    } else {
        format!("{} {}", u.department, u.head)
    };
    line(&mut flow, "致", &to);
    line(
        &mut flow,
        "受理时间",
        &u.received_at.format("%Y-%m-%d %H:%M").to_string(),
    );
    line(&mut flow, "住户", &u.resident);
    line(&mut flow, "投诉事项", &summary(&u.description));
    line(&mut flow, "投诉等级", &u.severity);
    line(
        &mut flow,
        "逾期情况",
        &format!(
            "处理期限 {}，已逾期 {} 天",
            u.due_at.format("%Y-%m-%d %H:%M"),
            u.days_late
        ),
    );
    flow.y += 3.0;
    flow.row(&[Cell::value(
        WIDTH,
        "上述投诉已超过处理期限，请即安排处理，将处理结果记入《住户投诉意见表》并送回住户服务中心；确需延期的，请按规定申请延期。",
    )]);
    flow.need(24.0);
    let (page, top) = (flow.page, flow.y + 8.0);
    let face = flow.sheets.face();
    let canvas = flow.sheets.page(page);
    canvas.text_in(
        face,
        Area::new(LEFT, top, WIDTH, 6.0),
        BODY_PT,
        "部门主管签收：______________    日期：____年__月__日 __:__",
        false,
    );
    let (who, at) = printed;
    flow.sheets
        .finish(&format!("打印：{who} {}", at.format("%m-%d %H:%M")))
}
