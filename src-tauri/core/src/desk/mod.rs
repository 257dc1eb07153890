//! The service-center desk over one database: set-up, login, registration, workflow
//! steps, lists and queues. Every write is one immediate transaction with its audit
//! entry; every call takes the acting user and the current instant.

use crate::auth::{hash_password, verify_password, PASSWORD_MIN};
use crate::complaint::{FormContext, NewComplaint};
use crate::deadline::{self, Deadline, DeadlineKind, DeadlinePolicy};
use crate::detail::{self, ComplaintDetail, DeadlineView, PendingExtension};
use crate::event::{Event, EventData};
use crate::model::{Complaint, Role, User, SYSTEM_USER_ID};
use crate::roles::{permits, permits_user, Action};
use crate::seal::{self, Anchor, Keys, Seal};
use crate::seed;
use crate::storage::audit::{self, AuditCheck, AuditEntry};
use crate::storage::complaints::{self, ComplaintPage, ComplaintRow, ListQuery, Queue};
use crate::storage::db::{Store, Tx};
use crate::storage::reference::{self, Category, Department};
use crate::storage::{self, events, users, StorageError};
use crate::validation::{Checker, FieldError};
use crate::workflow::{self, Case, Step, WorkflowError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// A key file that cannot be read or written keeps the desk from opening.
fn key_problem(e: seal::SealError) -> DeskError {
    DeskError::Storage(StorageError::Startup(storage::StartupProblem::Key(
        e.to_string(),
        e.message_en(),
    )))
}
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use thiserror::Error;
use ts_rs::TS;

mod admin;
mod attachments;
mod cases;
mod handover;
mod print;
mod safety;
mod stats;

pub use admin::{
    CategoryInput, DepartmentInput, PolicyVersion, Settings, SettingsInput, StaffMember, UserRow,
    DEFAULT_IDLE_LOCK_MINUTES,
};
pub use attachments::AttachInput;
pub(crate) use cases::restate;
pub use cases::{queues_for, Dashboard, DeadlineAlert, QueueView};
pub use handover::{Handover, HandoverInput, HANDOVER_MAX};
pub use print::PrintJob;
pub use safety::{AuditLine, AuditPage, DailyUpkeep};
pub use stats::{MonthlyReport, ANALYSIS_MAX, TREND_MAX_MONTHS};

/// Departments created at first run.
pub const DEFAULT_DEPARTMENTS: [&str; 5] = [
    "工程维修部",
    "秩序维护部",
    "环境绿化部",
    "客户服务部",
    "停车管理处",
];
/// Categories created at first run (SPEC).
pub const DEFAULT_CATEGORIES: [&str; 9] = [
    "维修",
    "安保",
    "保洁",
    "绿化",
    "收费",
    "服务态度",
    "噪声",
    "停车",
    "其他",
];
/// Wrong passwords in a row before a login name waits.
pub const LOCKOUT_AFTER: i64 = 5;
/// How long it waits, in minutes: the first lockout, the second, … (the last repeats)
/// until a login succeeds.
pub const LOCKOUT_STEPS: [i64; 5] = [5, 15, 60, 240, 1440];
/// How far back a closed complaint still counts as a repeat.
pub const REPEAT_WINDOW_DAYS: i64 = 90;
/// The longest text the list's search takes: a name, a room, a phone or a phrase.
pub const LIST_TEXT_MAX: usize = 100;

/// Why a desk call was refused.
#[derive(Debug, Error)]
pub enum DeskError {
    /// Bad fields; nothing was written.
    #[error("{}", .0.first().map(|e| e.message.as_str()).unwrap_or("输入有误"))]
    Invalid(Vec<FieldError>),
    /// A workflow rule refused the step.
    #[error(transparent)]
    Workflow(WorkflowError),
    /// The role table refuses this.
    #[error("“{}”无权执行“{}”", role.label_zh(), workflow::action_label(*action))]
    NotPermitted {
        /// What was attempted.
        action: Action,
        /// Who attempted it.
        role: Role,
    },
    /// No such thing.
    #[error("{0}不存在")]
    NotFound(&'static str),
    /// Wrong name or password (an unknown name gets the same answer).
    #[error("用户名或密码错误")]
    WrongPassword,
    /// Too many wrong passwords: the account waits until `until`.
    #[error("密码错误次数过多，账号已暂时锁定，请于 {} 后再试", until.format("%H:%M"))]
    AccountLocked {
        /// When a login is accepted again, in the center's zone.
        until: DateTime<chrono::FixedOffset>,
    },
    /// The account was disabled by the administrator.
    #[error("账号已停用，请联系系统管理员")]
    AccountDisabled,
    /// Another desk changed the record between reading and writing it.
    #[error("该投诉已被其他终端更新，请刷新后重试")]
    ChangedMeanwhile,
    /// First-run set-up is not done yet.
    #[error("请先完成首次设置")]
    SetupNeeded,
    /// First-run set-up is done already.
    #[error("系统已完成首次设置")]
    SetupDone,
    /// A department head asked for another department's complaint.
    #[error("只能查看本部门的投诉（及曾派发给本部门的投诉）")]
    OtherDepartment,
    /// Demo data may not go into a center's own desk.
    #[error("此数据目录中是已设置好的正式工作台，不能写入演示数据（文件未作改动）。请用 --data-dir 指定一个空文件夹。")]
    NotADemoDesk,
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A backup or restore failed.
    #[error("{0}")]
    Backup(String),
    /// A PDF could not be produced.
    #[error(transparent)]
    Print(#[from] crate::pdf::PdfError),
    /// A spreadsheet could not be produced.
    #[error(transparent)]
    Export(#[from] crate::excel::ExcelError),
    /// An attachment's file could not be kept or read: Chinese, English.
    #[error("{0}")]
    Files(String, String),
    /// Not this person's to do, for a reason of its own: Chinese, English.
    #[error("{0}")]
    Refused(String, String),
}

impl DeskError {
    /// The message in English (the `Display` text is Chinese), for a window in en-US.
    pub fn message_en(&self) -> String {
        match self {
            DeskError::Invalid(fields) => fields
                .first()
                .map_or_else(|| "Invalid input".into(), |f| f.message_en.clone()),
            DeskError::Workflow(w) => w.message_en(),
            DeskError::NotPermitted { action, role } => workflow::not_permitted_en(*role, *action),
            DeskError::NotFound(what) => format!("No such {}", thing_en(what)),
            DeskError::WrongPassword => "Wrong user name or password".into(),
            DeskError::AccountLocked { until } => format!(
                "Too many wrong passwords: the account is locked until {}",
                until.format("%H:%M")
            ),
            DeskError::AccountDisabled => "This account is disabled: ask the administrator".into(),
            DeskError::ChangedMeanwhile => {
                "Another desk has updated this complaint: refresh and try again".into()
            }
            DeskError::SetupNeeded => "Complete the first-run set-up first".into(),
            DeskError::SetupDone => "First-run set-up is already done".into(),
            DeskError::OtherDepartment => "Only complaints against your own department (or once dispatched to it) can be seen".into(),
            DeskError::NotADemoDesk => "This data folder holds a center's own desk: demo data may not be written into it (the file was not changed). Choose an empty folder with --data-dir.".into(),
            DeskError::Storage(e) => e.message_en(),
            DeskError::Backup(m) => format!("Backup or restore failed: {m}"),
            DeskError::Print(e) => e.message_en(),
            DeskError::Export(e) => e.message_en(),
            DeskError::Files(_, en) | DeskError::Refused(_, en) => en.clone(),
        }
    }
}

/// The English name of a thing a `NotFound` names.
fn thing_en(zh: &str) -> &'static str {
    match zh {
        "投诉" => "complaint",
        "用户" => "user",
        "部门" => "department",
        "类别" => "category",
        "管理员" => "administrator",
        "演示账号" => "demo account",
        _ => "record",
    }
}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        DeskError::Storage(e.into())
    }
}

impl From<WorkflowError> for DeskError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Invalid(fields) => DeskError::Invalid(fields),
            other => DeskError::Workflow(other),
        }
    }
}

/// Shorthand for desk results.
pub type Result<T, E = DeskError> = std::result::Result<T, E>;

/// What the window needs before anyone logs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    /// First-run set-up has not been done.
    pub needs_setup: bool,
    /// 服务中心名称.
    pub center_name: Option<String>,
    /// The center's IANA zone.
    pub time_zone: String,
    /// The app's clock, in the center's zone.
    pub now: chrono::DateTime<chrono::FixedOffset>,
    /// Why the database could not be opened (the window then offers a restore).
    pub startup_problem: Option<String>,
    /// The desk holds generated demo data (`seed-demo`), not a center's own.
    pub demo: bool,
    /// The center's server this desk works on (without its password); none on a desk's
    /// own file.
    pub server: Option<String>,
}

/// First-run set-up.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetupInput {
    /// 服务中心名称 (printed on forms).
    pub center_name: String,
    /// The administrator's login.
    pub admin_username: String,
    /// The administrator's name.
    pub admin_display_name: String,
    /// The administrator's password.
    pub admin_password: String,
}

/// Login.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoginInput {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A new user, created by the administrator.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Name shown and printed.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// For department heads.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// Initial password.
    pub password: String,
    /// Roles held beside the main one (a receptionist who is also the supervisor).
    #[serde(default)]
    pub extra_roles: Vec<Role>,
}

/// An administrator's change to a user: name, roles and department (the login name and
/// the password have their own ways).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserUpdate {
    /// Name shown and printed.
    pub display_name: String,
    /// Main role.
    pub role: Role,
    /// Roles held beside it.
    pub extra_roles: Vec<Role>,
    /// For department heads.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
}

/// Checks a user's roles and department: the administrator's account is an account of
/// its own (no other role beside it), and a department head names an existing
/// department. Returns the roles, main first, without repeats.
pub(crate) fn check_roles(
    c: &mut Checker,
    role: Role,
    extra: &[Role],
    department_id: Option<i64>,
    departments: &[Department],
) -> Vec<Role> {
    let mut roles = vec![role];
    for r in extra {
        if !roles.contains(r) {
            roles.push(*r);
        }
    }
    if roles.len() > 1 && roles.contains(&Role::Admin) {
        c.fail(
            "extraRoles",
            "系统管理员账号不能兼任其他角色（请另建工作账号）",
            "cannot be combined with the administrator's (create a separate working account)",
        );
    }
    match department_id {
        Some(id) if !departments.iter().any(|d| d.id == id) => c.fail(
            "departmentId",
            "不存在或已停用",
            "does not exist or is disabled",
        ),
        None if roles.contains(&Role::DepartmentHead) => {
            c.fail("departmentId", "不能为空", "is required")
        }
        _ => {}
    }
    roles
}

/// What a desk on the center's server answers to a call that only a file serves.
fn only_a_file() -> DeskError {
    DeskError::Refused(
        "此操作只适用于本机数据文件，不适用于中心服务器上的数据".into(),
        "This works on a desk's own data file only, not on the center's server".into(),
    )
}

/// The desk over one open database.
pub struct Desk {
    conn: Store,
    policies: HashMap<i64, DeadlinePolicy>,
    /// The installation's key files (a desk opened with [`Desk::open_sealed`]).
    keys: Option<Keys>,
    /// This installation's seal, once set up.
    seal: Option<Seal>,
    /// The live file, whose anchor is written after every audited change.
    anchored: Option<std::path::PathBuf>,
    /// A shared lock on the live file's lock file, held while the desk is open: a
    /// restore needs it exclusively.
    _lock: Option<std::fs::File>,
    /// Where attachments' files are kept (beside the database file; none in memory).
    files: Option<crate::attachments::Store>,
}

/// One write: a transaction whose audit entries are keyed with the installation's seal,
/// and whose commit then moves the anchor.
pub(crate) struct Write<'a> {
    tx: Tx<'a>,
    seal: Option<&'a Seal>,
    anchored: Option<&'a Path>,
    last: std::cell::RefCell<Option<(i64, String)>>,
}

// A write is a store to the storage functions written for both stores.
crate::storage::db::db_through!(Write<'_>, |self| &self.tx);

impl Write<'_> {
    /// Appends an audit entry in this transaction.
    pub(crate) fn audit(&self, e: &AuditEntry) -> Result<i64> {
        let (id, hash) = audit::append(&self.tx, self.seal.map(|s| &s.key), e)?;
        *self.last.borrow_mut() = Some((id, hash));
        Ok(id)
    }

    /// Commits; then the anchor names the last entry. A stop between the two leaves the
    /// anchor behind the log, which still holds; an anchor that cannot be written now is
    /// written by the next change.
    pub(crate) fn commit(self) -> Result<()> {
        self.tx.commit()?;
        if let (Some(seal), Some(db), Some((entries, hash))) =
            (self.seal, self.anchored, self.last.into_inner())
        {
            let _ = Anchor {
                installation: seal.installation.clone(),
                entries,
                hash,
                next: None,
            }
            .write(db);
        }
        Ok(())
    }
}

pub(crate) fn check_login_name(c: &mut Checker, field: &str, value: &str) -> String {
    let v = c.required(field, value, 32, false);
    if !v.is_empty()
        && !v
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch))
    {
        c.fail(
            field,
            "只能包含字母、数字和 . _ -",
            "may contain only letters, digits and . _ -",
        );
    }
    v
}

/// A password must be long enough, not the login name, and not one of the passwords
/// everyone tries first ([`crate::auth::COMMON_PASSWORDS`]).
pub(crate) fn check_password(c: &mut Checker, field: &str, value: &str, login: &str) {
    let lower = value.to_lowercase();
    if value.chars().count() < PASSWORD_MIN {
        c.fail(
            field,
            &format!("至少需要 {PASSWORD_MIN} 个字符"),
            &format!("must be at least {PASSWORD_MIN} characters"),
        );
    } else if value.chars().count() > 128 {
        c.fail(
            field,
            "不能超过 128 个字符",
            "must be at most 128 characters",
        );
    } else if !login.trim().is_empty() && lower == login.trim().to_lowercase() {
        c.fail(
            field,
            "不能与用户名相同",
            "must not be the same as the user name",
        );
    } else if crate::auth::COMMON_PASSWORDS.contains(&lower.as_str()) {
        c.fail(
            field,
            "过于常见，很容易被猜中，请换一个",
            "is too common and easily guessed: choose another",
        );
    }
}

pub(crate) fn json<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

impl Desk {
    /// An empty desk in memory: what the window holds while the database file cannot be
    /// used (a damaged file at start-up, or during a restore).
    pub fn in_memory() -> Result<Self> {
        Ok(Self::over(Store::File(storage::open_in_memory()?)))
    }

    fn over(conn: Store) -> Self {
        Self {
            conn,
            policies: HashMap::new(),
            keys: None,
            seal: None,
            anchored: None,
            _lock: None,
            files: None,
        }
    }

    /// Opens or creates the database file at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let mut conn = Store::File(storage::open(path)?);
        // A file from before the statistics kept each complaint's outcome: filled once.
        if storage::stats::outcomes_pending(&conn)? {
            crate::stats::restate_outcomes(&mut conn)?;
        }
        let mut desk = Self::over(conn);
        desk.files = Some(crate::attachments::Store::beside(path));
        desk.restate_pending()?;
        Ok(desk)
    }

    /// Opens the desk on the center's server at `url` (as the app role `server-setup`
    /// made). Its history is protected by the server's roles rather than by a key file
    /// on this computer, and it keeps attachments' files in no folder of this computer.
    pub fn open_server(url: &str) -> Result<Self> {
        let server = storage::server::open(url).map_err(StorageError::Startup)?;
        let mut conn = Store::Server(Box::new(server));
        if storage::stats::outcomes_pending(&conn)? {
            crate::stats::restate_outcomes(&mut conn)?;
        }
        let mut desk = Self::over(conn);
        desk.restate_pending()?;
        Ok(desk)
    }

    /// After an upgrade that keeps more on each complaint (migration 011): the open
    /// complaints are restated as of their last event, as the desk would have written
    /// them, in batches of one transaction each.
    fn restate_pending(&mut self) -> Result<()> {
        let Some(ids) = complaints::standing_pending(&self.conn)? else {
            return Ok(());
        };
        for batch in ids.chunks(500) {
            let tx = self.conn.write()?;
            for &id in batch {
                let Some(mut c) = complaints::get(&tx, id)? else {
                    continue;
                };
                let evs = events::for_complaint(&tx, id)?;
                let policy = reference::policy(&tx, c.policy_version)?;
                let at = evs
                    .last()
                    .map_or(c.received_at, |e| e.at)
                    .max(c.received_at);
                cases::restate(
                    &tx,
                    &mut c,
                    &evs,
                    &policy,
                    at,
                    storage::stats::Kept::Replaced,
                )?;
            }
            tx.commit()?;
        }
        complaints::standing_restated(&self.conn)?;
        Ok(())
    }

    /// Opens the live database of an installation: audit entries keyed with its key
    /// from `keys` and anchored beside the file, and a shared lock held on it so that no
    /// restore replaces it meanwhile. A file set up before sealing is sealed now (its
    /// earlier entries keep their plain hashes). A file whose installation key is not
    /// in `keys` is refused: nothing could be recorded in its audit log.
    pub fn open_sealed(path: &Path, keys: Keys, now: DateTime<Utc>) -> Result<Self> {
        let lock = crate::backup::DatabaseLock::shared(path)?;
        let mut desk = Self::open(path)?;
        desk._lock = Some(lock);
        desk.anchored = Some(path.to_owned());
        let installation = reference::setting(&desk.conn, seal::INSTALLATION_SETTING)?;
        let set_up = reference::setting(&desk.conn, "center_name")?.is_some();
        match installation {
            Some(id) => match keys.load(&id).map_err(key_problem)? {
                Some(found) => {
                    desk.seal = Some(found);
                    desk.keys = Some(keys);
                }
                None => {
                    let key_file = if seal::valid_installation(&id) {
                        keys.path(&id).display().to_string()
                    } else {
                        String::new()
                    };
                    return Err(StorageError::Startup(storage::StartupProblem::KeyMissing {
                        key_file,
                    })
                    .into());
                }
            },
            None => {
                desk.keys = Some(keys);
                if set_up {
                    desk.seal_existing(now)?;
                }
            }
        }
        Ok(desk)
    }

    /// Seals a desk set up before sealing: a new installation whose key covers the
    /// entries from the next one on; the sealing itself is the first keyed entry.
    fn seal_existing(&mut self, now: DateTime<Utc>) -> Result<()> {
        let next = audit::last(&self.conn)?.map_or(1, |(id, _)| id + 1);
        let keys = self.keys.as_ref().ok_or(DeskError::SetupNeeded)?;
        let created = keys.create(next).map_err(key_problem)?;
        let installation = created.installation.clone();
        self.seal = Some(created);
        let result = (|| {
            let tx = self.write()?;
            reference::set_setting(&tx, seal::INSTALLATION_SETTING, &installation)?;
            tx.audit(&AuditEntry {
                at: now,
                actor_id: SYSTEM_USER_ID,
                action: "audit.seal",
                entity: "settings",
                entity_id: None,
                before: None,
                after: json(
                    &serde_json::json!({ "installation": installation, "keyedFrom": next }),
                ),
            })?;
            tx.commit()
        })();
        if result.is_err() {
            self.seal = None;
        }
        result
    }

    /// The installation id, once set up on a sealed desk.
    pub fn installation(&self) -> Option<&str> {
        self.seal.as_ref().map(|s| s.installation.as_str())
    }

    /// The key files' folder of a sealed desk.
    pub fn keys(&self) -> Option<&Keys> {
        self.keys.as_ref()
    }

    /// The connection, for read-only inspection in tests and tools.
    pub fn connection(&self) -> &Store {
        &self.conn
    }

    /// For the bulk generator of demo data only: it writes around the desk's checks.
    pub(crate) fn connection_mut(&mut self) -> &mut Store {
        &mut self.conn
    }

    /// The desk's own SQLite file, for what only a file has (its backup copy, its
    /// integrity check); refused on the center's server, which keeps its own.
    pub(crate) fn file(&self) -> Result<&rusqlite::Connection> {
        self.conn.sqlite().ok_or_else(only_a_file)
    }

    /// The same, to write around the desk (the demo generator).
    pub(crate) fn file_mut(&mut self) -> Result<&mut rusqlite::Connection> {
        self.conn.sqlite_mut().ok_or_else(only_a_file)
    }

    pub(crate) fn write(&mut self) -> Result<Write<'_>> {
        Ok(Write {
            tx: self.conn.write()?,
            seal: self.seal.as_ref(),
            anchored: self.anchored.as_deref(),
            last: std::cell::RefCell::new(None),
        })
    }

    /// The policy in force for new complaints (the default before set-up).
    pub fn current_policy(&self) -> Result<(i64, DeadlinePolicy)> {
        Ok(reference::current_policy(&self.conn)?.unwrap_or((0, DeadlinePolicy::default())))
    }

    pub(crate) fn policy(&mut self, version: i64) -> Result<DeadlinePolicy> {
        if let Some(p) = self.policies.get(&version) {
            return Ok(p.clone());
        }
        let p = reference::policy(&self.conn, version)?;
        self.policies.insert(version, p.clone());
        Ok(p)
    }

    /// The center's zone.
    pub fn tz(&self) -> Result<Tz> {
        Ok(self.current_policy()?.1.tz())
    }

    /// Whether set-up is done, the center's name and the clock.
    pub fn status(&self, now: DateTime<Utc>) -> Result<AppStatus> {
        let center_name = reference::setting(&self.conn, "center_name")?;
        let policy = self.current_policy()?.1;
        Ok(AppStatus {
            needs_setup: center_name.is_none(),
            demo: reference::setting(&self.conn, seed::DEMO_SETTING)?.as_deref() == Some("1"),
            server: None,
            center_name,
            now: now.with_timezone(&policy.tz()).fixed_offset(),
            time_zone: policy.time_zone,
            startup_problem: None,
        })
    }

    /// First run: the center's name, the administrator, default departments and
    /// categories, and deadline policy version 1.
    pub fn setup(&mut self, input: &SetupInput, now: DateTime<Utc>) -> Result<User> {
        if reference::setting(&self.conn, "center_name")?.is_some() {
            return Err(DeskError::SetupDone);
        }
        let mut c = Checker::new();
        let center = c.required("centerName", &input.center_name, 60, false);
        let username = check_login_name(&mut c, "adminUsername", &input.admin_username);
        let display = c.required("adminDisplayName", &input.admin_display_name, 30, false);
        check_password(
            &mut c,
            "adminPassword",
            &input.admin_password,
            &input.admin_username,
        );
        c.finish().map_err(DeskError::Invalid)?;
        let hash = hash_password(&input.admin_password);
        if let Some(keys) = &self.keys {
            self.seal = Some(keys.create(1).map_err(key_problem)?);
        }
        let done = self.setup_tx(&center, &username, &display, &hash, now);
        if done.is_err() {
            self.seal = None;
        }
        done
    }

    fn setup_tx(
        &mut self,
        center: &str,
        username: &str,
        display: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let installation = self.installation().map(str::to_owned);
        let tx = self.write()?;
        if let Some(id) = &installation {
            reference::set_setting(&tx, seal::INSTALLATION_SETTING, id)?;
        }
        reference::set_setting(&tx, "center_name", center)?;
        let admin = users::insert(&tx, username, display, Role::Admin, None, hash, now)?;
        for name in DEFAULT_DEPARTMENTS {
            reference::insert_department(&tx, name)?;
        }
        for (i, name) in DEFAULT_CATEGORIES.iter().enumerate() {
            reference::insert_category(&tx, name, i as i64)?;
        }
        let policy = DeadlinePolicy::default();
        let version = reference::insert_policy(&tx, &policy, admin, now)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: admin,
            action: "system.setup",
            entity: "settings",
            entity_id: None,
            before: None,
            after: json(&serde_json::json!({
                "centerName": center, "admin": username, "policyVersion": version,
                "departments": DEFAULT_DEPARTMENTS, "categories": DEFAULT_CATEGORIES,
            })),
        })?;
        tx.commit()?;
        Ok(users::by_id(&self.conn, admin)?
            .ok_or(DeskError::NotFound("用户"))?
            .user)
    }

    /// Checks a login. A wrong password and an unknown name get the same answer at the
    /// same cost (one argon2 verification either way), and are counted alike per typed
    /// name: after [`LOCKOUT_AFTER`] in a row the name waits, each lockout longer than
    /// the last ([`LOCKOUT_STEPS`]), until a login succeeds. Only someone who knows the
    /// password learns that an account is disabled.
    pub fn login(&mut self, input: &LoginInput, now: DateTime<Utc>) -> Result<User> {
        let typed = input.username.trim();
        let name: String = typed.chars().take(64).collect::<String>().to_lowercase();
        let stored = users::by_username(&self.conn, typed)?;
        let tz = self.tz()?;
        let locked = |until: DateTime<Utc>| DeskError::AccountLocked {
            until: until.with_timezone(&tz).fixed_offset(),
        };
        let mut throttle = users::throttle(&self.conn, &name)?;
        if let Some(until) = throttle.locked_until.filter(|u| *u > now) {
            return Err(locked(until));
        }
        let hash = stored
            .as_ref()
            .map_or(crate::auth::DUMMY_HASH, |s| s.password_hash.as_str());
        let password_ok = verify_password(&input.password, hash) && stored.is_some();
        let (action, result) = match &stored {
            Some(s) if password_ok && s.active => {
                throttle = users::Throttle::default();
                ("user.login", Ok(s.user.clone()))
            }
            Some(_) if password_ok => ("user.loginDisabled", Err(DeskError::AccountDisabled)),
            _ => {
                throttle.failed += 1;
                if throttle.failed >= LOCKOUT_AFTER {
                    let step = (throttle.lockouts.max(0) as usize).min(LOCKOUT_STEPS.len() - 1);
                    let until = now + Duration::minutes(LOCKOUT_STEPS[step]);
                    throttle = users::Throttle {
                        failed: 0,
                        lockouts: throttle.lockouts + 1,
                        locked_until: Some(until),
                    };
                    ("user.lockout", Err(locked(until)))
                } else {
                    ("user.loginFailed", Err(DeskError::WrongPassword))
                }
            }
        };
        let tx = self.write()?;
        users::set_throttle(&tx, &name, &throttle)?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: stored.as_ref().map_or(SYSTEM_USER_ID, |s| s.user.id),
            action,
            entity: "user",
            entity_id: stored.as_ref().map(|s| s.user.id),
            before: None,
            after: if stored.is_some() {
                None
            } else {
                json(&serde_json::json!({ "unknownName": name }))
            },
        })?;
        tx.commit()?;
        result
    }

    /// The user as stored now (a disabled user is logged out).
    pub fn user(&self, id: i64) -> Result<User> {
        match users::by_id(&self.conn, id)? {
            Some(s) if s.active => Ok(s.user),
            Some(_) => Err(DeskError::AccountDisabled),
            None => Err(DeskError::NotFound("用户")),
        }
    }

    /// Whose complaints `actor` may read: `Some(department)` for a department head (need
    /// to know), `None` for everyone else — the desk, supervisors, quality, managers,
    /// patrol (who call back and notify any resident) and the administrator.
    pub(crate) fn read_scope(actor: &User) -> Option<i64> {
        // A head who holds another role reads as that role does.
        actor
            .personas()
            .all(|p| p.role == Role::DepartmentHead)
            .then(|| actor.department_id.unwrap_or(-1))
    }

    /// Refuses a complaint outside `actor`'s scope: not against their department now and
    /// never dispatched to it.
    pub(crate) fn check_scope(actor: &User, c: &Complaint, evs: &[Event]) -> Result<()> {
        let Some(own) = Self::read_scope(actor) else {
            return Ok(());
        };
        let dispatched_here = evs.iter().any(|e| {
            matches!(e.data, EventData::Dispatched { department_id, .. } if department_id == own)
        });
        if c.department_id == own || dispatched_here {
            Ok(())
        } else {
            Err(DeskError::OtherDepartment)
        }
    }

    /// A change that is only its audit entry (a print, an export, a backup), in a
    /// transaction of its own.
    pub(crate) fn audit_alone(
        &mut self,
        actor: &User,
        (action, entity): (&str, &str),
        entity_id: Option<i64>,
        what: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.write()?;
        tx.audit(&AuditEntry {
            at: now,
            actor_id: actor.id,
            action,
            entity,
            entity_id,
            before: None,
            after: json(&what),
        })?;
        tx.commit()
    }

    pub(crate) fn allow(actor: &User, action: Action) -> Result<()> {
        if permits_user(actor, action) {
            Ok(())
        } else {
            Err(DeskError::NotPermitted {
                action,
                role: actor.role,
            })
        }
    }

    /// Checks the audit chain (keyed entries with the installation's key).
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        Ok(audit::verify(
            &self.conn,
            self.seal.as_ref().map(|s| &s.key),
        )?)
    }
}
