//! Keeping the data: backups on demand and daily, and checks of the live file.

use super::*;
use crate::backup::{self, BackupError};
use crate::storage::backup::FileCheck;
use std::path::PathBuf;

impl Desk {
    /// A copy of the database into `dir`, on the administrator's demand (audited).
    pub fn backup_now(&mut self, actor: &User, dir: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        let job = self.backup_job(actor)?;
        let path = match &job {
            Some(job) => job.take(dir, now)?,
            None if self.conn.sqlite().is_none() => {
                backup::take_server(&self.conn, dir, now, self.tz()?)?
            }
            None => backup::take(self.file()?, dir, now, self.tz()?)?,
        };
        self.record_backup(actor, &path, now)?;
        Ok(path)
    }

    /// A copy to take beside the desk, for the administrator: the window's lock is held
    /// only to check who asks and where the file is. `None` for a desk in memory.
    pub fn backup_job(&self, actor: &User) -> Result<Option<DailyUpkeep>> {
        Self::allow(actor, Action::Administer)?;
        self.upkeep_beside()
    }

    /// Work on the desk's file beside the desk: none for a desk in memory or on the
    /// center's server, which have no file to copy.
    fn upkeep_beside(&self) -> Result<Option<DailyUpkeep>> {
        let Some(db) = self
            .conn
            .sqlite()
            .and_then(|c| c.path())
            .filter(|p| !p.is_empty())
        else {
            return Ok(None);
        };
        Ok(Some(DailyUpkeep {
            db: PathBuf::from(db),
            tz: self.tz()?,
        }))
    }

    /// The audit entry of a backup taken on demand.
    pub fn record_backup(&mut self, actor: &User, path: &Path, now: DateTime<Utc>) -> Result<()> {
        Self::allow(actor, Action::Administer)?;
        self.audit_alone(
            actor,
            ("backup.create", "database"),
            None,
            serde_json::json!({ "path": path.display().to_string() }),
            now,
        )
    }

    /// The day's backup and search-index upkeep, to run beside the desk
    /// ([`DailyUpkeep`]); none before the first-run setup: a copy of an empty desk would
    /// stand as the day's backup and keep the real one from being taken.
    pub fn daily_upkeep(&self, now: DateTime<Utc>) -> Result<Option<DailyUpkeep>> {
        if self.status(now)?.needs_setup {
            return Ok(None);
        }
        self.upkeep_beside()
    }

    /// The automatic daily copy into `dir` (when today has none yet), with rotation;
    /// nothing before the first-run setup. See [`DailyUpkeep::backup`].
    pub fn daily_backup(&mut self, dir: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        match self.daily_upkeep(now)? {
            Some(upkeep) => upkeep.backup(dir, now),
            None => Ok(None),
        }
    }

    /// Integrity, schema, audit chain and anchor of the live database.
    pub fn check(&self) -> Result<FileCheck> {
        if self.conn.sqlite().is_none() {
            return Ok(storage::server::check(&self.conn)?);
        }
        let anchor = self.anchored.as_deref().and_then(crate::seal::Anchor::read);
        Ok(backup::inspect(
            self.file()?,
            self.keys.as_ref(),
            anchor.as_ref(),
        )?)
    }
}

/// One line of the audit page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditLine {
    /// Entry number.
    #[ts(type = "number")]
    pub id: i64,
    /// When, in the center's zone.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// Who (系统 for the system).
    pub actor_name: String,
    /// What (`complaint.register` …).
    pub action: String,
    /// On what.
    pub entity: String,
    /// Which.
    #[ts(type = "number | null")]
    pub entity_id: Option<i64>,
    /// The recorded content after the change (JSON).
    pub after: Option<String>,
}

/// A page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditPage {
    /// Entries in all.
    #[ts(type = "number")]
    pub total: i64,
    /// This page, newest first.
    pub lines: Vec<AuditLine>,
}

impl Desk {
    /// The audit log, newest first (administrator and quality department).
    pub fn audit_page(&self, actor: &User, page: u32, page_size: u32) -> Result<AuditPage> {
        Self::allow(actor, Action::ViewAudit)?;
        let tz = self.tz()?;
        let size = page_size.clamp(1, 200) as i64;
        let (total, rows) = audit::page(&self.conn, (page.max(1) as i64 - 1) * size, size)?;
        let lines = rows
            .into_iter()
            .map(|(r, name, after)| AuditLine {
                id: r.id,
                at: r.at.with_timezone(&tz).fixed_offset(),
                actor_name: if r.actor_id == SYSTEM_USER_ID {
                    "系统".into()
                } else {
                    name
                },
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                after,
            })
            .collect();
        Ok(AuditPage { total, lines })
    }

    /// Integrity and the audit chain, for the audit page (administrator and quality department).
    pub fn audit_check(&self, actor: &User) -> Result<FileCheck> {
        Self::allow(actor, Action::ViewAudit)?;
        self.check()
    }
}

impl From<BackupError> for DeskError {
    fn from(e: BackupError) -> Self {
        match e {
            BackupError::Storage(s) => DeskError::Storage(s),
            other => DeskError::Backup(other.to_string()),
        }
    }
}

/// The day's backup and the search index's upkeep, each on a connection of its own
/// beside the desk's ([`storage::open_beside`]), so that the thread that runs them never
/// holds the desk: copying a file of 1,000,000 complaints (2.4 GB) and merging its index
/// take seconds, and the window's reads go on meanwhile (its writes wait for the merge).
#[derive(Debug, Clone)]
pub struct DailyUpkeep {
    db: PathBuf,
    tz: Tz,
}

impl DailyUpkeep {
    /// Today's copy into `dir` when the day has none yet (by the center's time zone),
    /// with rotation; the copy is one read transaction, whatever the desk writes meanwhile.
    pub fn backup(&self, dir: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        let conn = storage::open_beside(&self.db)?;
        Ok(backup::daily(&conn, dir, now, self.tz)?)
    }

    /// A copy into `dir` now, beside the desk (a backup on demand).
    pub fn take(&self, dir: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        let conn = storage::open_beside(&self.db)?;
        Ok(backup::take(&conn, dir, now, self.tz)?)
    }

    /// The search index merged into one segment, after the day's backup
    /// ([`storage::complaints::tidy_search_index`]); whether it merged.
    pub fn tidy_search_index(&self) -> Result<bool> {
        let conn = storage::open_beside(&self.db)?;
        Ok(storage::complaints::tidy_search_index(&conn)?)
    }
}
