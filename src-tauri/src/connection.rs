//! Where this desk keeps its data: its own file in the data folder (the default, one desk
//! alone), or the center's PostgreSQL server (several desks). The server's connection
//! string, password included, is kept in the OS keyring where there is one (the Windows
//! Credential Manager, the macOS Keychain, a Linux desktop's Secret Service), and
//! [`SERVER_FILE`] in the app's configuration folder then only says so and names the
//! server; without a keyring the file holds the connection itself. Either way the file is
//! written readable by this user only (mode 0600) and refused when others may read it; the
//! connection never goes into the database's settings. [`ENV`] names a server for one run
//! (tests, a desk started by a script).

use complaint_core::seal::Keys;
use complaint_core::storage::DB_FILE;
use complaint_core::Desk;
use std::path::{Path, PathBuf};

/// The connection file in the configuration folder.
pub const SERVER_FILE: &str = "center-server.conf";
/// A server for this run, overriding the file.
pub const ENV: &str = "COMPLAINTDESK_DATABASE";
/// The longest connection string taken.
const URL_MAX: usize = 1_000;

/// Where the desk's data is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The database file in the data folder.
    File(PathBuf),
    /// The center's server: its connection string.
    Server(String),
}

impl Target {
    /// The server's connection string, on a server.
    pub fn server(&self) -> Option<&str> {
        match self {
            Target::Server(url) => Some(url),
            Target::File(_) => None,
        }
    }
}

/// Whether `url` reads as a PostgreSQL connection string (a URL or `key=value` pairs).
pub fn is_server_url(url: &str) -> bool {
    url.len() <= URL_MAX
        && (url.starts_with("postgres://")
            || url.starts_with("postgresql://")
            || url.contains("host=")
            || url.contains("dbname="))
}

/// Where a connection can be kept apart from the file: the OS keyring.
pub trait Secrets {
    /// Keeps `url` under `name`; false when there is no keyring to keep it in.
    fn keep(&self, name: &str, url: &str) -> bool;
    /// The connection kept under `name`, or why it cannot be read.
    fn read(&self, name: &str) -> Result<String, String>;
}

/// The service name of this app's entries in the OS keyring.
const KEYRING_SERVICE: &str = "cn.complaintdesk.desk";

/// The OS keyring, through the `keyring` crate.
pub struct OsKeyring;

impl Secrets for OsKeyring {
    fn keep(&self, name: &str, url: &str) -> bool {
        keyring::Entry::new(KEYRING_SERVICE, name)
            .and_then(|entry| entry.set_password(url))
            .is_ok()
    }

    fn read(&self, name: &str) -> Result<String, String> {
        keyring::Entry::new(KEYRING_SERVICE, name)
            .and_then(|entry| entry.get_password())
            .map_err(|e| e.to_string())
    }
}

/// What the connection file says when the connection itself is in the keyring.
const IN_KEYRING: &str = "keyring:";

/// The keyring entry of the connection of the configuration folder `config_dir` (one per
/// folder: tests and a second installation keep theirs apart).
fn keyring_name(config_dir: &Path) -> String {
    format!("center-server {}", config_dir.display())
}

/// Where this run's data is: [`ENV`], else the connection file, else the file in `data_dir`.
pub fn target(config_dir: &Path, data_dir: &Path) -> Result<Target, String> {
    target_in(config_dir, data_dir, &OsKeyring)
}

/// [`target`], reading a connection kept in `secrets`.
pub fn target_in(
    config_dir: &Path,
    data_dir: &Path,
    secrets: &dyn Secrets,
) -> Result<Target, String> {
    if let Some(url) = std::env::var(ENV).ok().filter(|u| !u.trim().is_empty()) {
        return checked(url.trim());
    }
    let file = config_dir.join(SERVER_FILE);
    match std::fs::read_to_string(&file) {
        Ok(text) if text.starts_with(IN_KEYRING) => {
            private(&file)?;
            let url = secrets.read(&keyring_name(config_dir)).map_err(|e| {
                format!(
                    "中心服务器（{}）的连接保存在系统钥匙串中，现在读不到（{e}）。请解锁钥匙串后重新启动，或由管理员重新连接中心服务器。",
                    text[IN_KEYRING.len()..].trim()
                )
            })?;
            checked(url.trim())
        }
        Ok(text) => {
            private(&file)?;
            checked(text.trim())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Target::File(data_dir.join(DB_FILE)))
        }
        Err(e) => Err(format!("无法读取服务器连接文件 {}：{e}", file.display())),
    }
}

fn checked(url: &str) -> Result<Target, String> {
    if is_server_url(url) {
        Ok(Target::Server(url.to_owned()))
    } else {
        Err(format!(
            "服务器连接不是 PostgreSQL 连接串（应为 postgres://用户:密码@主机/数据库）：{}",
            shown(url)
        ))
    }
}

/// Refuses a connection file that others than this user may read: it holds a password.
#[cfg(unix)]
fn private(file: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(file)
        .map_err(|e| format!("无法读取服务器连接文件 {}：{e}", file.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "服务器连接文件 {} 可被其他用户读取（权限 {:o}），其中有数据库密码：请执行 chmod 600 后重新启动",
            file.display(),
            mode & 0o777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private(_file: &Path) -> Result<(), String> {
    // The user's own AppData folder is not shared with other accounts.
    Ok(())
}

/// Where a connection was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// In the OS keyring; the file names the server only.
    Keyring,
    /// In the file, readable by this user only (no keyring here).
    File,
}

/// Keeps `url` as this desk's server: in the OS keyring where there is one, else in the
/// connection file, readable by this user only.
pub fn save(config_dir: &Path, url: &str) -> std::io::Result<Kept> {
    save_in(config_dir, url, &OsKeyring)
}

/// [`save`], keeping the connection in `secrets` when they take it.
pub fn save_in(config_dir: &Path, url: &str, secrets: &dyn Secrets) -> std::io::Result<Kept> {
    std::fs::create_dir_all(config_dir)?;
    let (kept, content) = if secrets.keep(&keyring_name(config_dir), url) {
        (Kept::Keyring, format!("{IN_KEYRING} {}\n", shown(url)))
    } else {
        (Kept::File, url.to_owned())
    };
    let file = config_dir.join(SERVER_FILE);
    let part = config_dir.join(format!("{SERVER_FILE}.part"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    {
        use std::io::Write;
        let mut out = options.open(&part)?;
        out.write_all(content.as_bytes())?;
        out.sync_all()?;
    }
    std::fs::rename(&part, &file)?;
    Ok(kept)
}

/// A connection string as shown to people: `user@host:port/database`, never its
/// password (nor any other parameter).
pub fn shown(url: &str) -> String {
    let cut: String = url.chars().take(URL_MAX).collect();
    if let Some(rest) = cut
        .strip_prefix("postgres://")
        .or_else(|| cut.strip_prefix("postgresql://"))
    {
        let rest = rest.split('?').next().unwrap_or_default();
        return match rest.rsplit_once('@') {
            Some((who, place)) => {
                let user = who.split(':').next().unwrap_or_default();
                format!("{user}@{place}")
            }
            None => rest.to_owned(),
        };
    }
    let pairs = conninfo(&cut);
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut out = String::new();
    if let Some(user) = get("user") {
        out.push_str(user);
        out.push('@');
    }
    out.push_str(get("host").unwrap_or("localhost"));
    if let Some(port) = get("port") {
        out.push(':');
        out.push_str(port);
    }
    if let Some(db) = get("dbname") {
        out.push('/');
        out.push_str(db);
    }
    out
}

/// The `key=value` pairs of a connection string in libpq's form (values may be quoted
/// with `'`, with `\` escaping a quote or a backslash).
fn conninfo(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| *c != '=' && !c.is_whitespace())).collect();
        if key.is_empty() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_none() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '\'' => break,
                    _ => value.push(c),
                }
            }
        } else {
            value.extend(std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())));
        }
        pairs.push((key, value));
    }
    pairs
}

/// Opens the desk at `target`: the file sealed with `keys`, or the server.
pub fn open(
    target: &Target,
    keys: Keys,
    now: chrono::DateTime<chrono::Utc>,
) -> complaint_core::desk::Result<Desk> {
    match target {
        Target::File(path) => Desk::open_sealed(path, keys, now),
        Target::Server(url) => Desk::open_server(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        assert_eq!(
            shown("postgres://complaintdesk_app:S3cret@10.0.0.5:5432/center?sslmode=require"),
            "complaintdesk_app@10.0.0.5:5432/center"
        );
        assert_eq!(
            shown("host=10.0.0.5 user=app password=S3cret dbname=center"),
            "app@10.0.0.5/center"
        );
        // As the desk writes what a person typed: quoted, a quote and spaces inside.
        let typed = complaint_core::storage::server::ServerAddress {
            host: "192.168.1.20".into(),
            port: 5432,
            database: "complaintdesk".into(),
            user: "complaintdesk_app".into(),
            password: "it's a S3cret pass".into(),
        }
        .url()
        .unwrap();
        let shown = shown(&typed);
        assert_eq!(shown, "complaintdesk_app@192.168.1.20:5432/complaintdesk");
        assert!(!shown.contains("S3cret") && !shown.contains("pass"));
    }

    /// A keyring in memory, as the OS keeps one; or none at all.
    struct Keyring(Option<std::cell::RefCell<std::collections::HashMap<String, String>>>);

    impl Secrets for Keyring {
        fn keep(&self, name: &str, url: &str) -> bool {
            self.0.as_ref().is_some_and(|k| {
                k.borrow_mut().insert(name.to_owned(), url.to_owned());
                true
            })
        }
        fn read(&self, name: &str) -> Result<String, String> {
            self.0
                .as_ref()
                .and_then(|k| k.borrow().get(name).cloned())
                .ok_or_else(|| "no entry".to_owned())
        }
    }

    #[test]
    fn with_a_keyring_the_password_is_kept_there_and_the_file_names_the_server() {
        let config = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let keyring = Keyring(Some(Default::default()));
        let url = "postgres://complaintdesk_app:S3cret@10.0.0.5/center";
        assert_eq!(
            save_in(config.path(), url, &keyring).unwrap(),
            Kept::Keyring
        );
        let file = std::fs::read_to_string(config.path().join(SERVER_FILE)).unwrap();
        assert_eq!(file.trim(), "keyring: complaintdesk_app@10.0.0.5/center");
        assert_eq!(
            target_in(config.path(), data.path(), &keyring).unwrap(),
            Target::Server(url.into())
        );
        // Another configuration folder keeps its own entry.
        let other = tempfile::tempdir().unwrap();
        let elsewhere = "host=10.0.0.6 user=complaintdesk_app password=Other dbname=center";
        save_in(other.path(), elsewhere, &keyring).unwrap();
        assert_eq!(
            target_in(config.path(), data.path(), &keyring).unwrap(),
            Target::Server(url.into())
        );
        // The keyring locked or gone: the desk says which server and what to do.
        let refused = target_in(config.path(), data.path(), &Keyring(None)).unwrap_err();
        assert!(
            refused.contains("系统钥匙串") && refused.contains("complaintdesk_app@10.0.0.5/center"),
            "{refused}"
        );
        assert!(!refused.contains("S3cret"), "{refused}");
    }

    #[test]
    fn the_connection_file_is_the_users_alone_and_names_the_server() {
        let config = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        assert_eq!(
            target(config.path(), data.path()).unwrap(),
            Target::File(data.path().join(DB_FILE))
        );
        let url = "postgres://complaintdesk_app:S3cret@10.0.0.5/center";
        // No keyring here: the file holds the connection.
        let none = Keyring(None);
        assert_eq!(save_in(config.path(), url, &none).unwrap(), Kept::File);
        assert_eq!(
            target_in(config.path(), data.path(), &none).unwrap(),
            Target::Server(url.into())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = config.path().join(SERVER_FILE);
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            let refused = target_in(config.path(), data.path(), &none).unwrap_err();
            assert!(refused.contains("chmod 600"), "{refused}");
            assert!(!refused.contains("S3cret"), "{refused}");
        }
    }

    #[test]
    fn anything_but_a_connection_string_is_refused_without_its_secret() {
        let config = tempfile::tempdir().unwrap();
        std::fs::write(config.path().join(SERVER_FILE), "").unwrap();
        let none = Keyring(None);
        save_in(config.path(), "/home/desk/complaintdesk.db", &none).unwrap();
        let refused = target_in(config.path(), config.path(), &none).unwrap_err();
        assert!(refused.contains("不是 PostgreSQL 连接串"), "{refused}");
    }
}
