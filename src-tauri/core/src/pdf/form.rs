//! 《住户投诉意见表》 for one complaint: the form, the handling record, sign-off,
//! notification, callback, and boxes for wet signatures.

use super::flow::{Cell, Flow, BODY_PT, LEFT};
use super::layout::Area;
use super::{PdfError, Printed, Sheets};
use crate::deadline::DeadlineStatus;
use crate::detail::ComplaintDetail;
use crate::event::EventData;
use crate::event::FieldChange;
use crate::model::{
    CallbackMethod, Channel, ContactMethod, NotifyMethod, Role, Satisfaction, Severity,
};
use crate::storage::reference::{Category, Department};
use chrono::{DateTime, FixedOffset};
use printpdf::ParsedFont;

const WIDTH: f32 = 180.0;
const A4: (f32, f32) = (210.0, 297.0);
/// Label, value, label, value.
const PAIR: [f32; 4] = [26.0, 64.0, 26.0, 64.0];

fn time(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn pair(flow: &mut Flow, a: (&str, Cell), b: (&str, Cell)) {
    flow.row(&[
        Cell::label(PAIR[0], a.0),
        a.1,
        Cell::label(PAIR[2], b.0),
        b.1,
    ]);
}

fn wide(flow: &mut Flow, label: &str, text: &str) {
    flow.row(&[
        Cell::label(PAIR[0], label),
        Cell::value(WIDTH - PAIR[0], text),
    ]);
}

fn department_name(departments: &[Department], id: i64) -> String {
    departments
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| format!("部门 {id}"))
}

/// One line of the handling record for an event, or `None` for events printed elsewhere.
fn record_line(
    event: &EventData,
    departments: &[Department],
    zone: &FixedOffset,
) -> Option<String> {
    Some(match event {
        EventData::Dispatched {
            department_id,
            recipient,
        } => {
            format!(
                "派发至{}，领表人：{recipient}",
                department_name(departments, *department_id)
            )
        }
        EventData::DispatchReturned { reason } => format!("被投诉部门回退（派发有误）：{reason}"),
        EventData::Forwarded { to_role, to_name } => format!(
            "转呈{}{}",
            to_role.label_zh(),
            to_name
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default()
        ),
        EventData::HandlingNote { note } => format!("处理记录：{note}"),
        EventData::WaitStarted { reason } => format!("等待住户（处理计时暂停）：{reason}"),
        EventData::WaitEnded => "恢复处理（处理计时继续）".into(),
        EventData::Handled { result } => format!("处理完毕：{result}"),
        EventData::FormReturned => "意见表已返回住户服务中心".into(),
        EventData::ExtensionRequested { reason, .. } => format!("申请延期：{reason}"),
        EventData::ExtensionDecided {
            approved,
            reason,
            new_deadline,
        } => format!(
            "{}延期{}：{reason}",
            if *approved { "批准" } else { "不批准" },
            if *approved {
                format!(
                    "至 {}",
                    new_deadline.with_timezone(zone).format("%Y-%m-%d %H:%M")
                )
            } else {
                String::new()
            }
        ),
        EventData::Reopened { reason } => format!("回访不满意，重新处理：{reason}"),
        EventData::SeverityReviewed { from, to, reason } => format!(
            "复核投诉等级：由{}改为{}，{reason}",
            from.label_zh(),
            to.label_zh()
        ),
        EventData::SeverityRaised { from, to, reason } => {
            format!(
                "投诉等级由{}升为{}：{reason}",
                from.label_zh(),
                to.label_zh()
            )
        }
        EventData::NextReplyPromised { promised_on, said } if said.is_empty() => {
            format!("约定下次答复日期：{promised_on}")
        }
        EventData::NextReplyPromised { promised_on, said } => {
            format!("已答复住户：{said}；约定下次答复日期：{promised_on}")
        }
        EventData::Voided { reason } => format!("作废：{reason}"),
        EventData::Archived => "归档".into(),
        EventData::Registered {
            backfilled_at: Some(t),
        } => format!(
            "【补录】纸质意见表于 {} 录入系统",
            t.with_timezone(zone).format("%Y-%m-%d %H:%M")
        ),
        EventData::Urged { due_at, days_late } => format!(
            "催办：处理期限 {} 已逾期 {days_late} 天，已发《催办通知单》",
            due_at.with_timezone(zone).format("%Y-%m-%d %H:%M")
        ),
        EventData::Attached { name, size, .. } => {
            format!("添加附件：{name}（{}）", human_size(*size))
        }
        EventData::AttachmentRemoved { name, reason, .. } => {
            format!("移除附件：{name}，原因：{reason}")
        }
        EventData::Registered {
            backfilled_at: None,
        }
        | EventData::SignedOff { .. }
        | EventData::ResidentNotified { .. }
        | EventData::CalledBack { .. }
        | EventData::CorrectiveRecorded { .. }
        | EventData::Corrected { .. } => return None,
    })
}

/// 1.2 MB, 350 KB.
pub fn human_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn satisfaction(s: Option<Satisfaction>) -> Vec<(&'static str, bool)> {
    Satisfaction::ALL
        .iter()
        .map(|v| (v.label_zh(), s == Some(*v)))
        .collect()
}

/// Draws the title block of the first page and returns where the table starts.
fn first_page_header(sheets: &mut Sheets, page: usize, center: &str, case_no: &str) -> f32 {
    let face = sheets.face();
    let center = sheets.printable(center);
    let qr = (!case_no.is_empty())
        .then(|| qrcode::QrCode::new(case_no.as_bytes()).ok())
        .flatten();
    let canvas = sheets.page(page);
    canvas.text_in(
        face,
        Area::new(LEFT, 14.0, WIDTH, 10.0),
        18.0,
        "《住户投诉意见表》",
        true,
    );
    canvas.text_in(
        face,
        Area::new(LEFT, 26.0, 120.0, 6.0),
        BODY_PT,
        &center,
        false,
    );
    canvas.text_in(
        face,
        Area::new(LEFT, 32.0, 120.0, 6.0),
        BODY_PT,
        &format!("投诉编号：{case_no}"),
        false,
    );
    if let Some(qr) = qr {
        let width = qr.width();
        let dark: Vec<Vec<bool>> = qr
            .to_colors()
            .chunks(width)
            .map(|row| row.iter().map(|c| *c == qrcode::Color::Dark).collect())
            .collect();
        let module = 20.0 / width as f32;
        canvas.modules(&dark, LEFT + WIDTH - 20.0, 12.0, module);
    }
    40.0
}

/// A photo attached to the complaint, printed on the appendix pages.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The attachment.
    pub attachment_id: i64,
    /// JPEG or PNG bytes.
    pub bytes: Vec<u8>,
}

/// The form of one complaint, its attachments listed and its photos on appendix pages.
/// `printed` names who printed it and when (in the footer).
pub fn complaint_form(
    font: &ParsedFont,
    center: &str,
    d: &ComplaintDetail,
    (departments, categories, photos): (&[Department], &[Category], &[Photo]),
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let f = &d.form;
    let case_no = d.row.case_no.clone();
    let mut sheets = Sheets::new(&format!("住户投诉意见表 {case_no}"), font, A4.0, A4.1);
    let first = sheets.add_page();
    let y = first_page_header(&mut sheets, first, center, &case_no);
    let header_case = case_no.clone();
    let continuation = Box::new(move |sheets: &mut Sheets, page: usize| {
        let face = sheets.face();
        let canvas = sheets.page(page);
        let title = format!("《住户投诉意见表》（续页）    投诉编号：{header_case}");
        canvas.text_in(face, Area::new(LEFT, 12.0, WIDTH, 8.0), 12.0, &title, false);
        canvas.line(LEFT, 22.0, LEFT + WIDTH, 22.0, 0.8);
        26.0
    });
    let mut flow = Flow::new(sheets, first, y, continuation);

    flow.section("受理登记", WIDTH);
    let channels: Vec<(&str, bool)> = Channel::ALL
        .iter()
        .map(|c| (c.label_zh(), *c == f.channel))
        .collect();
    pair(
        &mut flow,
        ("受理时间", Cell::value(PAIR[1], time(&f.received_at))),
        ("受理方式", Cell::choices(PAIR[3], &channels)),
    );
    pair(
        &mut flow,
        ("住户姓名", Cell::value(PAIR[1], &f.resident_name)),
        ("房号", Cell::value(PAIR[3], &f.room)),
    );
    let contact = match f.contact_method {
        ContactMethod::Phone => "电话",
        ContactMethod::Visit => "上门",
        ContactMethod::Letter => "书面",
        ContactMethod::Any => "均可",
    };
    pair(
        &mut flow,
        ("联系电话", Cell::value(PAIR[1], &f.phone)),
        ("联系方式", Cell::value(PAIR[3], contact)),
    );
    pair(
        &mut flow,
        (
            "事件发生时间",
            Cell::value(
                PAIR[1],
                f.occurred_at.as_ref().map(time).unwrap_or_default(),
            ),
        ),
        ("事件发生地点", Cell::value(PAIR[3], &f.location)),
    );
    pair(
        &mut flow,
        ("被投诉部门", Cell::value(PAIR[1], &d.row.department_name)),
        (
            "被投诉人",
            Cell::value(PAIR[3], f.accused_person.clone().unwrap_or_default()),
        ),
    );
    let severities: Vec<(&str, bool)> = Severity::ALL
        .iter()
        .map(|s| (s.label_zh(), *s == f.severity))
        .collect();
    pair(
        &mut flow,
        ("投诉类别", Cell::value(PAIR[1], &d.row.category_name)),
        ("投诉等级", Cell::choices(PAIR[3], &severities)),
    );
    pair(
        &mut flow,
        (
            "有效性",
            Cell::choices(PAIR[1], &[("有效投诉", f.valid), ("无效投诉", !f.valid)]),
        ),
        ("接待员", Cell::value(PAIR[3], &f.receptionist_name)),
    );
    if let Some(reason) = &f.invalid_reason {
        wide(&mut flow, "无效原因", reason);
    }
    if f.ongoing_harm {
        wide(
            &mut flow,
            "紧急措施",
            f.immediate_measure.as_deref().unwrap_or(""),
        );
    }
    wide(&mut flow, "投诉事件经过", &f.description);
    let request = match &f.resident_deadline {
        Some(t) => format!("{}\n（住户要求期限：{}）", f.resident_request, time(t)),
        None => f.resident_request.clone(),
    };
    wide(&mut flow, "住户要求", &request);

    // Corrections made after registration: the form above reads as corrected.
    let corrections: Vec<_> = d
        .timeline
        .iter()
        .filter_map(|e| match &e.event {
            EventData::Corrected { changes, reason } => Some((e, changes, reason)),
            _ => None,
        })
        .collect();
    if !corrections.is_empty() {
        flow.section("更正记录", WIDTH);
        let cols = [36.0, 112.0, 32.0];
        flow.row(&[
            Cell::label(cols[0], "更正时间").centred(),
            Cell::label(cols[1], "更正内容（原 → 新）").centred(),
            Cell::label(cols[2], "更正人").centred(),
        ]);
        for (e, changes, reason) in corrections {
            let mut text: Vec<String> = changes
                .iter()
                .map(|c| change_line(c, departments, categories))
                .collect();
            text.push(format!("更正原因：{reason}"));
            let who = match e.actor_role {
                Some(role) => format!("{}\n{}", e.actor_name, role.label_zh()),
                None => e.actor_name.clone(),
            };
            flow.row(&[
                Cell::value(cols[0], time(&e.at)),
                Cell::value(cols[1], text.join("\n")),
                Cell::value(cols[2], who),
            ]);
        }
    }

    // The handling record: every dated step, who recorded it.
    flow.section("处理过程记录", WIDTH);
    let cols = [36.0, 112.0, 32.0];
    flow.row(&[
        Cell::label(cols[0], "时间").centred(),
        Cell::label(cols[1], "记录").centred(),
        Cell::label(cols[2], "记录人").centred(),
    ]);
    let mut any = false;
    for e in &d.timeline {
        if let Some(line) = record_line(&e.event, departments, e.at.offset()) {
            any = true;
            let who = match e.actor_role {
                Some(role) => format!("{}\n{}", e.actor_name, role.label_zh()),
                None => e.actor_name.clone(),
            };
            flow.row(&[
                Cell::value(cols[0], time(&e.at)),
                Cell::value(cols[1], line),
                Cell::value(cols[2], who),
            ]);
        }
    }
    if !any {
        flow.row(&[Cell::value(WIDTH, "（尚无处理记录）")]);
    }
    let result = d.timeline.iter().rev().find_map(|e| match &e.event {
        EventData::Handled { result } => Some(result.clone()),
        _ => None,
    });
    wide(
        &mut flow,
        "处理结果",
        result.as_deref().unwrap_or("（尚未处理完毕）"),
    );

    // Sign-off and the corrective/preventive record (major and important).
    if f.severity != Severity::Minor {
        flow.section("签批（不合格纠正与预防）", WIDTH);
        let mut signed = false;
        for e in &d.timeline {
            if let EventData::SignedOff { approved, comment } = &e.event {
                signed = true;
                let who = format!(
                    "{}（{}）",
                    e.actor_name,
                    e.actor_role.map_or("", Role::label_zh)
                );
                pair(
                    &mut flow,
                    ("签批人", Cell::value(PAIR[1], who)),
                    ("签批时间", Cell::value(PAIR[3], time(&e.at))),
                );
                let verdict = if *approved {
                    "同意"
                } else {
                    "退回重新处理"
                };
                wide(&mut flow, "签批意见", &format!("【{verdict}】{comment}"));
            }
        }
        if !signed {
            wide(&mut flow, "签批意见", "（待签批）");
        }
        for e in &d.timeline {
            if let EventData::CorrectiveRecorded {
                cause,
                corrective_action,
                preventive_action,
                verified_by,
                verified_on,
            } = &e.event
            {
                wide(&mut flow, "原因分析", cause);
                wide(&mut flow, "纠正措施", corrective_action);
                wide(&mut flow, "预防措施", preventive_action);
                pair(
                    &mut flow,
                    ("验证人", Cell::value(PAIR[1], verified_by)),
                    (
                        "验证日期",
                        Cell::value(
                            PAIR[3],
                            verified_on.map(|d| d.to_string()).unwrap_or_default(),
                        ),
                    ),
                );
            }
        }
    }

    flow.section("回复住户", WIDTH);
    let mut notified = false;
    for e in &d.timeline {
        if let EventData::ResidentNotified {
            method,
            response,
            done_by,
            done_at,
        } = &e.event
        {
            notified = true;
            let methods = [
                ("电话通知", *method == NotifyMethod::Phone),
                ("上门告知", *method == NotifyMethod::InPerson),
            ];
            pair(
                &mut flow,
                (
                    "回复时间",
                    Cell::value(PAIR[1], who_when(e, done_by.as_ref(), *done_at)),
                ),
                ("回复方式", Cell::choices(PAIR[3], &methods)),
            );
            wide(&mut flow, "住户反馈", response);
        }
    }
    if !notified {
        wide(&mut flow, "回复情况", "（尚未回复住户）");
    }
    if let Some(date) = d.next_reply_on {
        wide(&mut flow, "约定下次答复", &date.to_string());
    }

    flow.section("回访", WIDTH);
    let mut called = false;
    for e in &d.timeline {
        if let EventData::CalledBack {
            reached,
            method,
            attitude,
            conduct,
            result,
            remarks,
            exclusion,
            exclusion_reason,
            done_by,
            done_at,
        } = &e.event
        {
            called = true;
            let methods = [
                ("电话", *method == CallbackMethod::Phone),
                ("上门", *method == CallbackMethod::Visit),
            ];
            pair(
                &mut flow,
                (
                    "回访时间",
                    Cell::value(PAIR[1], who_when(e, done_by.as_ref(), *done_at)),
                ),
                ("回访方式", Cell::choices(PAIR[3], &methods)),
            );
            if *reached {
                for (label, value) in [
                    ("服务态度", attitude),
                    ("工作作风", conduct),
                    ("处理结果", result),
                ] {
                    flow.row(&[
                        Cell::label(PAIR[0], label),
                        Cell::choices(WIDTH - PAIR[0], &satisfaction(*value)),
                    ]);
                }
                if let Some(x) = exclusion {
                    let text = format!(
                        "{}：{}（不计入满意率）",
                        x.label_zh(),
                        exclusion_reason.as_deref().unwrap_or("")
                    );
                    wide(&mut flow, "剔除说明", &text);
                }
            } else {
                wide(&mut flow, "回访结果", "未能联系到住户");
            }
            if !remarks.is_empty() {
                wide(&mut flow, "回访备注", remarks);
            }
        }
    }
    if !called {
        wide(&mut flow, "回访结果", "（尚未回访）");
    }
    deadline_list(&mut flow, d);
    attachment_list(&mut flow, d);
    signature_boxes(&mut flow);
    photo_pages(&mut flow, d, photos);

    let (who, at) = printed;
    let footer = format!("打印：{who} {}", time(&at));
    flow.sheets.finish(&footer)
}

/// Every deadline with the rule it follows (calendar or working time, the resident's
/// own date, an extension), when it was due and how it stands at printing.
fn deadline_list(flow: &mut Flow, d: &ComplaintDetail) {
    if d.deadlines.is_empty() {
        return;
    }
    flow.section("办理期限", WIDTH);
    let cols = [20.0, 56.0, 34.0, 34.0, 36.0];
    let head = vec![
        Cell::label(cols[0], "期限").centred(),
        Cell::label(cols[1], "计时规则").centred(),
        Cell::label(cols[2], "起算").centred(),
        Cell::label(cols[3], "到期").centred(),
        Cell::label(cols[4], "状态").centred(),
    ];
    flow.row(&head);
    flow.repeat_header(head);
    for x in &d.deadlines {
        let status = match (x.status, x.met_at) {
            (DeadlineStatus::MetOnTime, Some(m)) => format!(
                "按时完成
{}",
                time(&m)
            ),
            (DeadlineStatus::MetLate, Some(m)) => format!(
                "逾期完成
{}",
                time(&m)
            ),
            (DeadlineStatus::Overdue, _) => "已超时".into(),
            (_, _) if x.paused => "暂停（等待住户）".into(),
            (DeadlineStatus::DueSoon, _) => "预警".into(),
            _ => "进行中".into(),
        };
        flow.row(&[
            Cell::value(cols[0], x.kind.label_zh()),
            Cell::value(cols[1], &x.rule),
            Cell::value(cols[2], time(&x.started_at)),
            Cell::value(cols[3], time(&x.due_at)),
            Cell::value(cols[4], status),
        ]);
    }
    flow.repeat_header(Vec::new());
}

/// The attachments kept (removed ones are in the handling record), numbered as the
/// appendix numbers their photos.
fn attachment_list(flow: &mut Flow, d: &ComplaintDetail) {
    let kept: Vec<_> = d
        .attachments
        .iter()
        .filter(|a| a.removed_event_id.is_none())
        .collect();
    if kept.is_empty() {
        return;
    }
    flow.section("附件", WIDTH);
    let cols = [12.0, 70.0, 30.0, 68.0];
    let head = vec![
        Cell::label(cols[0], "序号").centred(),
        Cell::label(cols[1], "文件").centred(),
        Cell::label(cols[2], "类型 / 大小").centred(),
        Cell::label(cols[3], "添加 / 所属步骤").centred(),
    ];
    flow.row(&head);
    flow.repeat_header(head);
    for (n, a) in kept.iter().enumerate() {
        let added = d.timeline.iter().find(|e| e.id == a.event_id);
        let who = added.map_or_else(String::new, |e| format!("{} {}", e.actor_name, time(&e.at)));
        let step = a
            .step_event_id
            .and_then(|id| d.timeline.iter().find(|e| e.id == id))
            .map(|e| format!("\n{}（{}）", step_name(&e.event), time(&e.at)))
            .unwrap_or_default();
        let kind = match a.kind {
            crate::attachments::Kind::Jpeg | crate::attachments::Kind::Png => "照片",
            crate::attachments::Kind::Heic => "照片(HEIC)",
            crate::attachments::Kind::Pdf => "PDF 扫描件",
        };
        flow.row(&[
            Cell::value(cols[0], format!("{}", n + 1)).centred(),
            Cell::value(cols[1], &a.name),
            Cell::value(cols[2], format!("{kind}\n{}", human_size(a.size))),
            Cell::value(cols[3], format!("{who}{step}")),
        ]);
    }
    flow.repeat_header(Vec::new());
}

/// What a step is called, for an attachment that documents it.
fn step_name(e: &EventData) -> &'static str {
    match e {
        EventData::Registered { .. } => "受理登记",
        EventData::Dispatched { .. } => "派发",
        EventData::HandlingNote { .. } => "处理记录",
        EventData::Handled { .. } => "处理完毕",
        EventData::FormReturned => "意见表返回",
        EventData::SignedOff { .. } => "签批",
        EventData::ResidentNotified { .. } => "回复住户",
        EventData::CalledBack { .. } => "回访",
        EventData::CorrectiveRecorded { .. } => "纠正与预防",
        _ => "处理步骤",
    }
}

/// 附页: the kept photos, two to a page, each with its number and name.
fn photo_pages(flow: &mut Flow, d: &ComplaintDetail, photos: &[Photo]) {
    let kept: Vec<_> = d
        .attachments
        .iter()
        .filter(|a| a.removed_event_id.is_none())
        .collect();
    let mut shown = 0;
    for (n, a) in kept.iter().enumerate() {
        let Some(photo) = photos.iter().find(|p| p.attachment_id == a.id) else {
            continue;
        };
        if shown % 2 == 0 {
            flow.next_page();
            let (page, top) = (flow.page, flow.y);
            let face = flow.sheets.face();
            flow.sheets.page(page).text_in(
                face,
                Area::new(LEFT, top, WIDTH, 8.0),
                12.0,
                "附页：照片",
                true,
            );
            flow.y += 10.0;
        }
        let (page, top) = (flow.page, flow.y);
        let box_h = 112.0;
        let drawn = flow
            .sheets
            .picture(page, &photo.bytes, (LEFT, top, WIDTH, box_h));
        let caption = match drawn {
            Some(_) => format!("附件 {}：{}", n + 1, a.name),
            None => format!("附件 {}：{}（无法显示）", n + 1, a.name),
        };
        let face = flow.sheets.face();
        let caption = flow.sheets.printable(&caption);
        flow.sheets.page(page).text_in(
            face,
            Area::new(LEFT, top + box_h + 1.0, WIDTH, 6.0),
            BODY_PT,
            &caption,
            true,
        );
        flow.y = top + box_h + 10.0;
        shown += 1;
    }
}

/// "联系电话：原 → 新", values as the form prints them.
fn change_line(c: &FieldChange, departments: &[Department], categories: &[Category]) -> String {
    let value = |v: &Option<String>| -> String {
        let Some(v) = v.as_deref() else {
            return "（空）".into();
        };
        let id = || v.parse::<i64>().ok();
        match c.field.as_str() {
            "channel" => {
                Channel::from_code(v).map_or_else(|| v.to_owned(), |x| x.label_zh().to_owned())
            }
            "contactMethod" => ContactMethod::from_code(v)
                .map_or_else(|| v.to_owned(), |x| x.label_zh().to_owned()),
            "severity" => {
                Severity::from_code(v).map_or_else(|| v.to_owned(), |x| x.label_zh().to_owned())
            }
            "departmentId" => id().map_or_else(|| v.into(), |id| department_name(departments, id)),
            "categoryId" => id()
                .and_then(|id| categories.iter().find(|k| k.id == id))
                .map_or_else(|| v.into(), |k| k.name.clone()),
            "valid" => if v == "true" {
                "有效投诉"
            } else {
                "无效投诉"
            }
            .into(),
            "ongoingHarm" => if v == "true" { "是" } else { "否" }.into(),
            _ => v.into(),
        }
    };
    format!(
        "{}：{} → {}",
        crate::validation::field_label(&c.field).0,
        value(&c.before),
        value(&c.after)
    )
}

/// When and by whom, and — for an entry made for someone else — who entered it and when.
fn who_when(
    e: &crate::detail::TimelineEntry,
    done_by: Option<&crate::event::Doer>,
    done_at: Option<chrono::DateTime<chrono::Utc>>,
) -> String {
    match (done_by, done_at) {
        (None, None) => format!("{}  {}", time(&e.at), e.actor_name),
        (by, at) => {
            let when = at.map_or_else(|| time(&e.at), |t| time(&t.with_timezone(&e.at.timezone())));
            let who = by.map_or(e.actor_name.as_str(), |d| d.name.as_str());
            format!("{when}  {who}（{} 于 {} 代录）", e.actor_name, time(&e.at))
        }
    }
}

/// The four boxes for wet signatures at the foot of the form.
fn signature_boxes(flow: &mut Flow) {
    let boxes = [
        "领表人签字",
        "部门主管签字",
        "主管经理/总经理签字",
        "住户意见及签字",
    ];
    let (box_w, box_h) = (WIDTH / 4.0, 30.0);
    flow.need(box_h + 4.0);
    let top = flow.y + 4.0;
    let page = flow.page;
    let face = flow.sheets.face();
    let canvas = flow.sheets.page(page);
    for (i, label) in boxes.iter().enumerate() {
        let x = LEFT + i as f32 * box_w;
        canvas.frame(x, top, box_w, box_h, 0.6);
        canvas.text_in(
            face,
            Area::new(x + 2.0, top + 1.0, box_w - 4.0, 6.0),
            9.5,
            label,
            false,
        );
        canvas.text_in(
            face,
            Area::new(x + 2.0, top + box_h - 7.0, box_w - 4.0, 6.0),
            9.0,
            "日期：    年   月   日",
            false,
        );
    }
    flow.y = top + box_h;
}

/// 4.3 投诉界定, printed beside the severity choice of the blank form.
pub const SEVERITY_DEFINITIONS: [(&str, &str); 3] = [
    (
        "重大投诉",
        "a) 公司承诺或合同规定提供的服务没有实施或实施效果有明显差错，经住户多次提出而得不到解决的投诉；b) 由于公司责任给住户造成重大经济损失或人身伤害的；c) 有效投诉在一个月内得不到合理解决的投诉。当天呈送公司总经理。",
    ),
    (
        "重要投诉",
        "因公司的管理服务工作不到位、有过失而引起的投诉。当天呈送管理处主管经理。",
    ),
    (
        "轻微投诉",
        "因公司的设施、设备和管理水平有限给住户造成的生活、工作轻微不便而非人为因素造成的影响，可以通过改进而较易得到解决或改进的投诉。",
    ),
];

/// Empty lines to write on.
fn lines(n: usize) -> String {
    "\n".repeat(n.saturating_sub(1))
}

/// 《住户投诉意见表》 with empty fields, for a desk whose PC or power is down: filled in
/// by hand, handed to the department as usual, and typed in later as 补录 with the
/// received time written on it.
pub fn blank_form(
    font: &ParsedFont,
    center: &str,
    departments: &[Department],
    printed: (&str, DateTime<FixedOffset>),
) -> Result<Printed, PdfError> {
    let mut sheets = Sheets::new("住户投诉意见表（空白）", font, A4.0, A4.1);
    let first = sheets.add_page();
    let y = first_page_header(&mut sheets, first, center, "");
    let continuation = Box::new(move |sheets: &mut Sheets, page: usize| {
        let face = sheets.face();
        let canvas = sheets.page(page);
        let title = "《住户投诉意见表》（续页）    投诉编号：";
        canvas.text_in(face, Area::new(LEFT, 12.0, WIDTH, 8.0), 12.0, title, false);
        canvas.line(LEFT, 22.0, LEFT + WIDTH, 22.0, 0.8);
        26.0
    });
    let mut flow = Flow::new(sheets, first, y, continuation);
    wide(
        &mut flow,
        "填写说明",
        "本表供系统或电源故障时手工登记使用：受理时间写到分钟，10 分钟内送被投诉部门并由领表人签字；系统恢复后由接待员勾选「纸质表补录」录入，受理时间按本表填写，投诉编号由系统编定后写在右上角。",
    );

    flow.section("受理登记", WIDTH);
    fn none<'a>(labels: &[&'a str]) -> Vec<(&'a str, bool)> {
        labels.iter().map(|l| (*l, false)).collect()
    }
    let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.label_zh()).collect();
    pair(
        &mut flow,
        (
            "受理时间",
            Cell::value(PAIR[1], "    年   月   日   时   分"),
        ),
        ("受理方式", Cell::choices(PAIR[3], &none(&channels))),
    );
    pair(
        &mut flow,
        ("住户姓名", Cell::value(PAIR[1], "")),
        ("房号", Cell::value(PAIR[3], "")),
    );
    let contacts: Vec<&str> = ContactMethod::ALL.iter().map(|c| c.label_zh()).collect();
    pair(
        &mut flow,
        ("联系电话", Cell::value(PAIR[1], "")),
        ("联系方式", Cell::choices(PAIR[3], &none(&contacts))),
    );
    pair(
        &mut flow,
        ("事件发生时间", Cell::value(PAIR[1], "")),
        ("事件发生地点", Cell::value(PAIR[3], "")),
    );
    let in_use: Vec<&str> = departments
        .iter()
        .filter(|d| d.active)
        .map(|d| d.name.as_str())
        .collect();
    flow.row(&[
        Cell::label(PAIR[0], "被投诉部门"),
        Cell::choices(WIDTH - PAIR[0], &none(&in_use)),
    ]);
    pair(
        &mut flow,
        ("被投诉人", Cell::value(PAIR[1], "")),
        ("投诉类别", Cell::value(PAIR[3], "")),
    );
    pair(
        &mut flow,
        (
            "有效性",
            Cell::choices(PAIR[1], &none(&["有效投诉", "无效投诉"])),
        ),
        ("保密", Cell::choices(PAIR[3], &none(&["住户要求保密"]))),
    );
    let severities: Vec<&str> = Severity::ALL.iter().map(|s| s.label_zh()).collect();
    flow.row(&[
        Cell::label(PAIR[0], "投诉等级"),
        Cell::choices(WIDTH - PAIR[0], &none(&severities)),
    ]);
    let definitions: Vec<String> = SEVERITY_DEFINITIONS
        .iter()
        .map(|(name, text)| format!("{name}：{text}"))
        .collect();
    wide(&mut flow, "等级界定", &definitions.join("\n"));
    wide(&mut flow, "紧急措施", &lines(2));
    wide(&mut flow, "投诉事件经过", &lines(7));
    wide(
        &mut flow,
        "住户要求",
        &format!("{}\n住户要求期限：", lines(3)),
    );
    pair(
        &mut flow,
        ("接待员", Cell::value(PAIR[1], "")),
        ("领表人/时间", Cell::value(PAIR[3], "")),
    );

    flow.section("处理过程记录", WIDTH);
    wide(&mut flow, "处理过程", &lines(5));
    wide(&mut flow, "处理结果", &lines(3));

    flow.section("签批（重大、重要投诉）", WIDTH);
    wide(&mut flow, "签批意见", &lines(2));

    flow.section("回复住户", WIDTH);
    pair(
        &mut flow,
        ("回复时间", Cell::value(PAIR[1], "")),
        (
            "回复方式",
            Cell::choices(PAIR[3], &none(&["电话通知", "上门告知"])),
        ),
    );
    wide(&mut flow, "住户反馈", &lines(2));

    flow.section("回访", WIDTH);
    pair(
        &mut flow,
        ("回访时间", Cell::value(PAIR[1], "")),
        ("回访方式", Cell::choices(PAIR[3], &none(&["电话", "上门"]))),
    );
    let answers: Vec<&str> = Satisfaction::ALL.iter().map(|s| s.label_zh()).collect();
    for label in ["服务态度", "工作作风", "处理结果"] {
        flow.row(&[
            Cell::label(PAIR[0], label),
            Cell::choices(WIDTH - PAIR[0], &none(&answers)),
        ]);
    }
    signature_boxes(&mut flow);

    let (who, at) = printed;
    let footer = format!("空白表  打印：{who} {}", time(&at));
    flow.sheets.finish(&footer)
}
