-- ComplaintDesk schema, version 23 (PostgreSQL): attachments' files kept in the database.
-- The twin of sqlite/023_attachment_files.sql.
--
-- What differs from SQLite: BYTEA for BLOB, no STRICT or WITHOUT ROWID; the triggers call
-- refuse() (version 1), and a statement trigger refuses TRUNCATE. server-setup grants the
-- app role only INSERT and SELECT on it, as on events and the audit log.
--
-- A desk on the center's server has no folder beside a file for attachments: their files
-- are here, content-addressed, a row one file under its SHA-256, added once and never
-- changed or deleted (a removed attachment keeps its file). The server's own backups
-- carry them with everything else.
CREATE TABLE attachment_files (
    sha256 TEXT PRIMARY KEY,
    bytes  BYTEA NOT NULL
);

CREATE TRIGGER attachment_files_kept BEFORE DELETE ON attachment_files
FOR EACH ROW EXECUTE FUNCTION refuse('attachment files are never deleted');
CREATE TRIGGER attachment_files_kept_truncate BEFORE TRUNCATE ON attachment_files
FOR EACH STATEMENT EXECUTE FUNCTION refuse('attachment files are never deleted');
CREATE TRIGGER attachment_files_fixed BEFORE UPDATE ON attachment_files
FOR EACH ROW EXECUTE FUNCTION refuse('attachment files are never changed');
