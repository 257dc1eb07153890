//! A hand-built month for the statistics: December 2026, 40 complaints taken through every
//! path with injected times (plus 4 in November to compare with). The expected figures
//! in `stats.rs` are counted by hand from the table below, never by the code under test.

use super::fixture::{form, sh, Fixture};
use chrono::{DateTime, Duration, Utc};
use complaint_core::desk::NewUser;
use complaint_core::model::{
    CallbackMethod, Channel, Exclusion, NotifyMethod, Role, Satisfaction as Sat, Severity, User,
};
use complaint_core::workflow::*;

/// The instant the figures are asked at: 2027-01-02 12:00 Shanghai.
pub fn now() -> DateTime<Utc> {
    sh(2027, 1, 2, 12, 0, 0)
}

/// How a complaint goes (minutes after registration R; policy defaults: dispatch 10 min,
/// minor handling 2 days, important 3, major 10, return/sign-off/notify same day, callback 3 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Minor, all on time: dispatch 5, handled 1440, return 1470, notify 1500, callback
    /// 2940 满意×3, archive. Handling 24 h.
    A,
    /// Minor, all late: dispatch 15, handled 2940 (due 2880), return next day, notify next
    /// day, callback 150 h (due 145 h) 满意/基本满意/基本满意. Handling 49 h.
    B,
    /// Minor, reopened: as A but the callback says 处理结果 不满意; reopen 3000, handled
    /// 4440, return 4470, notify 4500, callback 5940 满意×3. Handling 24 h (first).
    C,
    /// 回退: dispatched to 工程维修部 at 5, returned at 20, re-dispatched to 秩序维护部 at 50
    /// (due 30: late); handled 1440 by its head, return, notify; callback 2940 unreachable,
    /// callback 4380 满意×3. Handling 24 h.
    D,
    /// As A, but the only callback is unreachable; not archived.
    E,
    /// As A, callback 满意/满意/不满意 marked force majeure.
    F,
    /// As A, callback 满意/不满意/不满意 marked unreasonable demand.
    G,
    /// Important, all on time: dispatch 5, forward 30, handled 2880, return 2910,
    /// corrective 2920, sign-off 2940, notify 3000, callback 4440 满意×3. Handling 48 h.
    I,
    /// Major, all on time: dispatch 5, forward 120, next reply promised 1440, handled 7200,
    /// return 7230, corrective 7240, sign-off 7260, notify 7320, callback 8760
    /// 满意/基本满意/满意. Handling 120 h.
    J,
    /// Minor, dispatched 5, note 60, never handled: handling overdue at `now`.
    K,
    /// Minor, registered 12-31 15:00, dispatched 5: handling not yet due at `now`.
    L,
    /// Voided at 60, before dispatch.
    M,
    /// Minor, waits on the resident 60–1500 (24 h), handled 2940 (due 2880 + 24 h),
    /// return 2970, notify 3000, callback 4440 满意×3. Handling 49 h.
    N,
}

/// One complaint of the month: (path, department, category, channel, room, location).
/// Departments: 1 工程维修部, 2 秩序维护部, 3 环境绿化部, 4 客户服务部. Categories: 1 维修,
/// 2 安保, 3 保洁, 4 绿化, 5 收费, 6 服务态度, 7 噪声, 8 停车, 9 其他. Row k (1-based) is
/// registered on December ((k − 1) mod 20) + 1, at 09:00 for k ≤ 20 and 10:00 after,
/// except row 37 (12-31 15:00). Rows 26–28 are invalid.
pub type Row = (Path, i64, i64, Channel, &'static str, &'static str);

use Channel::{Letter as W, Other as O, Phone as P, Visit as V};
use Path::*;

pub const DECEMBER: [Row; 40] = [
    (A, 1, 1, V, "3-1-101", "3号楼"),         // 1
    (A, 1, 1, P, "3-1-101", "3号楼"),         // 2
    (A, 1, 1, P, "3-2-202", "3号楼"),         // 3
    (A, 1, 1, P, "5-1-301", "5号楼"),         // 4
    (A, 2, 2, V, "5-1-301", "5号楼"),         // 5
    (A, 2, 2, P, "8-1-102", "东门"),          // 6
    (A, 3, 3, P, "8-1-102", "8号楼"),         // 7
    (A, 3, 4, W, "8-2-201", "中心花园"),      // 8
    (A, 3, 4, P, "12-1-501", "中心花园"),     // 9
    (A, 4, 6, V, "12-1-501", "物业服务中心"), // 10
    (A, 4, 6, P, "12-2-602", "物业服务中心"), // 11
    (A, 1, 1, O, "3-1-101", "3号楼"),         // 12
    (B, 1, 1, P, "3-2-202", "3号楼"),         // 13
    (B, 1, 1, P, "5-2-401", "5号楼"),         // 14
    (B, 2, 2, V, "8-1-102", "东门"),          // 15
    (B, 3, 3, P, "12-2-602", "12号楼"),       // 16
    (C, 1, 1, P, "3-1-101", "3号楼"),         // 17
    (C, 1, 1, V, "5-2-401", "5号楼"),         // 18
    (C, 3, 3, P, "8-2-201", "8号楼"),         // 19
    (D, 1, 2, P, "5-1-302", "东门"),          // 20 (ends at 2)
    (D, 1, 8, P, "8-1-103", "地下车库"),      // 21 (ends at 2)
    (E, 1, 1, P, "3-2-203", "3号楼"),         // 22
    (E, 2, 2, P, "12-1-502", "12号楼"),       // 23
    (F, 1, 1, V, "5-1-301", "5号楼"),         // 24
    (G, 4, 5, P, "12-2-602", "物业服务中心"), // 25
    (A, 1, 1, P, "3-1-102", "3号楼"),         // 26 invalid
    (A, 3, 7, P, "8-2-202", "8号楼"),         // 27 invalid
    (A, 4, 9, W, "12-1-503", "物业服务中心"), // 28 invalid
    (I, 1, 1, V, "3-2-202", "3号楼"),         // 29
    (I, 2, 2, P, "5-2-402", "5号楼"),         // 30
    (I, 3, 3, P, "8-1-104", "8号楼"),         // 31
    (J, 1, 1, V, "3-1-101", "3号楼"),         // 32
    (J, 2, 2, V, "5-1-303", "东门"),          // 33
    (K, 1, 1, P, "3-2-204", "3号楼"),         // 34
    (K, 2, 8, P, "8-1-103", "地下车库"),      // 35
    (K, 4, 6, P, "12-2-603", "物业服务中心"), // 36
    (L, 1, 1, P, "3-1-105", "3号楼"),         // 37
    (M, 1, 1, P, "3-1-101", "3号楼"),         // 38
    (M, 3, 3, P, "8-2-205", "8号楼"),         // 39
    (N, 3, 4, P, "12-1-504", "中心花园"),     // 40
];

/// November, to compare with: registered 11-28 14:00, 11-29 09:00, 11-29 10:00, 11-30 09:00.
pub const NOVEMBER: [Row; 4] = [
    (A, 1, 1, P, "3-1-101", "3号楼"),
    (A, 2, 2, V, "5-1-301", "5号楼"),
    (B, 1, 1, P, "3-2-202", "3号楼"),
    (K, 3, 3, P, "8-1-102", "8号楼"),
];

/// 被投诉人 named on the form: typed, or one of the center's users.
#[derive(Debug, Clone, Copy)]
pub enum Accused {
    Typed(&'static str),
    User(i64),
}

/// Who December's rows complain about: rows 1, 2 (minor), 29 (important), 26 (invalid) and
/// 38 (voided) name 维修工老李 as typed; row 32 (major) names the patrol's account.
fn accused(k: u32, patrol: i64) -> Option<Accused> {
    match k {
        1 | 2 | 26 | 29 | 38 => Some(Accused::Typed("维修工老李")),
        32 => Some(Accused::User(patrol)),
        _ => None,
    }
}

/// The desk with both months recorded, and the department heads by department.
pub struct Month {
    pub f: Fixture,
    pub heads: [User; 4],
}

fn callback(answers: Option<[Sat; 3]>, exclusion: Option<(Exclusion, &str)>) -> Step {
    let [attitude, conduct, result] = answers.map_or([None; 3], |a| a.map(Some));
    Step::Callback(CallbackInput {
        reached: answers.is_some(),
        method: CallbackMethod::Phone,
        attitude,
        conduct,
        result,
        remarks: String::new(),
        exclusion: exclusion.map(|e| e.0),
        exclusion_reason: exclusion.map(|e| e.1.to_owned()),
        done: Default::default(),
    })
}

const ALL_SATISFIED: [Sat; 3] = [Sat::Satisfied; 3];

impl Month {
    pub fn build() -> Self {
        let mut f = Fixture::new();
        let admin = f.user(Role::Admin);
        let mut extra = Vec::new();
        for (dept, name, login) in [
            (2, "秩序主管", "head2"),
            (3, "环境主管", "head3"),
            (4, "客服主管", "head4"),
        ] {
            let u = f
                .desk
                .create_user(
                    &admin,
                    &NewUser {
                        username: login.into(),
                        display_name: name.into(),
                        role: Role::DepartmentHead,
                        department_id: Some(dept),
                        password: super::fixture::PASSWORD.into(),
                        extra_roles: Vec::new(),
                    },
                    super::fixture::t0(),
                )
                .unwrap();
            extra.push(u);
        }
        let heads = [
            f.user(Role::DepartmentHead),
            extra[0].clone(),
            extra[1].clone(),
            extra[2].clone(),
        ];
        let mut m = Self { f, heads };
        let november = [
            sh(2026, 11, 28, 14, 0, 0),
            sh(2026, 11, 29, 9, 0, 0),
            sh(2026, 11, 29, 10, 0, 0),
            sh(2026, 11, 30, 9, 0, 0),
        ];
        for (row, r) in NOVEMBER.iter().zip(november) {
            m.record(row, r, true, None);
        }
        let patrol = m.f.user(Role::Patrol).id;
        for (k, row) in DECEMBER.iter().enumerate() {
            let k = k as u32 + 1;
            let r = if k == 37 {
                sh(2026, 12, 31, 15, 0, 0)
            } else {
                sh(
                    2026,
                    12,
                    (k - 1) % 20 + 1,
                    if k <= 20 { 9 } else { 10 },
                    0,
                    0,
                )
            };
            m.record(row, r, !(26..=28).contains(&k), accused(k, patrol));
        }
        m
    }

    fn record(&mut self, row: &Row, r: DateTime<Utc>, valid: bool, accused: Option<Accused>) {
        let &(path, dept, category, channel, room, location) = row;
        let severity = match path {
            I => Severity::Important,
            J => Severity::Major,
            _ => Severity::Minor,
        };
        let mut input = form(severity);
        input.received_at = Some(
            r.with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        );
        input.occurred_at = None;
        input.channel = channel;
        input.room = room.into();
        input.location = location.into();
        input.department_id = Some(dept);
        input.category_id = Some(category);
        input.valid = valid;
        input.invalid_reason = (!valid).then(|| "属市政供水问题，非物业服务范围".into());
        match accused {
            Some(Accused::Typed(name)) => input.accused_person = Some(name.into()),
            Some(Accused::User(id)) => input.accused_user_id = Some(id),
            None => {}
        }
        let f = &mut self.f;
        let [clerk, sup, mgr, gm] = [
            Role::Receptionist,
            Role::Supervisor,
            Role::Manager,
            Role::GeneralManager,
        ]
        .map(|role| f.user(role));
        let id = f
            .desk
            .register(&clerk, &input, r + Duration::minutes(1))
            .unwrap()
            .id;
        let head = |d: i64| self.heads[d as usize - 1].clone();
        let mut go = |who: &User, minutes: i64, step: Step| {
            let at = r + Duration::minutes(minutes);
            f.desk
                .step(who, id, step, at)
                .unwrap_or_else(|e| panic!("{path:?} {room} at +{minutes}: {e}"));
        };
        let dispatch = |to: Option<i64>| {
            Step::Dispatch(DispatchInput {
                department_id: to,
                recipient: "吴涛".into(),
            })
        };
        let handled = || {
            Step::MarkHandled(HandledInput {
                result: "已处理".into(),
            })
        };
        let notify = || {
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "知悉".into(),
                done: Default::default(),
            })
        };
        let reason = |s: &str| ReasonInput { reason: s.into() };
        let corrective = || {
            Step::RecordCorrective(CorrectiveInput {
                cause: "巡检不到位".into(),
                corrective_action: "立即整改".into(),
                preventive_action: "纳入月度巡检".into(),
                verified_by: "周明".into(),
                verified_on: None,
            })
        };
        let sign_off = || {
            Step::SignOff(SignOffInput {
                approved: true,
                comment: "同意".into(),
            })
        };
        // Minor paths that start like A: dispatch, handled, return, notify.
        let minor_on_time = |go: &mut dyn FnMut(&User, i64, Step)| {
            go(&clerk, 5, dispatch(None));
            go(&head(dept), 1440, handled());
            go(&clerk, 1470, Step::LogFormReturn);
            go(&clerk, 1500, notify());
        };
        match path {
            A => {
                minor_on_time(&mut go);
                go(&sup, 2940, callback(Some(ALL_SATISFIED), None));
                go(&sup, 3000, Step::Archive);
            }
            B => {
                go(&clerk, 15, dispatch(None));
                go(&head(dept), 2940, handled());
                go(&clerk, 4320, Step::LogFormReturn);
                go(&clerk, 4380, notify());
                go(
                    &sup,
                    9000,
                    callback(Some([Sat::Satisfied, Sat::Fair, Sat::Fair]), None),
                );
            }
            C => {
                minor_on_time(&mut go);
                let unhappy = [Sat::Satisfied, Sat::Satisfied, Sat::Dissatisfied];
                go(&sup, 2940, callback(Some(unhappy), None));
                go(&sup, 3000, Step::Reopen(reason("处理结果不满意")));
                go(&head(dept), 4440, handled());
                go(&clerk, 4470, Step::LogFormReturn);
                go(&clerk, 4500, notify());
                go(&sup, 5940, callback(Some(ALL_SATISFIED), None));
            }
            D => {
                go(&clerk, 5, dispatch(None));
                go(
                    &head(1),
                    20,
                    Step::ReturnMisdirected(reason("非本部门职责")),
                );
                go(&clerk, 50, dispatch(Some(2)));
                go(&head(2), 1440, handled());
                go(&clerk, 1470, Step::LogFormReturn);
                go(&clerk, 1500, notify());
                go(&sup, 2940, callback(None, None));
                go(&sup, 4380, callback(Some(ALL_SATISFIED), None));
            }
            E => {
                minor_on_time(&mut go);
                go(&sup, 2940, callback(None, None));
            }
            F => {
                minor_on_time(&mut go);
                let answers = [Sat::Satisfied, Sat::Satisfied, Sat::Dissatisfied];
                let why = (Exclusion::ForceMajeure, "台风导致材料延期到货");
                go(&sup, 2940, callback(Some(answers), Some(why)));
            }
            G => {
                minor_on_time(&mut go);
                let answers = [Sat::Satisfied, Sat::Dissatisfied, Sat::Dissatisfied];
                let why = (Exclusion::UnreasonableDemand, "要求免除全年物业费");
                go(&sup, 2940, callback(Some(answers), Some(why)));
            }
            I => {
                go(&clerk, 5, dispatch(None));
                go(&sup, 30, Step::Forward(ForwardInput { to_name: None }));
                go(&head(dept), 2880, handled());
                go(&clerk, 2910, Step::LogFormReturn);
                go(&head(dept), 2920, corrective());
                go(&mgr, 2940, sign_off());
                go(&clerk, 3000, notify());
                go(&sup, 4440, callback(Some(ALL_SATISFIED), None));
            }
            J => {
                go(&clerk, 5, dispatch(None));
                go(&sup, 120, Step::Forward(ForwardInput { to_name: None }));
                let promised = (r + Duration::days(3))
                    .with_timezone(&chrono_tz::Asia::Shanghai)
                    .format("%Y-%m-%d")
                    .to_string();
                go(
                    &sup,
                    1440,
                    Step::PromiseNextReply(NextReplyInput {
                        promised_on: promised,
                        said: "已联系配件厂家，下周到货后上门更换".into(),
                    }),
                );
                go(&head(dept), 7200, handled());
                go(&clerk, 7230, Step::LogFormReturn);
                go(&head(dept), 7240, corrective());
                go(&gm, 7260, sign_off());
                go(&clerk, 7320, notify());
                let answers = [Sat::Satisfied, Sat::Fair, Sat::Satisfied];
                go(&sup, 8760, callback(Some(answers), None));
            }
            K => {
                go(&clerk, 5, dispatch(None));
                go(
                    &head(dept),
                    60,
                    Step::AddHandlingNote(NoteInput {
                        note: "已到现场查看".into(),
                    }),
                );
            }
            L => go(&clerk, 5, dispatch(None)),
            M => go(&sup, 60, Step::Void(reason("重复登记"))),
            N => {
                go(&clerk, 5, dispatch(None));
                go(&clerk, 60, Step::StartWait(reason("住户出差，无法入户")));
                go(&clerk, 1500, Step::EndWait);
                go(&head(dept), 2940, handled());
                go(&clerk, 2970, Step::LogFormReturn);
                go(&clerk, 3000, notify());
                go(&sup, 4440, callback(Some(ALL_SATISFIED), None));
            }
        }
    }
}
