//! The installation's seal: a random installation id, written into the database at the
//! first set-up (and so into every backup), and the audit key, kept outside the database
//! in a key file of its own; and the anchor, the audit log's length and latest hash,
//! written beside the database after every audited change and beside every backup.
//!
//! With the key, an edited and recomputed audit chain no longer verifies; with the
//! anchor, a cut-off tail (the append-only trigger dropped, the last entries deleted)
//! and a database from another installation are told apart from an intact file.

use crate::storage::audit::AuditKey;
use rand_core::{OsRng, RngCore};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;
use ts_rs::TS;

/// The `settings` key of the installation id.
pub const INSTALLATION_SETTING: &str = "installation_id";

/// Why a key file could not be read or written.
#[derive(Debug, Error)]
pub enum SealError {
    /// The file system refused.
    #[error("无法读写审计密钥文件 {path}：{reason}")]
    File {
        /// Which file.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// The key file is not one this program wrote.
    #[error("审计密钥文件 {0} 内容不正确")]
    Malformed(String),
}

impl SealError {
    /// The message in English (the `Display` text is Chinese).
    pub fn message_en(&self) -> String {
        match self {
            SealError::File { path, reason } => {
                format!("The audit key file {path} cannot be read or written: {reason}")
            }
            SealError::Malformed(p) => format!("The audit key file {p} is not valid"),
        }
    }
}

/// An installation id: 32 lowercase hex digits. Anything else (a value planted in a
/// foreign file's settings) is never used to name a file.
pub fn valid_installation(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Bytes as lowercase hex digits.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64 hex digits as 32 bytes.
pub(crate) fn unhex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// An installation's identity and audit key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// The installation id (also in the database's settings).
    pub installation: String,
    /// The audit key.
    pub key: AuditKey,
}

/// The folder of the key files (the app's configuration folder): one file per
/// installation, `audit-key-<id>.txt`, readable by the user only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    dir: PathBuf,
}

impl Keys {
    /// Key files in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the key of `installation` is kept.
    pub fn path(&self, installation: &str) -> PathBuf {
        self.dir.join(format!("audit-key-{installation}.txt"))
    }

    /// The key of `installation`, when this computer has it.
    pub fn load(&self, installation: &str) -> Result<Option<Seal>, SealError> {
        if !valid_installation(installation) {
            return Ok(None);
        }
        let path = self.path(installation);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(SealError::File {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })
            }
        };
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(str::trim)
        };
        let malformed = || SealError::Malformed(path.display().to_string());
        if field("installation") != Some(installation) {
            return Err(malformed());
        }
        let secret = field("key").and_then(unhex32).ok_or_else(malformed)?;
        let from = field("from")
            .and_then(|f| f.parse::<i64>().ok())
            .filter(|f| *f >= 1)
            .ok_or_else(malformed)?;
        Ok(Some(Seal {
            installation: installation.to_owned(),
            key: AuditKey::new(secret, from),
        }))
    }

    /// A new installation: a random id and key, keying audit entries from `from` on,
    /// written to a new key file (never over an existing one).
    pub fn create(&self, from: i64) -> Result<Seal, SealError> {
        let mut id = [0u8; 16];
        let mut secret = [0u8; 32];
        OsRng.fill_bytes(&mut id);
        OsRng.fill_bytes(&mut secret);
        let seal = Seal {
            installation: hex(&id),
            key: AuditKey::new(secret, from),
        };
        let path = self.path(&seal.installation);
        let err = |e: std::io::Error| SealError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        std::fs::create_dir_all(&self.dir).map_err(err)?;
        let text = format!(
            "# 物业投诉处理台 审计密钥：请与备份分开保存一份副本（见 README）。\n\
             # ComplaintDesk audit key: keep a copy apart from the backups (see the README).\n\
             installation={}\nfrom={}\nkey={}\n",
            seal.installation,
            seal.key.from,
            hex(seal.key.secret())
        );
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(err)?;
        file.write_all(text.as_bytes()).map_err(err)?;
        file.sync_all().map_err(err)?;
        sync_dir(&self.dir).map_err(err)?;
        Ok(seal)
    }
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The audit log's length and latest hash, as last committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The installation that wrote it.
    pub installation: String,
    /// Entries in the log.
    pub entries: i64,
    /// The last entry's hash.
    pub hash: String,
    /// During a restore, the file about to replace the live one: until the anchor is
    /// rewritten after the swap, either file holds.
    pub next: Option<Box<Anchor>>,
}

/// The anchor beside a database or backup file: `<file>.anchor`.
pub fn anchor_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".anchor");
    db.with_file_name(name)
}

impl Anchor {
    /// Writes the anchor of `db` whole (a new file renamed over the old, both fsynced).
    pub fn write(&self, db: &Path) -> std::io::Result<()> {
        let path = anchor_path(db);
        let mut part = path.clone().into_os_string();
        part.push(".part");
        let part = PathBuf::from(part);
        {
            let mut f = std::fs::File::create(&part)?;
            write!(
                f,
                "installation={}\nentries={}\nhash={}\n",
                self.installation, self.entries, self.hash
            )?;
            if let Some(n) = &self.next {
                write!(
                    f,
                    "next.installation={}\nnext.entries={}\nnext.hash={}\n",
                    n.installation, n.entries, n.hash
                )?;
            }
            f.sync_all()?;
        }
        std::fs::rename(&part, &path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            sync_dir(dir)?;
        }
        Ok(())
    }

    /// The anchor of `db`, when there is a readable one.
    pub fn read(db: &Path) -> Option<Anchor> {
        let text = std::fs::read_to_string(anchor_path(db)).ok()?;
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(|v| v.trim().to_owned())
        };
        let next = (|| {
            Some(Box::new(Anchor {
                installation: field("next.installation")?,
                entries: field("next.entries")?.parse().ok()?,
                hash: field("next.hash")?,
                next: None,
            }))
        })();
        Some(Anchor {
            installation: field("installation")?,
            entries: field("entries")?.parse().ok()?,
            hash: field("hash")?,
            next,
        })
    }
}

/// How a sealed file's audit log stands against its anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export)]
pub enum AnchorCheck {
    /// The log holds every entry the anchor names, unchanged (perhaps more: a change
    /// committed just before the program stopped).
    Holds,
    /// No anchor beside the file.
    Missing,
    /// Fewer entries than the anchor names: the tail was cut off.
    Truncated {
        /// Entries the anchor names.
        #[ts(type = "number")]
        anchored: i64,
        /// Entries in the file.
        #[ts(type = "number")]
        found: i64,
    },
    /// The anchored entry's hash differs: the log was rewritten.
    Rewritten {
        /// The anchored entry.
        #[ts(type = "number")]
        entry: i64,
    },
    /// The anchor was written by another installation: the file was swapped.
    OtherInstallation,
}

/// How the seal of a file stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export)]
pub enum SealCheck {
    /// A file from before sealing (no installation id): plain hashes only.
    Unsealed,
    /// Checked with this computer's key of the file's installation.
    Keyed {
        /// The installation id.
        installation: String,
        /// The anchor's check.
        anchor: AnchorCheck,
    },
    /// The file names an installation whose key this computer does not have.
    KeyMissing {
        /// The installation id (empty when the file's is not a valid id).
        installation: String,
    },
}

impl SealCheck {
    /// Nothing speaks against the file.
    pub fn holds(&self) -> bool {
        matches!(
            self,
            SealCheck::Unsealed
                | SealCheck::Keyed {
                    anchor: AnchorCheck::Holds,
                    ..
                }
        )
    }
}

/// Compares a log of `entries` entries with its anchor; `hash_of(n)` is the stored hash
/// of entry `n`. While a restore is under way (the anchor names the next file too),
/// either file holds.
pub fn compare(
    installation: &str,
    anchor: Option<&Anchor>,
    entries: i64,
    hash_of: impl Fn(i64) -> Option<String>,
) -> AnchorCheck {
    let Some(a) = anchor else {
        return AnchorCheck::Missing;
    };
    let this = compare_one(installation, a, entries, &hash_of);
    match (&this, &a.next) {
        (AnchorCheck::Holds, _) | (_, None) => this,
        (_, Some(next)) => match compare_one(installation, next, entries, &hash_of) {
            AnchorCheck::Holds => AnchorCheck::Holds,
            _ => this,
        },
    }
}

fn compare_one(
    installation: &str,
    a: &Anchor,
    entries: i64,
    hash_of: &impl Fn(i64) -> Option<String>,
) -> AnchorCheck {
    let anchored_hash = hash_of(a.entries);
    let anchored_hash = anchored_hash.as_deref();
    if a.installation != installation {
        AnchorCheck::OtherInstallation
    } else if entries < a.entries {
        AnchorCheck::Truncated {
            anchored: a.entries,
            found: entries,
        }
    } else if a.entries > 0 && anchored_hash != Some(a.hash.as_str()) {
        AnchorCheck::Rewritten { entry: a.entries }
    } else {
        AnchorCheck::Holds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Keys::new(dir.path());
        let seal = keys.create(1).unwrap();
        assert!(valid_installation(&seal.installation));
        assert_eq!(keys.load(&seal.installation).unwrap(), Some(seal.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(keys.path(&seal.installation))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A planted id never names a file outside the folder.
        assert_eq!(keys.load("../../etc/passwd").unwrap(), None);
        assert_eq!(keys.load(&"0".repeat(32)).unwrap(), None);
    }
}
