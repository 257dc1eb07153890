//! The center's server: one PostgreSQL database shared by several desks (see
//! `docs/storage-on-postgresql.md`). Here: connecting, the schema's migrations (the twins
//! of the SQLite ones, numbered alike, in `migrations/postgres/`) and what
//! `complaint-desk server-setup` does on a fresh database: an owner role that holds the
//! schema and is used only by the set-up, an app role the desks log in as, and grants that
//! let the app add to history and never change it.

use postgres::error::SqlState;
use postgres::{Client, NoTls};
use thiserror::Error;

/// The schema every table lives in (the roles' search path).
pub const SCHEMA: &str = "complaintdesk";
/// Owns the schema and runs the migrations; cannot log in.
pub const OWNER_ROLE: &str = "complaintdesk_owner";
/// What every desk connects as.
pub const APP_ROLE: &str = "complaintdesk_app";
/// The tables whose rows are history (and what it is checked with: the attachments'
/// files by their hashes, the audit entries moved from a desk's file by its key): the app
/// may add and read them, nothing else.
pub const HISTORY_TABLES: [&str; 4] = [
    "events",
    "audit_log",
    "attachment_files",
    "carried_audit_keys",
];

/// Held while migrations run, so that two set-ups never interleave ("CDmigrat").
const MIGRATE_LOCK: i64 = 0x4344_6d69_6772_6174;

/// The PostgreSQL migrations, numbered as the SQLite ones.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "001_initial",
        include_str!("../../migrations/postgres/001_initial.sql"),
    ),
    (
        "002_login_lockout",
        include_str!("../../migrations/postgres/002_login_lockout.sql"),
    ),
    (
        "003_monthly_reports",
        include_str!("../../migrations/postgres/003_monthly_reports.sql"),
    ),
    (
        "004_queue_indexes",
        include_str!("../../migrations/postgres/004_queue_indexes.sql"),
    ),
    (
        "005_list_indexes",
        include_str!("../../migrations/postgres/005_list_indexes.sql"),
    ),
    (
        "006_complaint_outcomes",
        include_str!("../../migrations/postgres/006_complaint_outcomes.sql"),
    ),
    (
        "007_search_order",
        include_str!("../../migrations/postgres/007_search_order.sql"),
    ),
    (
        "008_search_facets",
        include_str!("../../migrations/postgres/008_search_facets.sql"),
    ),
    (
        "009_login_throttle",
        include_str!("../../migrations/postgres/009_login_throttle.sql"),
    ),
    (
        "010_corrections",
        include_str!("../../migrations/postgres/010_corrections.sql"),
    ),
    (
        "011_waiting_queues",
        include_str!("../../migrations/postgres/011_waiting_queues.sql"),
    ),
    (
        "012_duty_credits",
        include_str!("../../migrations/postgres/012_duty_credits.sql"),
    ),
    (
        "013_user_roles",
        include_str!("../../migrations/postgres/013_user_roles.sql"),
    ),
    (
        "014_open_deadlines",
        include_str!("../../migrations/postgres/014_open_deadlines.sql"),
    ),
    (
        "015_event_roles",
        include_str!("../../migrations/postgres/015_event_roles.sql"),
    ),
    (
        "016_handovers",
        include_str!("../../migrations/postgres/016_handovers.sql"),
    ),
    (
        "017_confidential_and_accused",
        include_str!("../../migrations/postgres/017_confidential_and_accused.sql"),
    ),
    (
        "018_appraisal",
        include_str!("../../migrations/postgres/018_appraisal.sql"),
    ),
    (
        "019_attachments",
        include_str!("../../migrations/postgres/019_attachments.sql"),
    ),
    (
        "020_warning_ladder",
        include_str!("../../migrations/postgres/020_warning_ladder.sql"),
    ),
    (
        "021_credit_days",
        include_str!("../../migrations/postgres/021_credit_days.sql"),
    ),
    (
        "022_period_index",
        include_str!("../../migrations/postgres/022_period_index.sql"),
    ),
    (
        "023_attachment_files",
        include_str!("../../migrations/postgres/023_attachment_files.sql"),
    ),
    (
        "024_registration_keys",
        include_str!("../../migrations/postgres/024_registration_keys.sql"),
    ),
    (
        "025_carried_audit_keys",
        include_str!("../../migrations/postgres/025_carried_audit_keys.sql"),
    ),
    (
        "026_queue_order",
        include_str!("../../migrations/postgres/026_queue_order.sql"),
    ),
    (
        "027_period_index_id",
        include_str!("../../migrations/postgres/027_period_index_id.sql"),
    ),
];

/// What can go wrong with the server.
#[derive(Debug, Error)]
pub enum ServerError {
    /// The server could not be reached or refused the login.
    #[error("无法连接数据库服务器：{}", super::server_says(.0))]
    Unreachable(postgres::Error),
    /// The server refused or failed a statement.
    #[error("数据库服务器错误：{}", super::server_says(.0))]
    Postgres(#[from] postgres::Error),
    /// The set-up needs a role that may create roles and extensions.
    #[error("服务器设置须以 PostgreSQL 超级用户（如 postgres）连接：当前用户 {0} 不是超级用户")]
    NotSuperuser(String),
    /// The database sorts or classifies text otherwise than the desk's search and order
    /// assume.
    #[error(
        "数据库 {database} 的排序规则为 {collation}，字符分类为 {ctype}：投诉台需要按字节排序（C）且按 UTF-8 分类字符的数据库。\
         请新建：CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
    )]
    Locale {
        /// The database.
        database: String,
        /// Its collation (provider and locale).
        collation: String,
        /// Its character classification.
        ctype: String,
    },
    /// The schema on the server is newer than this program.
    #[error("服务器上的数据库结构（版本 {found}）比本程序（版本 {known}）新：请先升级本程序")]
    Newer {
        /// The server's version.
        found: i64,
        /// This program's.
        known: i64,
    },
    /// A migration failed; it was rolled back, and the ones before it stay.
    #[error("数据库结构升级到 {name} 失败（已回滚）：{source}")]
    Migration {
        /// The migration.
        name: &'static str,
        /// Why.
        source: postgres::Error,
    },
}

/// Results of this module.
pub type Result<T> = std::result::Result<T, ServerError>;

/// Connects to `url` (`postgres://user:password@host/db` or `host=… user=… dbname=…`).
pub fn connect(url: &str) -> Result<Client> {
    Client::connect(url, NoTls).map_err(ServerError::Unreachable)
}

/// The app's connection to a set-up server at `url`, as the desks use it: refused, with
/// what to do, when the server cannot be reached, has not been set up, or was set up by
/// another version of the program.
pub fn open(url: &str) -> std::result::Result<super::db::Server, super::StartupProblem> {
    use super::StartupProblem::Server as Problem;
    let mut client = connect(url).map_err(|e| {
        Problem(
            format!("{e}。请检查服务器地址、网络和账号密码，或联系管理员。"),
            format!("Cannot reach the database server: {}. Check the server's address, the network and the account, or ask the administrator.", source_text(&e)),
        )
    })?;
    let found = schema_version(&mut client).map_err(|e| {
        Problem(
            e.to_string(),
            format!("Database server error: {}", source_text(&e)),
        )
    })?;
    let known = known_version();
    if found == 0 {
        return Err(Problem(
            "中心服务器上的数据库尚未设置：请管理员先在服务器上运行 complaint-desk server-setup。".into(),
            "The database on the center's server is not set up yet: the administrator runs complaint-desk server-setup on it first.".into(),
        ));
    }
    if found > known {
        return Err(super::StartupProblem::NewerVersion {
            found,
            supported: known,
        });
    }
    if found < known {
        return Err(Problem(
            format!("中心服务器上的数据库结构（版本 {found}）比本程序（版本 {known}）旧：请管理员以新版本运行 complaint-desk server-setup 升级后再连接。"),
            format!("The database on the center's server is older (schema {found}) than this program (schema {known}): the administrator upgrades it with complaint-desk server-setup from this version first."),
        ));
    }
    Ok(super::db::Server::reconnecting(client, url))
}

/// The server's own words of an error, without the Chinese frame.
fn source_text(e: &ServerError) -> String {
    match e {
        ServerError::Unreachable(e) | ServerError::Postgres(e) => super::server_says(e),
        other => other.to_string(),
    }
}

/// The schema version the server holds (0 before the first set-up).
pub fn schema_version(client: &mut Client) -> Result<i64> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL",
            &[&format!("{SCHEMA}.schema_version")],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_opt(&format!("SELECT version FROM {SCHEMA}.schema_version"), &[])?
        .map_or(0, |r| r.get(0)))
}

/// The version this program writes.
pub fn known_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies the migrations the server lacks, each in its own transaction with the version
/// it reaches, under a lock that a second set-up waits for. Runs as the schema's owner, with
/// the schema first on the search path. Returns how many were applied.
pub fn migrate(client: &mut Client) -> Result<usize> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])?;
    let applied = migrate_locked(client);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK]);
    let applied = applied?;
    unlocked?;
    Ok(applied)
}

fn migrate_locked(client: &mut Client) -> Result<usize> {
    client.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version (
             one     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
             version BIGINT NOT NULL
         );
         INSERT INTO {SCHEMA}.schema_version (version) VALUES (0) ON CONFLICT (one) DO NOTHING;"
    ))?;
    let found = schema_version(client)?;
    let known = known_version();
    if found > known {
        return Err(ServerError::Newer { found, known });
    }
    let mut applied = 0;
    for (number, (name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = number as i64 + 1;
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)
            .map_err(|source| ServerError::Migration { name, source })?;
        tx.execute(
            &format!("UPDATE {SCHEMA}.schema_version SET version = $1"),
            &[&version],
        )?;
        tx.commit()?;
        applied += 1;
    }
    Ok(applied)
}

/// What a set-up did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupReport {
    /// The schema version now.
    pub version: i64,
    /// Migrations applied by this run.
    pub applied: usize,
    /// The app role was created by this run (its password is the one given).
    pub created_app_role: bool,
}

/// Whether the app role exists already (on this server: roles are the cluster's).
pub fn app_role_exists(client: &mut Client) -> Result<bool> {
    Ok(client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&APP_ROLE],
        )?
        .get(0))
}

/// Quotes a literal for the statements that take no parameters (roles' passwords).
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Sets up (or brings up to date) the database `client` is connected to, as a superuser:
/// checks that it sorts text by bytes and classifies it as UTF-8, creates the owner and
/// app roles (the app role with `app_password`; an existing one gets it only when given),
/// the schema owned by the owner, `pg_trgm`, runs the migrations as the owner, and grants
/// the app role what the desks do: read and write the complaints, settings and the rest,
/// only add to and read `events` and `audit_log`. Safe to run again after an upgrade.
pub fn setup(client: &mut Client, app_password: Option<&str>) -> Result<SetupReport> {
    let row = client.query_one(
        "SELECT current_user::text, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
             current_database()::text, d.datcollate::text, d.datctype::text,
             d.datlocprovider::text, coalesce(d.daticulocale, '')::text
         FROM pg_database d WHERE d.datname = current_database()",
        &[],
    )?;
    let (user, superuser): (String, bool) = (row.get(0), row.get(1));
    if !superuser {
        return Err(ServerError::NotSuperuser(user));
    }
    let (database, collate, ctype): (String, String, String) = (row.get(2), row.get(3), row.get(4));
    let (provider, icu): (String, String) = (row.get(5), row.get(6));
    let bytewise =
        provider == "c" && matches!(collate.as_str(), "C" | "POSIX" | "C.UTF-8" | "C.utf8");
    let locale_error = || ServerError::Locale {
        database: database.clone(),
        collation: if provider == "i" {
            format!("ICU {icu}")
        } else {
            collate.clone()
        },
        ctype: ctype.clone(),
    };
    let utf8 = {
        let c = ctype.to_ascii_lowercase();
        c.contains("utf-8") || c.contains("utf8")
    };
    if !(bytewise && utf8) {
        return Err(locale_error());
    }
    // Roles and their settings are the cluster's, not this database's: a set-up of another
    // database on the same cluster would otherwise create the same role or change the same
    // setting row at once and fail. pg_authid is shared by the cluster's databases, and so
    // is a lock on it: the second set-up waits here until the first has committed its roles.
    let mut tx = client.transaction()?;
    tx.batch_execute("LOCK TABLE pg_catalog.pg_authid IN SHARE ROW EXCLUSIVE MODE")?;
    let roles = tx.query(
        "SELECT rolname::text FROM pg_roles WHERE rolname IN ($1, $2)",
        &[&OWNER_ROLE, &APP_ROLE],
    )?;
    let has = |name: &str| roles.iter().any(|r| r.get::<_, String>(0) == name);
    if !has(OWNER_ROLE) {
        tx.batch_execute(&format!("CREATE ROLE {OWNER_ROLE} NOLOGIN"))?;
    }
    let created_app_role = !has(APP_ROLE);
    match (created_app_role, app_password) {
        (true, Some(p)) => tx.batch_execute(&format!(
            "CREATE ROLE {APP_ROLE} LOGIN PASSWORD {}",
            literal(p)
        ))?,
        (true, None) => tx.batch_execute(&format!("CREATE ROLE {APP_ROLE} LOGIN"))?,
        (false, Some(p)) => {
            tx.batch_execute(&format!("ALTER ROLE {APP_ROLE} PASSWORD {}", literal(p)))?
        }
        (false, None) => {}
    }
    tx.batch_execute(&format!(
        "ALTER ROLE {OWNER_ROLE} SET search_path = {SCHEMA};
         ALTER ROLE {APP_ROLE} SET search_path = {SCHEMA};"
    ))?;
    tx.commit()?;
    client.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION {OWNER_ROLE};
         CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {SCHEMA};
         REVOKE ALL ON DATABASE \"{}\" FROM PUBLIC;
         GRANT CONNECT, TEMPORARY ON DATABASE \"{}\" TO {APP_ROLE};",
        database.replace('"', "\"\""),
        database.replace('"', "\"\""),
    ))?;
    // Chinese text must be cut into trigrams, which a C character classification does not do.
    let trigrams: i32 = client
        .query_one(
            &format!("SELECT cardinality({SCHEMA}.show_trgm('水管接头'))"),
            &[],
        )?
        .get(0);
    if trigrams == 0 {
        return Err(locale_error());
    }
    client.batch_execute(&format!(
        "SET ROLE {OWNER_ROLE}; SET search_path = {SCHEMA}"
    ))?;
    let applied = migrate(client);
    client.batch_execute("RESET ROLE; RESET search_path")?;
    let applied = applied?;
    let history = HISTORY_TABLES
        .iter()
        .map(|t| format!("{SCHEMA}.{t}"))
        .collect::<Vec<_>>()
        .join(", ");
    // UPDATE on the sequences: `migrate` sets the ids the desks' next rows take past the
    // ones it copied (setval).
    client.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA {SCHEMA} TO {APP_ROLE};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {APP_ROLE};
         GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {APP_ROLE};
         REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {history} FROM {APP_ROLE};
         REVOKE ALL ON {SCHEMA}.schema_version FROM {APP_ROLE};
         GRANT SELECT ON {SCHEMA}.schema_version TO {APP_ROLE};"
    ))?;
    Ok(SetupReport {
        version: schema_version(client)?,
        applied,
        created_app_role,
    })
}

/// Whether `e` is the server refusing a privilege the role lacks.
pub fn is_refused(e: &postgres::Error) -> bool {
    e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE)
}

/// A password for the app role: 24 letters and digits (no look-alikes) from the system's
/// random source.
pub fn new_password() -> String {
    use rand_core::RngCore;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 24];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// The center's server as a person types it at a desk (first start, or the
/// administrator's settings).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServerAddress {
    /// Host name or IP address of the server.
    pub host: String,
    /// Its port (PostgreSQL's is 5432).
    pub port: u32,
    /// The database `server-setup` set up.
    pub database: String,
    /// The role the desks connect as (`complaintdesk_app`).
    pub user: String,
    /// Its password.
    pub password: String,
}

impl ServerAddress {
    /// The connection string, once every field is within bounds (each problem named by
    /// its field).
    pub fn url(&self) -> std::result::Result<String, Vec<crate::validation::FieldError>> {
        let mut c = crate::validation::Checker::new();
        let host = c.required("serverHost", &self.host, 253, false);
        // A host name, an IPv4 or IPv6 address, or (a server on this computer) the
        // folder of its Unix socket.
        let socket = host.starts_with('/');
        if !host.is_empty()
            && !host.chars().all(|ch| {
                ch.is_ascii_alphanumeric()
                    || matches!(ch, '.' | '-' | ':' | '_')
                    || (socket && ch == '/')
            })
        {
            c.fail(
                "serverHost",
                "只能是主机名或 IP 地址",
                "must be a host name or an IP address",
            );
        }
        if !(1..=65_535).contains(&self.port) {
            c.fail(
                "serverPort",
                "应在 1 到 65535 之间",
                "must be from 1 to 65535",
            );
        }
        let name = |c: &mut crate::validation::Checker, field: &str, value: &str| {
            let value = c.required(field, value, 63, false);
            if !value.is_empty()
                && !value
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            {
                c.fail(
                    field,
                    "只能由字母、数字和下划线组成",
                    "may hold only letters, digits and underscores",
                );
            }
            value
        };
        let database = name(&mut c, "serverDatabase", &self.database);
        let user = name(&mut c, "serverUser", &self.user);
        if self.password.is_empty() {
            c.fail("serverPassword", "不能为空", "is required");
        } else if self.password.chars().count() > 200 || self.password.chars().any(char::is_control)
        {
            c.fail(
                "serverPassword",
                "不能超过 200 个字符或含控制字符",
                "must be at most 200 characters, without control characters",
            );
        }
        c.finish()?;
        let quoted = |v: &str| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"));
        Ok(format!(
            "host={} port={} dbname={database} user={user} password={} connect_timeout=10",
            quoted(&host),
            self.port,
            quoted(&self.password)
        ))
    }
}

/// The live check of a desk on the server: its schema version against this program's,
/// and the audit chain walked entry by entry. The pages themselves are the server's to
/// keep whole (its checksums and its own backups), so they are not read here.
pub fn check(db: &dyn super::db::Db) -> super::Result<super::backup::FileCheck> {
    use crate::args;
    let schema_version: i64 = db.scalar("SELECT version FROM schema_version", args![])?;
    let complaints: i64 = db.scalar("SELECT count(*) FROM complaints", args![])?;
    let audit = super::audit::verify(db, None)?;
    Ok(super::backup::FileCheck {
        integrity_ok: true,
        integrity_message: None,
        schema_version,
        expected_version: known_version(),
        schema_ok: true,
        schema_message: None,
        audit: Some(audit),
        seal: crate::seal::SealCheck::Unsealed,
        installation: None,
        complaints,
    })
}

#[cfg(test)]
mod address_tests {
    use super::ServerAddress;

    fn address() -> ServerAddress {
        ServerAddress {
            host: "192.168.1.20".into(),
            port: 5432,
            database: "complaintdesk".into(),
            user: "complaintdesk_app".into(),
            password: "Desk@2026 it's \\ ok".into(),
        }
    }

    #[test]
    fn a_typed_address_becomes_a_quoted_connection_string() {
        assert_eq!(
            address().url().unwrap(),
            "host='192.168.1.20' port=5432 dbname=complaintdesk user=complaintdesk_app \
             password='Desk@2026 it\\'s \\\\ ok' connect_timeout=10"
        );
    }

    #[test]
    fn every_field_is_bounded_and_named() {
        let socket = ServerAddress {
            host: "/var/run/postgresql".into(),
            ..address()
        };
        assert!(socket
            .url()
            .unwrap()
            .starts_with("host='/var/run/postgresql' "));
        let bad = ServerAddress {
            host: "db host; rm".into(),
            port: 70_000,
            database: "center db".into(),
            user: String::new(),
            password: "x".repeat(201),
        };
        let fields: Vec<String> = bad
            .url()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "serverHost",
                "serverPort",
                "serverDatabase",
                "serverUser",
                "serverPassword"
            ]
        );
        let named = ServerAddress {
            port: 0,
            ..address()
        }
        .url()
        .unwrap_err();
        assert_eq!(named[0].message, "端口应在 1 到 65535 之间");
        assert_eq!(named[0].message_en, "Port must be from 1 to 65535");
    }
}
