//! Realistic Chinese demo data in every state, for trying the app out. Deterministic:
//! the same months and instant give the same data.

use crate::complaint::NewComplaint;
use crate::desk::{Desk, NewUser, Result, SetupInput};
use crate::model::{
    CallbackMethod, Channel, ContactMethod, NotifyMethod, Role, Satisfaction, Severity, User,
};
use crate::storage::{bulk, users};
use crate::workflow::{
    CallbackInput, CorrectiveInput, DispatchInput, ForwardInput, HandledInput, NoteInput,
    NotifyInput, ReasonInput, SignOffInput, Step,
};
use chrono::{DateTime, Duration, Utc};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Demo@12345";

/// A small deterministic generator (xorshift), enough for sample data.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub(crate) const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];
pub(crate) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀英", "桂兰", "建华", "志强",
];
/// (category name, department name, what happened, what the resident asks)
pub(crate) const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "维修",
        "工程维修部",
        "厨房水管接头漏水，楼下住户天花板已出现水渍，报修两天无人上门。",
        "今天之内派人维修并查看楼下损失",
    ),
    (
        "维修",
        "工程维修部",
        "单元门禁对讲机失灵，访客无法呼叫，老人出入不便。",
        "尽快修好门禁对讲",
    ),
    (
        "维修",
        "工程维修部",
        "电梯近一周内三次停在两层之间，家中老人被困二十分钟。",
        "彻查电梯故障并书面答复",
    ),
    (
        "安保",
        "秩序维护部",
        "夜间有陌生人尾随进入单元楼，值班保安未查问登记。",
        "加强门岗登记和夜间巡逻",
    ),
    (
        "安保",
        "秩序维护部",
        "小区东门道闸经常无人值守，外来车辆随意进出。",
        "安排专人值守东门",
    ),
    (
        "保洁",
        "环境绿化部",
        "楼道垃圾连续三天未清运，气味很大，招来蚊蝇。",
        "每天按时清运并消杀",
    ),
    (
        "绿化",
        "环境绿化部",
        "楼前绿化带修剪后枝叶堆放在人行道上一周未清理。",
        "清理枝叶，恢复通行",
    ),
    (
        "收费",
        "客户服务部",
        "物业费账单多收了两个月的公摊电费，前台解释不清。",
        "核对账单并退还多收费用",
    ),
    (
        "服务态度",
        "客户服务部",
        "前台工作人员办理装修登记时态度生硬，多次打断住户说话。",
        "工作人员道歉并改进服务",
    ),
    (
        "噪声",
        "秩序维护部",
        "楼上装修晚上九点后仍在电钻施工，影响孩子休息。",
        "督促装修户遵守施工时间",
    ),
    (
        "停车",
        "停车管理处",
        "固定车位经常被外来车辆占用，值班人员不处理。",
        "清理占位车辆，加装地锁",
    ),
    (
        "停车",
        "停车管理处",
        "地下车库照明损坏多处，夜间停车有安全隐患。",
        "三天内修复车库照明",
    ),
    (
        "其他",
        "客户服务部",
        "快递柜长期故障，包裹堆放在大堂无人看管。",
        "协调快递柜维修并妥善保管包裹",
    ),
];

/// What residents add to a complaint now and then; the rarer ones make search realistic.
/// (text, how many in 1,000 complaints carry it)
pub(crate) const DETAILS: &[(&str, u64)] = &[
    ("已是第二次反映。", 120),
    ("家中有老人和小孩。", 80),
    ("希望物业给个明确答复。", 150),
    ("已拍照留存。", 60),
    ("邻居也有同样问题。", 40),
    ("上周已向管家反映过。", 50),
    ("消防通道被堵，存在安全隐患。", 3),
    ("业主委员会已知情。", 5),
];

fn staff() -> Vec<(&'static str, &'static str, Role, Option<&'static str>)> {
    vec![
        ("jiedai", "林晓", Role::Receptionist, None),
        ("zhuguan", "周明", Role::Supervisor, None),
        ("jingli", "郑国强", Role::Manager, None),
        ("zongjingli", "孙建华", Role::GeneralManager, None),
        ("pinzhi", "何静", Role::Quality, None),
        ("xunlou", "马超", Role::Patrol, None),
        (
            "gongcheng",
            "吴涛",
            Role::DepartmentHead,
            Some("工程维修部"),
        ),
        ("zhixu", "陈勇", Role::DepartmentHead, Some("秩序维护部")),
        ("huanjing", "黄丽", Role::DepartmentHead, Some("环境绿化部")),
        ("kefu", "赵敏", Role::DepartmentHead, Some("客户服务部")),
        ("tingche", "刘磊", Role::DepartmentHead, Some("停车管理处")),
    ]
}

/// The `settings` key that marks a desk of generated demo data.
pub const DEMO_SETTING: &str = "demo";

/// Whether demo data may be written into the database at `path`: no file yet, a file not
/// set up, or a desk made by `seed-demo` before. Read without changing the file, so that
/// a center's own desk is refused untouched.
pub fn demo_allowed(path: &std::path::Path) -> Result<bool> {
    if !path.exists() {
        return Ok(true);
    }
    let conn = crate::storage::backup::open_read_only(path)?;
    let set_up = crate::storage::reference::setting(&conn, "center_name").unwrap_or(None);
    let demo = crate::storage::reference::setting(&conn, DEMO_SETTING).unwrap_or(None);
    Ok(set_up.is_none() || demo.as_deref() == Some("1"))
}

/// Sets the center up at `start` when needed and makes sure every demo account exists;
/// returns them, in the order of [`staff`]. A desk set up by its center is refused.
fn prepare(desk: &mut Desk, start: DateTime<Utc>, now: DateTime<Utc>) -> Result<Vec<User>> {
    let status = desk.status(now)?;
    if !status.needs_setup && !status.demo {
        return Err(crate::DeskError::NotADemoDesk);
    }
    if status.needs_setup {
        desk.setup(
            &SetupInput {
                center_name: "阳光花园物业服务中心".into(),
                admin_username: "admin".into(),
                admin_display_name: "系统管理员".into(),
                admin_password: DEMO_PASSWORD.into(),
            },
            start,
        )?;
        desk.mark_demo(start)?;
    }
    let admin = desk
        .login(
            &crate::desk::LoginInput {
                username: "admin".into(),
                password: DEMO_PASSWORD.into(),
            },
            start,
        )
        .or_else(|_| {
            users::all(desk.connection())?
                .into_iter()
                .find(|u| u.user.role == Role::Admin && u.active)
                .map(|u| u.user)
                .ok_or(crate::DeskError::NotFound("管理员"))
        })?;
    let departments = desk.departments()?;
    let mut people: Vec<User> = Vec::new();
    for (username, name, role, dept) in staff() {
        let existing = users::by_username(desk.connection(), username)?;
        let user = match existing {
            Some(u) => u.user,
            None => desk.create_user(
                &admin,
                &NewUser {
                    username: username.into(),
                    display_name: name.into(),
                    role,
                    department_id: dept
                        .and_then(|d| departments.iter().find(|x| x.name == d).map(|x| x.id)),
                    password: DEMO_PASSWORD.into(),
                    extra_roles: Vec::new(),
                },
                start,
            )?,
        };
        people.push(user);
    }
    Ok(people)
}

/// Complaints a month in `seed-demo --complaints N`: a large company's volume.
const BULK_PER_MONTH: u64 = 10_000;

/// `seed-demo --complaints N`: ten years' scale. `n` complaints with whole histories, about
/// 10,000 a month, in the months before the last one (through the fast path of
/// [`bulk::generate`]: one transaction per 20,000, no audit entries), then one month of
/// [`seed_demo`] on top, so that every state and queue has complaints worked through the
/// real steps. Returns a one-line summary.
pub fn seed_many(desk: &mut Desk, n: u64, now: DateTime<Utc>) -> Result<String> {
    seed_many_under(desk, n, now, None)
}

/// The default policy with every deadline but the promised reply (always due on its
/// day) counted in working time: what the benchmarks generate under with
/// `COMPLAINTDESK_BENCH_POLICY=working`.
pub fn working_time_policy() -> crate::deadline::DeadlinePolicy {
    use crate::deadline::{DeadlineKind as K, DeadlinePolicy};
    DeadlinePolicy {
        working_kinds: vec![
            K::Dispatch,
            K::Forward,
            K::FirstReply,
            K::Handling,
            K::Return,
            K::SignOff,
            K::Notify,
            K::Callback,
        ],
        ..DeadlinePolicy::default()
    }
}

/// [`seed_many`], the generated complaints counted under `policy` (saved as the policy in
/// force first): how the benchmarks measure a desk whose deadlines run in working time.
pub fn seed_many_under(
    desk: &mut Desk,
    n: u64,
    now: DateTime<Utc>,
    policy: Option<&crate::deadline::DeadlinePolicy>,
) -> Result<String> {
    let months = n.div_ceil(BULK_PER_MONTH).max(1);
    let end = now - Duration::days(31);
    let start = end - Duration::days(30 * months as i64);
    let people = prepare(desk, start, now)?;
    let departments = desk.departments()?;
    let head_of = |name: &str| {
        let dept = departments.iter().find(|d| d.name == name).map(|d| d.id);
        people
            .iter()
            .find(|u| u.role == Role::DepartmentHead && u.department_id == dept)
            .map(|u| u.id)
    };
    let heads = [
        "工程维修部",
        "秩序维护部",
        "环境绿化部",
        "客户服务部",
        "停车管理处",
    ]
    .map(head_of);
    let clerk = people.iter().find(|u| u.role == Role::Receptionist);
    let (Some(clerk), [Some(a), Some(b), Some(c), Some(d), Some(e)]) = (clerk, heads) else {
        return Err(crate::DeskError::NotFound("演示账号"));
    };
    let first = desk.last_complaint_id()? + 1;
    bulk::generate(desk.file_mut()?, n, (start, end), clerk.id, [a, b, c, d, e])?;
    if let Some(policy) = policy {
        let conn = desk.file()?;
        let version = crate::storage::reference::insert_policy(conn, policy, clerk.id, start)?;
        bulk::count_under(conn, first, version)?;
    }
    desk.audit_generated(first, n, bulk::BATCH, end)?;
    restate_open(desk)?;
    bulk::analyze(desk.file()?)?;
    let recent = seed_demo(desk, 1, now)?;
    Ok(format!(
        "{n} 件历史投诉（{months} 个月），近一个月 {recent}"
    ))
}

/// Rewrites what is derived from the histories [`bulk::generate`] wrote: every
/// complaint's outcome for the statistics, and the next deadline of those left open, as
/// the desk computes them at each write (at the last event).
fn restate_open(desk: &mut Desk) -> Result<()> {
    crate::stats::restate_outcomes(desk.connection_mut())?;
    let ids = bulk::unfinished(desk.file()?)?;
    let mut restated = Vec::with_capacity(ids.len());
    for id in ids {
        let (c, events, policy) = desk.case(id)?;
        let Some(last) = events.last().map(|e| e.at) else {
            continue;
        };
        restated.push((c, events, policy, last));
    }
    let tx = desk.connection_mut().write()?;
    for (c, events, policy, at) in &mut restated {
        crate::desk::restate(
            &tx,
            c,
            events,
            policy,
            *at,
            crate::storage::stats::Kept::Replaced,
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Fills the database with about 40 complaints a month over `months` months before `now`,
/// in every state, and a user of every role (password [`DEMO_PASSWORD`]). Sets the
/// center up first when needed. Returns a one-line summary.
pub fn seed_demo(desk: &mut Desk, months: u32, now: DateTime<Utc>) -> Result<String> {
    let start = now - Duration::days(30 * months as i64);
    let people = prepare(desk, start, now)?;
    let departments = desk.departments()?;
    let categories = desk.categories()?;
    let by_role = |role: Role| people.iter().find(|u| u.role == role).cloned();
    let (Some(desk_clerk), Some(supervisor), Some(manager), Some(gm), Some(patrol)) = (
        by_role(Role::Receptionist),
        by_role(Role::Supervisor),
        by_role(Role::Manager),
        by_role(Role::GeneralManager),
        by_role(Role::Patrol),
    ) else {
        return Err(crate::DeskError::NotFound("演示账号"));
    };
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ now.timestamp() as u64);
    let total = 40 * months as u64;
    let mut made = 0;
    for i in 0..total {
        let received = start
            + Duration::minutes((i as i64 * 30 * 24 * 60 * months as i64) / total as i64)
            + Duration::minutes(dice.below(300) as i64);
        if received >= now {
            break;
        }
        let (cat, dept, what, ask) = *dice.pick(CASES);
        let dept_id = departments.iter().find(|d| d.name == dept).map(|d| d.id);
        let head = people
            .iter()
            .find(|u| u.role == Role::DepartmentHead && u.department_id == dept_id)
            .cloned();
        let severity = match dice.below(10) {
            0 => Severity::Major,
            1..=3 => Severity::Important,
            _ => Severity::Minor,
        };
        let tz = desk.tz()?;
        let form = NewComplaint {
            received_at: Some(
                received
                    .with_timezone(&tz)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
            ),
            channel: *dice.pick(&[
                Channel::Visit,
                Channel::Phone,
                Channel::Phone,
                Channel::Letter,
                Channel::Other,
            ]),
            resident_name: format!("{}{}", dice.pick(SURNAMES), dice.pick(GIVEN)),
            room: format!(
                "{}-{}-{}{:02}",
                1 + dice.below(12),
                1 + dice.below(3),
                1 + dice.below(28),
                1 + dice.below(4)
            ),
            phone: format!("13{}{:08}", 5 + dice.below(5), dice.below(100_000_000)),
            contact_method: *dice.pick(&[
                ContactMethod::Phone,
                ContactMethod::Phone,
                ContactMethod::Visit,
                ContactMethod::Any,
            ]),
            occurred_at: None,
            location: format!("{}号楼", 1 + dice.below(12)),
            department_id: dept_id,
            accused_person: None,
            accused_user_id: None,
            description: what.into(),
            resident_request: ask.into(),
            resident_deadline: None,
            category_id: categories.iter().find(|c| c.name == cat).map(|c| c.id),
            severity: Some(severity),
            valid: dice.below(15) != 0,
            invalid_reason: Some("不属于物业服务范围，已协助联系相关单位".into()),
            ongoing_harm: false,
            immediate_measure: None,
            from_paper: false,
            confidential: false,
        };
        let row = desk.register(&desk_clerk, &form, received)?;
        made += 1;
        let Some(head) = head else { continue };
        // How far this one goes: older complaints are further along.
        let age_days = (now - received).num_days();
        // The newest few stop one stage apart, so that every early state is on show.
        let stop = match total - 1 - i {
            newest @ 0..=7 => newest,
            _ if age_days > 20 => 12,
            _ => dice.below(13),
        };
        let mut t = received;
        let mut tick = |dice: &mut Dice, minutes: u64| {
            t += Duration::minutes(1 + dice.below(minutes) as i64);
            t
        };
        let mut plan: Vec<(User, Step)> = vec![(
            desk_clerk.clone(),
            Step::Dispatch(DispatchInput {
                department_id: None,
                recipient: head.display_name.clone(),
            }),
        )];
        if severity != Severity::Minor {
            plan.push((
                supervisor.clone(),
                Step::Forward(ForwardInput { to_name: None }),
            ));
        }
        plan.push((
            head.clone(),
            Step::AddHandlingNote(NoteInput {
                note: "已安排人员到现场查看，正在处理。".into(),
            }),
        ));
        plan.push((
            head.clone(),
            Step::MarkHandled(HandledInput {
                result: "已处理完毕，现场恢复正常，已向住户说明情况。".into(),
            }),
        ));
        plan.push((desk_clerk.clone(), Step::LogFormReturn));
        if severity != Severity::Minor {
            plan.push((
                head.clone(),
                Step::RecordCorrective(CorrectiveInput {
                    cause: "日常巡检不到位".into(),
                    corrective_action: "立即整改并复查".into(),
                    preventive_action: "纳入每周巡检清单".into(),
                    verified_by: supervisor.display_name.clone(),
                    verified_on: None,
                }),
            ));
            let signer = if severity == Severity::Major {
                gm.clone()
            } else {
                manager.clone()
            };
            plan.push((
                signer,
                Step::SignOff(SignOffInput {
                    approved: true,
                    comment: "同意，注意跟进。".into(),
                }),
            ));
        }
        plan.push((
            desk_clerk.clone(),
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "住户表示知悉。".into(),
                done: Default::default(),
            }),
        ));
        let happy = dice.below(8) != 0;
        let s = if happy {
            Satisfaction::Satisfied
        } else {
            Satisfaction::Dissatisfied
        };
        plan.push((
            patrol.clone(),
            Step::Callback(CallbackInput {
                reached: dice.below(12) != 0,
                method: CallbackMethod::Phone,
                attitude: Some(Satisfaction::Satisfied),
                conduct: Some(Satisfaction::Fair),
                result: Some(s),
                remarks: String::new(),
                exclusion: None,
                exclusion_reason: None,
                done: Default::default(),
            }),
        ));
        if happy {
            plan.push((supervisor.clone(), Step::Archive));
        } else {
            plan.push((
                supervisor.clone(),
                Step::Reopen(ReasonInput {
                    reason: "住户对处理结果不满意，重新处理。".into(),
                }),
            ));
        }
        for (n, (actor, step)) in plan.into_iter().enumerate() {
            if n as u64 >= stop {
                break;
            }
            let at = tick(&mut dice, 240);
            if at >= now {
                break;
            }
            if desk.step(&actor, row.id, step, at).is_err() {
                break;
            }
        }
    }
    let raised = desk.raise_stale(now)?.len();
    Ok(format!(
        "{made} 件投诉，{} 个账号（密码 {DEMO_PASSWORD}），{raised} 件自动升级为重大",
        people.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A large batch builds its indexes after its rows: afterwards the schema is the same
    /// and the file whole, and the indexes find the generated rows.
    #[test]
    fn generating_with_deferred_indexes_leaves_every_index_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        let people = prepare(&mut desk, now - Duration::days(60), now).unwrap();
        let id = |role: Role, department: Option<i64>| {
            people
                .iter()
                .find(|u| u.role == role && (department.is_none() || u.department_id == department))
                .map(|u| u.id)
                .unwrap()
        };
        let heads = [1, 2, 3, 4, 5].map(|d| id(Role::DepartmentHead, Some(d)));
        let schema = |desk: &Desk| -> Vec<(String, Option<String>)> {
            let conn = desk.connection().sqlite().unwrap();
            let mut stmt = conn
                .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
                .unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.map(Result::unwrap).collect()
        };
        let before = schema(&desk);
        bulk::generate_in(
            desk.file_mut().unwrap(),
            300,
            (now - Duration::days(60), now - Duration::days(31)),
            id(Role::Receptionist, None),
            heads,
            true,
        )
        .unwrap();
        assert_eq!(schema(&desk), before);
        let conn = desk.connection().sqlite().unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let by_index: i64 = conn
            .query_row(
                "SELECT count(*) FROM complaints INDEXED BY complaints_room WHERE room > ''",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(by_index, 300);
    }
}
