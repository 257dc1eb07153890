//! 《月度投诉统计分析》: A4 portrait. The cover line, the tables, vector bar charts (fills,
//! rules and labels), the breaches, the supervisor's analysis and the signature lines.

use super::flow::{Cell, Flow, LEFT};
use super::layout::Area;
use super::{PdfError, Printed, Sheets};
use crate::stats::{Change, Count, DutyLine, Rate, Scorecard, Statistics, Verdict};
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

/// A verdict's light background: green, amber, red.
pub fn verdict_tint(v: Verdict) -> Option<[f32; 3]> {
    match v {
        Verdict::Met => Some([0.80, 0.93, 0.80]),
        Verdict::Below => Some([1.0, 0.90, 0.65]),
        Verdict::Failing => Some([0.98, 0.76, 0.76]),
        Verdict::NoData => None,
    }
}

fn percent(p: f64) -> String {
    format!("{p:.0}%")
}

/// Each on-time rate and the satisfaction against its target, the verdict tinted, then
/// the departments under the satisfaction line.
fn target_table(flow: &mut Flow, s: &Statistics) {
    let cols = [
        ("指标", 52.0),
        ("本期", 40.0),
        ("目标", 26.0),
        ("不合格线", 26.0),
        ("结论", 36.0),
    ];
    flow.need(2.0 * (flow.line_mm + 2.0 * flow.pad_mm));
    let head: Vec<Cell> = cols
        .iter()
        .map(|(t, w)| Cell::label(*w, t).centred())
        .collect();
    flow.row(&head);
    flow.repeat_header(head);
    for c in &s.checks {
        flow.row(&[
            Cell::value(cols[0].1, c.label.clone()),
            Cell::value(cols[1].1, rate_text(c.rate)),
            Cell::value(cols[2].1, percent(c.target.target)),
            Cell::value(cols[3].1, percent(c.target.line)),
            Cell::value(cols[4].1, c.verdict.label_zh()).tinted(verdict_tint(c.verdict)),
        ]);
    }
    flow.repeat_header(Vec::new());
    let failing = if s.failing.is_empty() {
        "无".to_owned()
    } else {
        s.failing
            .iter()
            .map(|d| format!("{}（{}）", d.name, rate_text(d.satisfaction)))
            .collect::<Vec<_>>()
            .join("、")
    };
    let line = format!(
        "满意率低于不合格线 {} 的部门：{failing}",
        percent(s.targets.satisfaction.line)
    );
    flow.row(&[Cell::value(WIDTH, line).tinted(if s.failing.is_empty() {
        None
    } else {
        verdict_tint(Verdict::Failing)
    })]);
    flow.y += 3.0;
}

/// 公共事务考核: each count with its on-time rate below it.
fn appraisal_rows(lines: &[DutyLine]) -> Vec<Vec<String>> {
    let both = |n: i64, r: Rate| {
        if r.of > 0 {
            format!("{n}\n{}", r.display())
        } else {
            n.to_string()
        }
    };
    lines
        .iter()
        .map(|d| {
            let name = if d.has_account {
                d.name.clone()
            } else {
                format!("{}（代录）", d.name)
            };
            vec![
                name,
                d.registered.to_string(),
                both(d.dispatched, d.dispatched_on_time),
                both(d.returns_logged, d.returns_same_day),
                both(d.forwarded, d.forwarded_on_time),
                both(d.notified, d.notified_same_day),
                both(d.called_back, d.called_back_on_time),
                both(d.arranged, d.arranged_on_time),
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

    flow.section("考核目标对照", WIDTH);
    target_table(&mut flow, statistics);

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
    // 被投诉人 (valid complaints only).
    let accused: Vec<Vec<String>> = f
        .accused
        .iter()
        .map(|a| {
            vec![
                a.name.clone(),
                a.total.to_string(),
                a.major.to_string(),
                a.important.to_string(),
                a.minor.to_string(),
            ]
        })
        .collect();
    let cols = [
        ("被投诉人", 60.0),
        ("被投诉", 30.0),
        ("重大", 30.0),
        ("重要", 30.0),
        ("轻微", 30.0),
    ];
    table(&mut flow, &cols, &accused);
    // 公共事务考核, credited to who did each duty (entries made for others too).
    let cols = [
        ("公共事务人员", 28.0),
        ("登记", 16.0),
        ("派发(10分钟内)", 24.0),
        ("返回登记(当天)", 24.0),
        ("转呈(按时)", 22.0),
        ("回复(当天)", 22.0),
        ("回访(按时)", 22.0),
        ("安排回访(按时)", 22.0),
    ];
    table(&mut flow, &cols, &appraisal_rows(&f.duties));

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
