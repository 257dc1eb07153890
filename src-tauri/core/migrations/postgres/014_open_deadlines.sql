-- ComplaintDesk schema, version 14 (PostgreSQL): every open deadline on the complaint's row.
-- The twin of sqlite/014_open_deadlines.sql: BIGINT for INTEGER; `open_deadlines` stays
-- TEXT (JSON read only in Rust), not jsonb, so that it reads back exactly as written.
--
-- `open_deadlines`: each deadline not yet met, as `[kind, started_at, due_at, paused]`
-- (JSON, milliseconds), so that a dashboard row names every one that is overdue or due
-- soon, not only the earliest; `forward_due_at`: the open 转呈 deadline, so that 待转呈
-- lists a major or important complaint from registration (its forward clock runs while
-- its dispatch, due first, is still open). Rewritten with every event (desk::restate);
-- the open complaints of an older database are restated on its first open.
ALTER TABLE complaints ADD COLUMN open_deadlines TEXT;
ALTER TABLE complaints ADD COLUMN forward_due_at BIGINT;

CREATE INDEX complaints_forward_due ON complaints (forward_due_at)
    WHERE forward_due_at IS NOT NULL;
CREATE INDEX complaints_dept_forward_due ON complaints (department_id, forward_due_at)
    WHERE forward_due_at IS NOT NULL;

INSERT INTO standing_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints WHERE state NOT IN ('archived', 'voided'))
    AND NOT EXISTS (SELECT 1 FROM standing_pending);
