//! The nouns of the procedure: roles, channels, severities, states and the complaint itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Defines a string-backed enum that crosses IPC, is stored in SQLite as its code, and
/// carries its zh-CN and en-US labels in one place.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "camelCase")]
        #[ts(export)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code stored in the database (same as the serde name).
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// Parses a stored code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The Simplified Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }
        }
    };
}

labelled_enum!(
    /// Who a user is at the service center; decides what they may do.
    Role {
        /// 住户服务中心接待员
        Receptionist = "receptionist", "接待员", "Receptionist";
        /// 公共事务部主管
        Supervisor = "supervisor", "公共事务部主管", "Public-affairs supervisor";
        /// 部门主管 of the complained department
        DepartmentHead = "departmentHead", "部门主管", "Department head";
        /// 管理处主管经理
        Manager = "manager", "管理处主管经理", "Managing manager";
        /// 公司总经理
        GeneralManager = "generalManager", "公司总经理", "General manager";
        /// 品质部 (read-only plus archive)
        Quality = "quality", "品质部", "Quality department";
        /// 巡楼组
        Patrol = "patrol", "巡楼组", "Floor patrol";
        /// 系统管理员
        Admin = "admin", "系统管理员", "Administrator";
    }
);

labelled_enum!(
    /// 受理方式: how the complaint reached the desk (1.7).
    Channel {
        /// 来访
        Visit = "visit", "来访", "Visit";
        /// 来电
        Phone = "phone", "来电", "Phone";
        /// 信函
        Letter = "letter", "信函", "Letter";
        /// 其他
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    /// 投诉等级 (4.3).
    Severity {
        /// 重大
        Major = "major", "重大", "Major";
        /// 重要
        Important = "important", "重要", "Important";
        /// 轻微
        Minor = "minor", "轻微", "Minor";
    }
);

labelled_enum!(
    /// How the resident prefers to be contacted.
    ContactMethod {
        /// 电话
        Phone = "phone", "电话", "Phone";
        /// 上门
        Visit = "visit", "上门", "In person";
        /// 书面
        Letter = "letter", "书面", "In writing";
        /// 均可
        Any = "any", "均可", "Any";
    }
);

labelled_enum!(
    /// Where a complaint stands in the procedure.
    ComplaintState {
        /// 已登记: registered, waiting to be dispatched (again, after a 回退).
        Registered = "registered", "已登记", "Registered";
        /// 已派发: the form is with the department.
        Dispatched = "dispatched", "已派发", "Dispatched";
        /// 处理中
        InHandling = "inHandling", "处理中", "In handling";
        /// 等待住户: a pause inside handling; the handling clock stops.
        WaitingOnResident = "waitingOnResident", "等待住户", "Waiting on resident";
        /// 已处理: handled by the department; for minor complaints, notified after the form returns.
        Handled = "handled", "已处理", "Handled";
        /// 待签批: form returned, waiting for the manager's sign-off (major, important).
        AwaitingSignOff = "awaitingSignOff", "待签批", "Awaiting sign-off";
        /// 已签批: signed off, the resident is to be notified.
        SignedOff = "signedOff", "已签批", "Signed off";
        /// 已回复: resident notified of the result.
        Notified = "notified", "已回复", "Resident notified";
        /// 已回访
        CalledBack = "calledBack", "已回访", "Called back";
        /// 已归档
        Archived = "archived", "已归档", "Archived";
        /// 已作废: voided with a reason, never deleted.
        Voided = "voided", "已作废", "Voided";
    }
);

labelled_enum!(
    /// How the resident was told the result (1.5).
    NotifyMethod {
        /// 电话通知
        Phone = "phone", "电话", "Phone";
        /// 巡楼组上门告知
        InPerson = "inPerson", "上门", "In person";
    }
);

labelled_enum!(
    /// How a callback was made (1.6).
    CallbackMethod {
        /// 电话回访
        Phone = "phone", "电话", "Phone";
        /// 上门回访
        Visit = "visit", "上门", "Visit";
    }
);

labelled_enum!(
    /// One of the three satisfaction answers.
    Satisfaction {
        /// 满意
        Satisfied = "satisfied", "满意", "Satisfied";
        /// 基本满意
        Fair = "fair", "基本满意", "Mostly satisfied";
        /// 不满意
        Dissatisfied = "dissatisfied", "不满意", "Dissatisfied";
    }
);

labelled_enum!(
    /// Why a dissatisfied callback is left out of the satisfaction rate.
    Exclusion {
        /// 不可抗力
        ForceMajeure = "forceMajeure", "不可抗力", "Force majeure";
        /// 住户要求不合理
        UnreasonableDemand = "unreasonableDemand", "要求不合理", "Unreasonable demand";
    }
);

impl ComplaintState {
    /// Still being worked on by the department (the handling clock may run).
    pub fn is_before_handled(self) -> bool {
        matches!(
            self,
            Self::Registered | Self::Dispatched | Self::InHandling | Self::WaitingOnResident
        )
    }

    /// Voided and archived complaints take no further step.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Archived | Self::Voided)
    }
}

impl Severity {
    /// The role that receives a forwarded complaint and signs it off (1.2.2, 1.4.2);
    /// minor complaints are neither forwarded nor signed off.
    pub fn forward_to(self) -> Option<Role> {
        match self {
            Severity::Major => Some(Role::GeneralManager),
            Severity::Important => Some(Role::Manager),
            Severity::Minor => None,
        }
    }

    /// The role that approves going past the handling deadline (1.10).
    pub fn extension_approver(self) -> Role {
        match self {
            Severity::Minor => Role::Manager,
            Severity::Important | Severity::Major => Role::GeneralManager,
        }
    }
}

/// A person who logs in at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SessionUser")]
pub struct User {
    /// Row id.
    #[ts(type = "number")]
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown and printed.
    pub display_name: String,
    /// The user's main role (shown beside the name).
    pub role: Role,
    /// For department heads: their department.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// Every role the user holds, the main one first (a small center's receptionist may
    /// also be its supervisor): what they may do is the union.
    pub roles: Vec<Role>,
}

impl User {
    /// The user acting in each role they hold, the main one first: every rule of the
    /// procedure is written for one role, and a step is taken in the first role it
    /// allows.
    pub fn personas(&self) -> impl Iterator<Item = User> + '_ {
        std::iter::once(self.role)
            .chain(self.roles.iter().copied().filter(|r| *r != self.role))
            .map(|role| User {
                role,
                roles: vec![role],
                ..self.clone()
            })
    }

    /// Whether the user holds `role` (as main role or another).
    pub fn holds(&self, role: Role) -> bool {
        self.role == role || self.roles.contains(&role)
    }
}

/// The system itself acts for automatic steps (the one-month raise); it has no login.
pub const SYSTEM_USER_ID: i64 = 0;

/// A registered complaint as stored: the registration form plus its current standing.
#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    /// Row id.
    pub id: i64,
    /// 投诉编号 `TS-YYYYMMDD-NNN`.
    pub case_no: String,
    /// 受理时间.
    pub received_at: DateTime<Utc>,
    /// 受理方式.
    pub channel: Channel,
    /// 接待员.
    pub receptionist_id: i64,
    /// 住户姓名.
    pub resident_name: String,
    /// 房号.
    pub room: String,
    /// 联系电话.
    pub phone: String,
    /// 联系方式偏好.
    pub contact_method: ContactMethod,
    /// 事件发生时间.
    pub occurred_at: Option<DateTime<Utc>>,
    /// 事件发生地点.
    pub location: String,
    /// 被投诉部门 (the current one: a re-dispatch may change it).
    pub department_id: i64,
    /// 被投诉人.
    pub accused_person: Option<String>,
    /// 投诉事件经过.
    pub description: String,
    /// 住户要求.
    pub resident_request: String,
    /// 住户要求期限.
    pub resident_deadline: Option<DateTime<Utc>>,
    /// 投诉类别.
    pub category_id: i64,
    /// 投诉等级 (may be raised automatically).
    pub severity: Severity,
    /// 有效投诉.
    pub valid: bool,
    /// Why it is invalid.
    pub invalid_reason: Option<String>,
    /// 正在造成损害.
    pub ongoing_harm: bool,
    /// The immediate stop/rescue measure taken (1.9).
    pub immediate_measure: Option<String>,
    /// 保密: the resident's name, phone and room are masked for roles outside the desk
    /// and the managers.
    pub confidential: bool,
    /// 被投诉人 as a user of the center, when chosen from them.
    pub accused_user_id: Option<i64>,
    /// Where it stands.
    pub state: ComplaintState,
    /// The deadline policy version in force at registration.
    pub policy_version: i64,
    /// The earliest open deadline, kept for indexing; derived from the events.
    pub next_due_at: Option<DateTime<Utc>>,
    /// Which deadline `next_due_at` is.
    pub next_due_kind: Option<crate::deadline::DeadlineKind>,
}
