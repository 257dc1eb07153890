-- ComplaintDesk schema, version 23: attachments' files kept in the database, for a desk
-- on the center's server (PostgreSQL twin: postgres/023_attachment_files.sql). A desk on
-- its own file keeps them beside it in `attachments/` and leaves this table empty.
--
-- Content-addressed: a row is one file under its SHA-256, added once and never changed
-- or deleted (a removed attachment keeps its file, as beside a file).
CREATE TABLE attachment_files (
    sha256 TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TRIGGER attachment_files_kept BEFORE DELETE ON attachment_files
BEGIN SELECT RAISE(ABORT, 'attachment files are never deleted'); END;
CREATE TRIGGER attachment_files_fixed BEFORE UPDATE ON attachment_files
BEGIN SELECT RAISE(ABORT, 'attachment files are never changed'); END;
