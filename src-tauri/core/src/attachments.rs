//! Attachments: photos (JPEG, PNG, HEIC), scans and PDFs kept with a complaint.
//!
//! The files live beside the database in `attachments/`, named by their SHA-256
//! (`attachments/ab/abcdef…`): the same photo attached twice is stored once, a file is
//! never changed or deleted, and a backup copies only the files it does not have yet.
//! Thumbnails for the detail page are made from photos on demand and kept in
//! `attachments/thumbs/` (derived: they are neither backed up nor checked).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The largest file accepted: a phone photo or a multi-page scan.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The most attachments one complaint keeps (removed ones included).
pub const MAX_PER_COMPLAINT: usize = 50;
/// Longest file name kept.
pub const NAME_MAX: usize = 100;
/// The longer side of a thumbnail, in pixels.
pub const THUMB_PX: u32 = 320;

/// What a file is, read from its first bytes (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "AttachmentKind")]
pub enum Kind {
    /// A JPEG photo or scan.
    Jpeg,
    /// A PNG image.
    Png,
    /// An iPhone photo (kept and listed; shown and printed by name only).
    Heic,
    /// A PDF scan.
    Pdf,
}

impl Kind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpeg",
            Kind::Png => "png",
            Kind::Heic => "heic",
            Kind::Pdf => "pdf",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Kind::Jpeg, Kind::Png, Kind::Heic, Kind::Pdf]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Heic => "image/heic",
            Kind::Pdf => "application/pdf",
        }
    }

    /// A photo the desk can decode (thumbnail, appendix page).
    pub fn is_picture(self) -> bool {
        matches!(self, Kind::Jpeg | Kind::Png)
    }

    /// Recognises a file by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Kind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Kind::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(Kind::Pdf)
        } else if bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && [
                &b"heic"[..],
                b"heix",
                b"hevc",
                b"heim",
                b"heis",
                b"mif1",
                b"msf1",
            ]
            .contains(&&bytes[8..12])
        {
            Some(Kind::Heic)
        } else {
            None
        }
    }
}

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `s` is a SHA-256 as stored (64 lower-case hex digits): a name never leaves
/// the store's folder.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// How a stored file stands against its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "AttachmentFileState")]
pub enum FileState {
    /// Present, with the recorded hash.
    Intact,
    /// Not there.
    Missing,
    /// There, with other contents.
    Altered,
}

/// An attachment whose file is not as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachmentProblem {
    /// 投诉编号.
    pub case_no: String,
    /// The file's name.
    pub name: String,
    /// Its recorded SHA-256.
    pub sha256: String,
    /// Missing or altered.
    pub state: FileState,
}

/// Every attachment the database at `conn` names whose file in `store` is missing or
/// altered (each file read and hashed), by case number. A database from before
/// attachments has none.
pub fn verify(
    conn: &dyn crate::storage::db::Db,
    store: &Store,
) -> Result<Vec<AttachmentProblem>, crate::storage::StorageError> {
    if !crate::storage::attachments::kept(conn)? {
        return Ok(Vec::new());
    }
    Ok(crate::storage::attachments::all_with_case(conn)?
        .into_iter()
        .filter_map(|(case_no, a)| {
            let state = store.state(&a.sha256);
            (state != FileState::Intact).then_some(AttachmentProblem {
                case_no,
                name: a.name,
                sha256: a.sha256,
                state,
            })
        })
        .collect())
}

/// A content-addressed folder of files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// The store of the database at `db`: `attachments/` beside it.
    pub fn beside(db: &Path) -> Self {
        Self {
            root: db
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join("attachments"),
        }
    }

    /// A store at `root`.
    pub fn at(root: PathBuf) -> Self {
        Self { root }
    }

    /// Its folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the file of `sha` is (or would be).
    pub fn path(&self, sha: &str) -> PathBuf {
        self.root.join(&sha[..2.min(sha.len())]).join(sha)
    }

    fn thumb_path(&self, sha: &str) -> PathBuf {
        self.root.join("thumbs").join(format!("{sha}.jpg"))
    }

    /// Keeps `bytes` under their hash and returns it; a file already kept is left as
    /// it is. Written to a temporary name, synced, then renamed: a stop midway leaves
    /// no half file under a hash.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256(bytes);
        let path = self.path(&sha);
        if self.state(&sha) == FileState::Intact {
            return Ok(sha);
        }
        write_whole(&path, bytes)?;
        Ok(sha)
    }

    /// The file's bytes, checked against its hash.
    pub fn read(&self, sha: &str) -> std::io::Result<Vec<u8>> {
        if !is_sha256(sha) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a stored file name",
            ));
        }
        let bytes = std::fs::read(self.path(sha))?;
        if sha256(&bytes) != sha {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the stored file was altered",
            ));
        }
        Ok(bytes)
    }

    /// Whether the file of `sha` is there with that hash.
    pub fn state(&self, sha: &str) -> FileState {
        if !is_sha256(sha) {
            return FileState::Missing;
        }
        match std::fs::read(self.path(sha)) {
            Err(_) => FileState::Missing,
            Ok(bytes) if sha256(&bytes) == sha => FileState::Intact,
            Ok(_) => FileState::Altered,
        }
    }

    /// Copies from `from` each of `shas` this store does not hold intact: a backup
    /// takes only what is new, a restore only what is missing. Returns how many were
    /// copied and the hashes `from` could not give intact.
    pub fn copy_from(
        &self,
        from: &Store,
        shas: &[String],
    ) -> std::io::Result<(usize, Vec<String>)> {
        let (mut copied, mut lacking) = (0, Vec::new());
        for sha in shas {
            if !is_sha256(sha) || self.state(sha) == FileState::Intact {
                continue;
            }
            match from.read(sha) {
                Ok(bytes) => {
                    write_whole(&self.path(sha), &bytes)?;
                    copied += 1;
                }
                Err(_) => lacking.push(sha.clone()),
            }
        }
        Ok((copied, lacking))
    }

    /// A JPEG thumbnail of a photo, at most [`THUMB_PX`] on its longer side: made once,
    /// then read back. `None` for what is not a photo the desk decodes.
    pub fn thumbnail(&self, sha: &str, kind: Kind) -> std::io::Result<Option<Vec<u8>>> {
        if !kind.is_picture() || !is_sha256(sha) {
            return Ok(None);
        }
        let path = self.thumb_path(sha);
        if let Ok(bytes) = std::fs::read(&path) {
            return Ok(Some(bytes));
        }
        let bytes = self.read(sha)?;
        let Some(thumb) = thumbnail_of(&bytes) else {
            return Ok(None);
        };
        write_whole(&path, &thumb)?;
        Ok(Some(thumb))
    }
}

/// A JPEG of at most [`THUMB_PX`] on its longer side, or `None` when the picture cannot
/// be decoded.
pub fn thumbnail_of(bytes: &[u8]) -> Option<Vec<u8>> {
    let picture = image::load_from_memory(bytes).ok()?;
    let small = picture.thumbnail(THUMB_PX, THUMB_PX).to_rgb8();
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&small)
        .ok()?;
    Some(out.into_inner())
}

fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let part = path.with_extension("part");
    {
        let mut f = std::fs::File::create(&part)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&part, path)?;
    crate::seal::sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes_not_the_name() {
        assert_eq!(Kind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Kind::Jpeg));
        assert_eq!(Kind::sniff(b"\x89PNG\r\n\x1a\n...."), Some(Kind::Png));
        assert_eq!(Kind::sniff(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(Kind::sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(Kind::Heic));
        assert_eq!(Kind::sniff(b"MZ\x90\0"), None);
        assert_eq!(Kind::sniff(b""), None);
    }

    #[test]
    fn a_store_keeps_files_by_hash_and_tells_altered_from_missing() {
        let dir = tempfile_dir();
        let store = Store::at(dir.clone());
        let sha = store.put(b"hello").unwrap();
        assert_eq!(sha, sha256(b"hello"));
        assert_eq!(store.state(&sha), FileState::Intact);
        assert_eq!(store.put(b"hello").unwrap(), sha);
        std::fs::write(store.path(&sha), b"HELLO").unwrap();
        assert_eq!(store.state(&sha), FileState::Altered);
        assert!(store.read(&sha).is_err());
        std::fs::remove_file(store.path(&sha)).unwrap();
        assert_eq!(store.state(&sha), FileState::Missing);
        assert_eq!(store.state("../../etc/passwd"), FileState::Missing);
        assert!(store.read("../x").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "complaintdesk-store-{}-{}",
            std::process::id(),
            sha256(format!("{:?}", std::time::SystemTime::now()).as_bytes())
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
