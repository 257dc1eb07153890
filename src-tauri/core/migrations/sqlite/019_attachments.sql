-- ComplaintDesk schema, version 19: attachments (photos, scans, PDFs).
--
-- The files live outside the database, beside it in `attachments/`, named by their
-- SHA-256 and never changed or deleted; a row names one file attached to a complaint
-- (to one of its steps, or to the complaint itself). Attaching and removing are events
-- that carry the hash, so the timeline and the audit chain hold it; a removed attachment
-- keeps its row and its file, marked by the removing event.
CREATE TABLE attachments (
    id               INTEGER PRIMARY KEY,
    complaint_id     INTEGER NOT NULL REFERENCES complaints(id),
    event_id         INTEGER NOT NULL REFERENCES events(id),
    step_event_id    INTEGER REFERENCES events(id),
    sha256           TEXT NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    removed_event_id INTEGER REFERENCES events(id)
);
CREATE INDEX attachments_complaint ON attachments (complaint_id, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

CREATE TRIGGER attachments_kept BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are never deleted'); END;
CREATE TRIGGER attachments_fixed BEFORE UPDATE ON attachments
WHEN NEW.id IS NOT OLD.id OR NEW.complaint_id IS NOT OLD.complaint_id
    OR NEW.event_id IS NOT OLD.event_id OR NEW.step_event_id IS NOT OLD.step_event_id
    OR NEW.sha256 IS NOT OLD.sha256 OR NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind
    OR NEW.size IS NOT OLD.size OR OLD.removed_event_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an attachment is only ever marked removed, once'); END;
