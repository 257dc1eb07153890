//! A set-up desk on a temporary file, with one user of every role.

use chrono::{DateTime, TimeZone, Utc};
use complaint_core::complaint::NewComplaint;
use complaint_core::desk::{NewUser, SetupInput};
use complaint_core::model::{
    CallbackMethod, Channel, ContactMethod, Exclusion, NotifyMethod, Role, Satisfaction, Severity,
    User,
};
use complaint_core::workflow::{
    CallbackInput, DispatchInput, DoneFor, HandledInput, NotifyInput, Step,
};
use complaint_core::Desk;
use std::collections::HashMap;
use std::path::PathBuf;

pub const PASSWORD: &str = "Test@12345";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    pub users: HashMap<Role, User>,
}

/// 2026-11-28 10:00 Shanghai.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap()
}

/// A Shanghai wall-clock time.
pub fn sh(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(y, m, d, h, min, s)
        .unwrap()
        .with_timezone(&Utc)
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
        let admin = desk
            .setup(
                &SetupInput {
                    center_name: "阳光花园物业服务中心".into(),
                    admin_username: "admin".into(),
                    admin_display_name: "管理员".into(),
                    admin_password: PASSWORD.into(),
                },
                t0(),
            )
            .unwrap();
        let mut users = HashMap::new();
        for &role in Role::ALL {
            if role == Role::Admin {
                continue;
            }
            let u = desk
                .create_user(
                    &admin,
                    &NewUser {
                        username: role.code().to_lowercase(),
                        display_name: role.label_zh().into(),
                        role,
                        department_id: (role == Role::DepartmentHead).then_some(1),
                        password: PASSWORD.into(),
                        extra_roles: Vec::new(),
                    },
                    t0(),
                )
                .unwrap();
            users.insert(role, u);
        }
        users.insert(Role::Admin, admin);
        Self { dir, desk, users }
    }

    /// A desk marked as demo data, as `seed-demo` marks the desks it makes: the demo
    /// generators write only into such a desk.
    pub fn demo() -> Self {
        let f = Self::new();
        f.desk
            .connection()
            .execute("INSERT INTO settings (key, value) VALUES ('demo', '1')", [])
            .unwrap();
        f
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("complaintdesk.db")
    }

    pub fn user(&self, role: Role) -> User {
        self.users[&role].clone()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.desk
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}

impl Fixture {
    /// A complaint of `severity` registered by the receptionist at `t0()`: its id.
    pub fn registered(&mut self, severity: Severity) -> i64 {
        let clerk = self.user(Role::Receptionist);
        self.desk
            .register(&clerk, &form(severity), t0())
            .unwrap()
            .id
    }
}

/// A valid form against department 1 (工程维修部), category 1 (维修).
pub fn form(severity: Severity) -> NewComplaint {
    NewComplaint {
        received_at: None,
        channel: Channel::Visit,
        resident_name: "张三".into(),
        room: "3-2-1201".into(),
        phone: "13800138000".into(),
        contact_method: ContactMethod::Phone,
        occurred_at: Some("2026-11-28 08:30".into()),
        location: "3号楼2单元".into(),
        department_id: Some(1),
        accused_person: None,
        accused_user_id: None,
        description: "厨房水管漏水，楼下天花板渗水。".into(),
        resident_request: "尽快维修".into(),
        resident_deadline: None,
        category_id: Some(1),
        severity: Some(severity),
        valid: true,
        invalid_reason: None,
        ongoing_harm: false,
        immediate_measure: None,
        from_paper: false,
        confidential: false,
    }
}

/// 派发 to the registered department, signed for by 吴涛.
pub fn dispatch() -> Step {
    Step::Dispatch(DispatchInput {
        department_id: None,
        recipient: "吴涛".into(),
    })
}

/// Dispatched, handled with `result`, the form back at the desk, the resident told.
pub fn handled_and_notified(f: &mut Fixture, id: i64, result: &str, at: DateTime<Utc>) {
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    let steps: Vec<(&User, Step)> = vec![
        (&clerk, dispatch()),
        (
            &head,
            Step::MarkHandled(HandledInput {
                result: result.into(),
            }),
        ),
        (&clerk, Step::LogFormReturn),
        (
            &clerk,
            Step::NotifyResident(NotifyInput {
                method: NotifyMethod::Phone,
                response: "住户认可".into(),
                done: DoneFor::default(),
            }),
        ),
    ];
    for (who, step) in steps {
        f.desk.step(who, id, step, at).unwrap();
    }
}

/// A callback: reached with `result` on all three aspects (excluded as an unreasonable
/// demand when asked), or the resident not reached.
pub fn callback_step(reached: bool, result: Satisfaction, exclusion: bool) -> Step {
    let aspect = reached.then_some(result);
    Step::Callback(CallbackInput {
        reached,
        method: CallbackMethod::Phone,
        attitude: aspect,
        conduct: aspect,
        result: aspect,
        remarks: String::new(),
        exclusion: exclusion.then_some(Exclusion::UnreasonableDemand),
        exclusion_reason: exclusion.then(|| "要求超出物业服务范围".into()),
        done: DoneFor::default(),
    })
}
