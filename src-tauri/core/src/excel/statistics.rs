//! The statistics of a period as a workbook, one sheet per table of the report.

use super::{table, ExcelError, Value};
use crate::stats::{Change, Rate, Scorecard, Statistics};
use rust_xlsxwriter::Workbook;

fn rate(r: Rate) -> Value {
    r.percent()
        .map_or(Value::Empty, |p| Value::Percent(p / 100.0))
}

fn changes(rows: &[Change]) -> Vec<Vec<Value>> {
    rows.iter()
        .map(|c| {
            vec![
                c.label.as_str().into(),
                c.current.into(),
                c.previous.into(),
                c.delta.into(),
            ]
        })
        .collect()
}

fn scorecards(rows: &[Scorecard]) -> Vec<Vec<Value>> {
    rows.iter()
        .map(|s| {
            vec![
                s.name.as_str().into(),
                s.received.into(),
                rate(s.dispatched_on_time),
                rate(s.returned),
                rate(s.reopened),
                rate(s.handled_on_time),
                rate(s.satisfaction),
                s.average_handling_hours
                    .map_or(Value::Empty, Value::Decimal),
            ]
        })
        .collect()
}

const SCORE_COLUMNS: [(&str, f64); 8] = [
    ("名称", 16.0),
    ("受理数", 9.0),
    ("按时派发率", 12.0),
    ("回退率", 9.0),
    ("重办率", 9.0),
    ("按时处理率", 12.0),
    ("满意率", 9.0),
    ("平均处理时长(小时)", 18.0),
];

const CHANGE_COLUMNS: [(&str, f64); 4] =
    [("项目", 16.0), ("本期", 9.0), ("上期", 9.0), ("增减", 9.0)];

/// One sheet per table: 概况, 目标对照, 按等级, 按部门, 按类别, 按受理方式, 按状态, 时限,
/// 超时清单, 部门考核, 员工考核, 被投诉人, 公共事务考核, 满意度, 剔除回访, 热点类别, 热点地点, 热点楼栋, 重复投诉房号.
/// Shares are numbers formatted as percentages; a share with nothing to divide by is blank.
pub fn statistics(s: &Statistics) -> Result<Vec<u8>, ExcelError> {
    let (f, cmp) = (&s.figures, &s.comparison);
    let mut book = Workbook::new();
    let mut overview = vec![vec![
        Value::from("统计期间"),
        f.period.label_zh().into(),
        cmp.previous.label_zh().into(),
        Value::Empty,
    ]];
    overview.extend(changes(&cmp.headline));
    for r in &cmp.rates {
        overview.push(vec![
            r.label.as_str().into(),
            rate(r.current),
            rate(r.previous),
            r.points.map_or(Value::Empty, |p| Value::Percent(p / 100.0)),
        ]);
    }
    table(&mut book, "概况", &CHANGE_COLUMNS, &overview)?;
    let mut checks: Vec<Vec<Value>> = s
        .checks
        .iter()
        .map(|c| {
            vec![
                c.label.as_str().into(),
                rate(c.rate),
                Value::Percent(c.target.target / 100.0),
                Value::Percent(c.target.line / 100.0),
                Value::Verdict(c.verdict),
            ]
        })
        .collect();
    for d in &s.failing {
        checks.push(vec![
            format!("不合格部门：{}", d.name).into(),
            rate(d.satisfaction),
            Value::Percent(s.targets.satisfaction.target / 100.0),
            Value::Percent(s.targets.satisfaction.line / 100.0),
            Value::Verdict(crate::stats::Verdict::Failing),
        ]);
    }
    table(
        &mut book,
        "目标对照",
        &[
            ("指标", 22.0),
            ("本期", 9.0),
            ("目标", 9.0),
            ("不合格线", 10.0),
            ("结论", 9.0),
        ],
        &checks,
    )?;
    for (name, rows) in [
        ("按等级", &cmp.by_severity),
        ("按部门", &cmp.by_department),
        ("按类别", &cmp.by_category),
        ("按受理方式", &cmp.by_channel),
    ] {
        table(&mut book, name, &CHANGE_COLUMNS, &changes(rows))?;
    }
    let states: Vec<Vec<Value>> = f
        .counts
        .by_state
        .iter()
        .map(|c| vec![c.label.as_str().into(), c.count.into()])
        .collect();
    table(
        &mut book,
        "按状态",
        &[("状态", 12.0), ("数量", 9.0)],
        &states,
    )?;
    let deadlines: Vec<Vec<Value>> = f
        .deadlines
        .iter()
        .map(|d| {
            vec![
                d.label.as_str().into(),
                d.on_time.into(),
                d.late.into(),
                d.overdue.into(),
                rate(d.rate),
            ]
        })
        .collect();
    table(
        &mut book,
        "时限",
        &[
            ("时限", 12.0),
            ("按时", 9.0),
            ("超时完成", 10.0),
            ("逾期未完成", 11.0),
            ("按时率", 9.0),
        ],
        &deadlines,
    )?;
    let time = |t: &chrono::DateTime<chrono::FixedOffset>| t.format("%Y-%m-%d %H:%M").to_string();
    let breaches: Vec<Vec<Value>> = f
        .breaches
        .iter()
        .map(|b| {
            vec![
                b.case_no.as_str().into(),
                b.department.as_str().into(),
                b.kind.label_zh().into(),
                time(&b.due_at).into(),
                b.met_at
                    .as_ref()
                    .map_or_else(|| "未完成".to_owned(), time)
                    .into(),
            ]
        })
        .collect();
    table(
        &mut book,
        "超时清单",
        &[
            ("投诉编号", 17.0),
            ("被投诉部门", 13.0),
            ("时限", 11.0),
            ("应完成时间", 17.0),
            ("完成时间", 17.0),
        ],
        &breaches,
    )?;
    table(
        &mut book,
        "部门考核",
        &SCORE_COLUMNS,
        &scorecards(&f.departments),
    )?;
    table(
        &mut book,
        "员工考核",
        &SCORE_COLUMNS,
        &scorecards(&f.employees),
    )?;
    let accused: Vec<Vec<Value>> = f
        .accused
        .iter()
        .map(|a| {
            vec![
                a.name.as_str().into(),
                a.total.into(),
                a.major.into(),
                a.important.into(),
                a.minor.into(),
            ]
        })
        .collect();
    table(
        &mut book,
        "被投诉人",
        &[
            ("被投诉人", 14.0),
            ("被投诉", 9.0),
            ("重大", 8.0),
            ("重要", 8.0),
            ("轻微", 8.0),
        ],
        &accused,
    )?;
    let duties: Vec<Vec<Value>> = f
        .duties
        .iter()
        .map(|d| {
            vec![
                d.name.as_str().into(),
                if d.has_account {
                    ""
                } else {
                    "无账号，代录"
                }
                .into(),
                d.registered.into(),
                d.dispatched.into(),
                rate(d.dispatched_on_time),
                d.returns_logged.into(),
                rate(d.returns_same_day),
                d.forwarded.into(),
                rate(d.forwarded_on_time),
                d.notified.into(),
                rate(d.notified_same_day),
                d.called_back.into(),
                rate(d.called_back_on_time),
                d.arranged.into(),
                rate(d.arranged_on_time),
            ]
        })
        .collect();
    table(
        &mut book,
        "公共事务考核",
        &[
            ("人员", 14.0),
            ("备注", 14.0),
            ("登记", 7.0),
            ("派发", 7.0),
            ("10分钟内派发率", 15.0),
            ("返回登记", 9.0),
            ("当天返回登记率", 15.0),
            ("转呈", 7.0),
            ("按时转呈率", 11.0),
            ("回复住户", 9.0),
            ("当天回复率", 11.0),
            ("回访", 7.0),
            ("按时回访率", 11.0),
            ("安排回访", 9.0),
            ("按时安排回访率", 15.0),
        ],
        &duties,
    )?;
    let sat = &f.satisfaction;
    let mut aspects: Vec<Vec<Value>> = sat
        .aspects
        .iter()
        .map(|a| {
            vec![
                a.label.as_str().into(),
                a.satisfied.into(),
                a.fair.into(),
                a.dissatisfied.into(),
                rate(a.rate),
            ]
        })
        .collect();
    aspects.push(vec![
        "综合".into(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
        rate(sat.overall),
    ]);
    table(
        &mut book,
        "满意度",
        &[
            ("方面", 12.0),
            ("满意", 9.0),
            ("基本满意", 10.0),
            ("不满意", 9.0),
            ("满意率", 9.0),
        ],
        &aspects,
    )?;
    let excluded: Vec<Vec<Value>> = sat
        .exclusions
        .iter()
        .map(|e| {
            vec![
                e.case_no.as_str().into(),
                e.department.as_str().into(),
                e.exclusion.label_zh().into(),
                e.reason.as_str().into(),
                time(&e.at).into(),
            ]
        })
        .collect();
    table(
        &mut book,
        "剔除回访",
        &[
            ("投诉编号", 17.0),
            ("被投诉部门", 13.0),
            ("剔除原因", 11.0),
            ("说明", 36.0),
            ("回访时间", 17.0),
        ],
        &excluded,
    )?;
    let h = &f.hot_spots;
    for (name, title, rows) in [
        ("热点类别", "类别", &h.categories),
        ("热点地点", "地点", &h.locations),
        ("热点楼栋", "楼栋", &h.buildings),
        ("重复投诉房号", "房号", &h.repeat_rooms),
    ] {
        let rows: Vec<Vec<Value>> = rows
            .iter()
            .map(|c| vec![c.label.as_str().into(), c.count.into()])
            .collect();
        table(&mut book, name, &[(title, 20.0), ("投诉数", 9.0)], &rows)?;
    }
    Ok(book.save_to_buffer()?)
}
