//! 《月度投诉统计分析》: A4 portrait. The cover line, the tables, vector bar charts (fills,
//! rules and labels), the breaches, the supervisor's analysis and the signature lines.

use super::flow::{Cell, Flow, LEFT};
use super::layout::Area;
use super::{PdfError, Printed, Sheets};
use crate::stats::{Change, Count, Rate, Scorecard, Statistics};
use chrono::{DateTime, FixedOffset};
use printpdf::ParsedFont;

const A4: (f32, f32) = (210.0, 297.0);
const WIDTH: f32 = 180.0;
const TITLE: &str = "《月度投诉统计分析》";

fn header(sheets: &mut Sheets, page: usize, subtitle: &str) -> f32 {
    let face = sheets.face();
    let canvas = sheets.page(page);
    canvas.text_in(face, Area::new(LEFT, 10.0, WIDTH, 9.0), 16.0, TITLE, true);
    canvas.text_in(
        face,
        Area::new(LEFT, 19.0, WIDTH, 6.0),
        10.5,
        subtitle,
        true,
    );
    28.0
}

/// A header row and its rows, the header repeated on every page the table goes on to;
/// column widths add up to the page width.
fn table(flow: &mut Flow, columns: &[(&str, f32)], rows: &[Vec<String>]) {
    flow.need(2.0 * (flow.line_mm + 2.0 * flow.pad_mm));
    let head: Vec<Cell> = columns
        .iter()
        .map(|(t, w)| Cell::label(*w, t).centred())
        .collect();
    flow.row(&head);
    flow.repeat_header(head);
    for row in rows {
        let cells: Vec<Cell> = columns
            .iter()
            .zip(row)
            .map(|((_, w), v)| Cell::value(*w, v.clone()))
            .collect();
        flow.row(&cells);
    }
    flow.repeat_header(Vec::new());
    if rows.is_empty() {
        flow.row(&[Cell::value(WIDTH, "（无）").centred()]);
    }
    flow.y += 3.0;
}

/// Horizontal bars, one per item, scaled to the largest value (or to 100 for rates).
fn bars(flow: &mut Flow, title: &str, items: &[(String, f64, String)], max: Option<f64>) {
    let (bar, gap, label_w, plot_w) = (4.6, 1.8, 34.0, 118.0);
    let h = 8.0 + items.len() as f32 * (bar + gap) + 3.0;
    flow.need(h);
    let face = flow.sheets.face();
    let items: Vec<(String, f64, String)> = items
        .iter()
        .map(|(l, v, t)| (flow.sheets.printable(l), *v, t.clone()))
        .collect();
    let max = max
        .unwrap_or_else(|| items.iter().map(|i| i.1).fold(0.0, f64::max))
        .max(1e-9);
    let (page, top) = (flow.page, flow.y);
    let canvas = flow.sheets.page(page);
    canvas.text_in(face, Area::new(LEFT, top, WIDTH, 7.0), 10.5, title, false);
    let x0 = LEFT + label_w + 2.0;
    let mut y = top + 8.0;
    for (label, value, text) in &items {
        let w = (value / max) as f32 * plot_w;
        canvas.text_in(face, Area::new(LEFT, y, label_w, bar), 9.0, label, false);
        if w > 0.0 {
            canvas.fill(x0, y, w, bar, 0.55);
        }
        canvas.text_in(
            face,
            Area::new(x0 + w + 1.5, y, 30.0, bar),
            9.0,
            text,
            false,
        );
        y += bar + gap;
    }
    canvas.line(x0, top + 7.0, x0, y, 0.8);
    canvas.line(x0, y, x0 + plot_w, y, 0.5);
    flow.y = y + 3.0;
}

fn count_bars(flow: &mut Flow, title: &str, counts: &[Count]) {
    let items: Vec<(String, f64, String)> = counts
        .iter()
        .map(|c| (c.label.clone(), c.count as f64, c.count.to_string()))
        .collect();
    bars(flow, title, &items, None);
}

fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("↑{n}"),
        n if n < 0 => format!("↓{}", -n),
        _ => "持平".to_owned(),
    }
}

fn change_rows(rows: &[Change]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|c| {
            vec![
                c.label.clone(),
                c.current.to_string(),
                c.previous.to_string(),
                signed(c.delta),
            ]
        })
        .collect()
}

fn score_rows(rows: &[Scorecard]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.received.to_string(),
                s.dispatched_on_time.display(),
                s.returned.display(),
                s.reopened.display(),
                s.handled_on_time.display(),
                s.satisfaction.display(),
                s.average_handling_hours
                    .map_or_else(|| "—".to_owned(), |h| format!("{h:.1}")),
            ]
        })
        .collect()
}

fn rate_text(r: Rate) -> String {
    format!("{}（{}/{}）", r.display(), r.count, r.of)
}

const CHANGE: [(&str, f32); 4] = [
    ("项目", 60.0),
    ("本期", 40.0),
    ("上期", 40.0),
    ("环比", 40.0),
];
const SCORE: [(&str, f32); 8] = [
    ("名称", 30.0),
    ("受理", 14.0),
    ("按时派发", 22.0),
    ("回退率", 20.0),
    ("重办率", 20.0),
    ("按时处理", 22.0),
    ("满意率", 22.0),
    ("平均处理(时)", 30.0),
];

/// The report of `statistics` with the supervisor's `analysis`, printed by `printed.0` at `printed.1`.
pub fn monthly_report(
    font: &ParsedFont,
    center: &str,
    statistics: &Statistics,
    analysis: &str,
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let (f, cmp) = (&statistics.figures, &statistics.comparison);
    let (w, h) = A4;
    let mut sheets = Sheets::new(
        &format!("月度投诉统计分析 {}", f.period.label_zh()),
        font,
        w,
        h,
    );
    let center = sheets.printable(center);
    let subtitle = format!("{center}    {}", f.period.label_zh());
    let first = sheets.add_page();
    let y = header(&mut sheets, first, &subtitle);
    let repeat = format!("{subtitle}（续）");
    let continuation =
        Box::new(move |sheets: &mut Sheets, page: usize| header(sheets, page, &repeat));
    let mut flow = Flow::new(sheets, first, y, continuation);
    flow.body_pt = 9.5;
    flow.line_mm = 4.8;
    flow.pad_mm = 1.1;
    let line = format!(
        "统计期间：{} 至 {}（按受理时间）；环比：{} 至 {}",
        f.period.from, f.period.to, cmp.previous.from, cmp.previous.to
    );
    flow.row(&[Cell::value(WIDTH, line)]);
    flow.y += 3.0;

    flow.section("一、投诉概况", WIDTH);
    let mut overview = change_rows(&cmp.headline);
    overview.extend(change_rows(&cmp.by_severity));
    table(&mut flow, &CHANGE, &overview);
    count_bars(&mut flow, "按被投诉部门", &f.counts.by_department);
    table(&mut flow, &CHANGE, &change_rows(&cmp.by_department));
    count_bars(&mut flow, "按投诉类别", &f.counts.by_category);
    table(&mut flow, &CHANGE, &change_rows(&cmp.by_category));
    table(&mut flow, &CHANGE, &change_rows(&cmp.by_channel));

    flow.section("二、时限执行", WIDTH);
    let on_time: Vec<(String, f64, String)> = f
        .deadlines
        .iter()
        .filter(|d| d.rate.of > 0)
        .map(|d| {
            (
                d.label.clone(),
                d.rate.percent().unwrap_or(0.0),
                d.rate.display(),
            )
        })
        .collect();
    bars(&mut flow, "按时率", &on_time, Some(100.0));
    let rows: Vec<Vec<String>> = f
        .deadlines
        .iter()
        .map(|d| {
            vec![
                d.label.clone(),
                d.on_time.to_string(),
                d.late.to_string(),
                d.overdue.to_string(),
                d.rate.display(),
            ]
        })
        .collect();
    let cols = [
        ("时限", 48.0),
        ("按时", 33.0),
        ("超时完成", 33.0),
        ("逾期未完成", 33.0),
        ("按时率", 33.0),
    ];
    table(&mut flow, &cols, &rows);
    let time = |t: &DateTime<FixedOffset>| t.format("%m-%d %H:%M").to_string();
    let rows: Vec<Vec<String>> = f
        .breaches
        .iter()
        .map(|b| {
            vec![
                b.case_no.clone(),
                b.department.clone(),
                b.kind.label_zh().to_owned(),
                time(&b.due_at),
                b.met_at.as_ref().map_or_else(|| "未完成".to_owned(), time),
            ]
        })
        .collect();
    let cols = [
        ("超时投诉编号", 44.0),
        ("被投诉部门", 36.0),
        ("时限", 30.0),
        ("应完成", 35.0),
        ("完成", 35.0),
    ];
    table(&mut flow, &cols, &rows);

    flow.section("三、部门及员工考核（不含无效投诉）", WIDTH);
    table(&mut flow, &SCORE, &score_rows(&f.departments));
    table(&mut flow, &SCORE, &score_rows(&f.employees));
    // The public-affairs duties, credited to who did them (entries made for others too).
    let duties: Vec<Vec<String>> = f
        .duties
        .iter()
        .map(|d| {
            let name = if d.has_account {
                d.name.clone()
            } else {
                format!("{}（代录）", d.name)
            };
            vec![
                name,
                d.dispatched.to_string(),
                d.forwarded.to_string(),
                d.notified.to_string(),
                d.called_back.to_string(),
            ]
        })
        .collect();
    if !duties.is_empty() {
        let cols = [
            ("公共事务人员", 60.0),
            ("派发", 30.0),
            ("转呈", 30.0),
            ("回复住户", 30.0),
            ("回访", 30.0),
        ];
        table(&mut flow, &cols, &duties);
    }

    flow.section("四、回访满意度", WIDTH);
    let sat = &f.satisfaction;
    let mut rows: Vec<Vec<String>> = sat
        .aspects
        .iter()
        .map(|a| {
            vec![
                a.label.clone(),
                a.satisfied.to_string(),
                a.fair.to_string(),
                a.dissatisfied.to_string(),
                rate_text(a.rate),
            ]
        })
        .collect();
    rows.push(vec![
        "综合满意率".into(),
        String::new(),
        String::new(),
        String::new(),
        rate_text(sat.overall),
    ]);
    rows.push(vec![
        "回访率".into(),
        String::new(),
        String::new(),
        String::new(),
        rate_text(sat.coverage),
    ]);
    let cols = [
        ("方面", 40.0),
        ("满意", 30.0),
        ("基本满意", 30.0),
        ("不满意", 30.0),
        ("满意率", 50.0),
    ];
    table(&mut flow, &cols, &rows);
    let summary = format!(
        "回访联系上 {} 次，未联系上 {} 次；剔除 {} 次（不可抗力或住户要求不合理，不计入满意率）。",
        sat.reached, sat.unreachable, sat.excluded
    );
    flow.row(&[Cell::value(WIDTH, summary)]);
    flow.y += 3.0;
    let rows: Vec<Vec<String>> = sat
        .exclusions
        .iter()
        .map(|e| {
            vec![
                e.case_no.clone(),
                e.department.clone(),
                e.exclusion.label_zh().to_owned(),
                e.reason.clone(),
            ]
        })
        .collect();
    let cols = [
        ("剔除投诉编号", 44.0),
        ("被投诉部门", 36.0),
        ("原因", 30.0),
        ("说明", 70.0),
    ];
    table(&mut flow, &cols, &rows);

    flow.section("五、投诉热点", WIDTH);
    let hot = &f.hot_spots;
    for (title, counts) in [
        ("热点类别", &hot.categories),
        ("热点楼栋", &hot.buildings),
        ("热点地点", &hot.locations),
        ("重复投诉房号", &hot.repeat_rooms),
    ] {
        let rows: Vec<Vec<String>> = counts
            .iter()
            .map(|c| vec![c.label.clone(), c.count.to_string()])
            .collect();
        table(&mut flow, &[(title, 120.0), ("投诉数", 60.0)], &rows);
    }

    flow.section("六、分析及下一步措施", WIDTH);
    let text = if analysis.trim().is_empty() {
        "（未填写）"
    } else {
        analysis
    };
    flow.row(&[Cell::value(WIDTH, text)]);

    flow.need(18.0);
    let (page, top) = (flow.page, flow.y + 8.0);
    let face = flow.sheets.face();
    let canvas = flow.sheets.page(page);
    canvas.text_in(
        face,
        Area::new(LEFT, top, 90.0, 6.0),
        10.5,
        "公共事务部主管：__________  日期：______",
        false,
    );
    canvas.text_in(
        face,
        Area::new(LEFT + 92.0, top, 90.0, 6.0),
        10.5,
        "管理处主管经理：__________  日期：______",
        false,
    );
    let (who, at) = printed;
    flow.sheets
        .finish(&format!("打印：{who} {}", at.format("%Y-%m-%d %H:%M")))
}
