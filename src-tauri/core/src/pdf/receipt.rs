//! 投诉受理回执: the half-A4 (A5) slip the resident takes home after registration — what
//! was taken, under which number, who handles it, by when to expect an answer, and how to
//! ask about it.

use super::flow::{Cell, Flow, BODY_PT, LEFT};
use super::layout::Area;
use super::{PdfError, Printed, Sheets};
use chrono::{DateTime, FixedOffset};
use printpdf::ParsedFont;

const A5: (f32, f32) = (148.0, 210.0);
const WIDTH: f32 = A5.0 - 2.0 * LEFT;
const LABEL: f32 = 26.0;
/// The summary's length on the slip, in characters.
const SUMMARY_CHARS: usize = 60;

/// What the slip says, read from the complaint and the policy it runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// 投诉编号.
    pub case_no: String,
    /// 受理时间.
    pub received_at: DateTime<FixedOffset>,
    /// 受理方式 (label).
    pub channel: String,
    /// 住户 and 房号.
    pub resident: String,
    /// 投诉事件经过, to be shortened to one line.
    pub description: String,
    /// The department it goes to.
    pub department: String,
    /// What the resident can expect, and by when.
    pub expect: String,
    /// 接待员.
    pub receptionist: String,
}

/// The first line of `text`, cut to [`SUMMARY_CHARS`] with an ellipsis.
pub fn summary(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() > SUMMARY_CHARS {
        let cut: String = line.chars().take(SUMMARY_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

/// The slip, A5 portrait, one page.
pub fn receipt(
    font: &ParsedFont,
    (center, phone): (&str, &str),
    r: &Receipt,
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let mut sheets = Sheets::new(&format!("投诉受理回执 {}", r.case_no), font, A5.0, A5.1);
    let first = sheets.add_page();
    let face = sheets.face();
    let center = sheets.printable(center);
    let qr = qrcode::QrCode::new(r.case_no.as_bytes()).ok();
    {
        let canvas = sheets.page(first);
        canvas.text_in(
            face,
            Area::new(LEFT, 12.0, WIDTH, 9.0),
            16.0,
            "投诉受理回执",
            true,
        );
        canvas.text_in(
            face,
            Area::new(LEFT, 22.0, WIDTH - 24.0, 6.0),
            BODY_PT,
            &center,
            false,
        );
        canvas.text_in(
            face,
            Area::new(LEFT, 28.0, WIDTH - 24.0, 6.0),
            BODY_PT,
            &format!("投诉编号：{}", r.case_no),
            false,
        );
        if let Some(qr) = qr {
            let width = qr.width();
            let dark: Vec<Vec<bool>> = qr
                .to_colors()
                .chunks(width)
                .map(|row| row.iter().map(|c| *c == qrcode::Color::Dark).collect())
                .collect();
            canvas.modules(&dark, LEFT + WIDTH - 20.0, 20.0, 20.0 / width as f32);
        }
    }
    let mut flow = Flow::new(sheets, first, 44.0, Box::new(|_: &mut Sheets, _| 14.0));
    let line = |flow: &mut Flow, label: &str, text: &str| {
        flow.row(&[Cell::label(LABEL, label), Cell::value(WIDTH - LABEL, text)]);
    };
    line(
        &mut flow,
        "受理时间",
        &format!(
            "{}（{}）",
            r.received_at.format("%Y-%m-%d %H:%M"),
            r.channel
        ),
    );
    line(&mut flow, "住户", &r.resident);
    line(&mut flow, "投诉事项", &summary(&r.description));
    line(&mut flow, "承办部门", &r.department);
    line(&mut flow, "处理时限", &r.expect);
    let ask = if phone.trim().is_empty() {
        format!("请到住户服务中心，报投诉编号 {} 查询", r.case_no)
    } else {
        format!(
            "请致电住户服务中心 {}，或到服务中心，报投诉编号 {} 查询",
            phone.trim(),
            r.case_no
        )
    };
    line(&mut flow, "查询方式", &ask);
    line(&mut flow, "接待员", &r.receptionist);
    flow.y += 4.0;
    flow.row(&[Cell::value(
        WIDTH,
        "本回执证明您的投诉已受理。处理结果将按您留下的联系方式告知，之后我们会回访您的满意程度。请妥善保管本回执。",
    )]);
    let (who, at) = printed;
    flow.sheets
        .finish(&format!("打印：{who} {}", at.format("%Y-%m-%d %H:%M")))
}
