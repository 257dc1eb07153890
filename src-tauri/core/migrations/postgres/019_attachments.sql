-- ComplaintDesk schema, version 19 (PostgreSQL): attachments (photos, scans, PDFs). The twin
-- of sqlite/019_attachments.sql.
--
-- What differs from SQLite: BIGINT for INTEGER; the id is BIGINT PRIMARY KEY without an
-- identity: the desk names an attachment's id (max(id) + 1) before inserting it, so it
-- inserts that id explicitly, under its writer lock; both triggers call refuse() (version
-- 1), the guard's `IS NOT` is `IS DISTINCT FROM` in the trigger's WHEN, and a statement
-- trigger refuses TRUNCATE, which row triggers do not see.
--
-- The files live outside the database, beside it in `attachments/`, named by their
-- SHA-256 and never changed or deleted; a row names one file attached to a complaint
-- (to one of its steps, or to the complaint itself). Attaching and removing are events
-- that carry the hash, so the timeline and the audit chain hold it; a removed attachment
-- keeps its row and its file, marked by the removing event.
CREATE TABLE attachments (
    id               BIGINT PRIMARY KEY,
    complaint_id     BIGINT NOT NULL REFERENCES complaints(id),
    event_id         BIGINT NOT NULL REFERENCES events(id),
    step_event_id    BIGINT REFERENCES events(id),
    sha256           TEXT NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    size             BIGINT NOT NULL,
    removed_event_id BIGINT REFERENCES events(id)
);
CREATE INDEX attachments_complaint ON attachments (complaint_id, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

CREATE TRIGGER attachments_kept BEFORE DELETE ON attachments
FOR EACH ROW EXECUTE FUNCTION refuse('attachments are never deleted');
CREATE TRIGGER attachments_kept_truncate BEFORE TRUNCATE ON attachments
FOR EACH STATEMENT EXECUTE FUNCTION refuse('attachments are never deleted');
CREATE TRIGGER attachments_fixed BEFORE UPDATE ON attachments
FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id
    OR NEW.complaint_id IS DISTINCT FROM OLD.complaint_id
    OR NEW.event_id IS DISTINCT FROM OLD.event_id
    OR NEW.step_event_id IS DISTINCT FROM OLD.step_event_id
    OR NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.name IS DISTINCT FROM OLD.name
    OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.size IS DISTINCT FROM OLD.size
    OR OLD.removed_event_id IS NOT NULL)
EXECUTE FUNCTION refuse('an attachment is only ever marked removed, once');
