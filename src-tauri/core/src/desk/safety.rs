//! Keeping the data: backups on demand and daily, and checks of the live file.

use super::*;
use crate::backup::{self, BackupError};
use crate::storage::backup::FileCheck;
use std::path::PathBuf;

impl Desk {
    /// A copy of the database into `dir`, on the administrator's demand (audited).
    pub fn backup_now(&mut self, actor: &User, dir: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        Self::allow(actor, Action::Administer)?;
        let path = backup::take(&self.conn, dir, now, self.tz()?)?;
        let tx = self.write()?;
        let after = json(&serde_json::json!({ "path": path.display().to_string() }));
        audit::append(
            &tx,
            &AuditEntry {
                at: now,
                actor_id: actor.id,
                action: "backup.create",
                entity: "database",
                entity_id: None,
                before: None,
                after,
            },
        )?;
        tx.commit()?;
        Ok(path)
    }

    /// The automatic daily copy into `dir` (when today has none yet), with rotation.
    pub fn daily_backup(&mut self, dir: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        Ok(backup::daily(&self.conn, dir, now, self.tz()?)?)
    }

    /// Integrity and audit chain of the live database.
    pub fn check(&self) -> Result<FileCheck> {
        let integrity: Vec<String> = {
            let mut stmt = self.conn.prepare("PRAGMA integrity_check(5)")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let integrity_ok = integrity.len() == 1 && integrity[0] == "ok";
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let complaints: i64 = self
            .conn
            .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))?;
        Ok(FileCheck {
            integrity_ok,
            integrity_message: (!integrity_ok).then(|| integrity.join("; ")),
            schema_version: version,
            expected_version: storage::MIGRATION_COUNT as i64,
            audit: Some(audit::verify(&self.conn)?),
            complaints,
        })
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
