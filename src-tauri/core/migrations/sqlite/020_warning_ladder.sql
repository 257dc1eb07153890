-- ComplaintDesk schema, version 20: the warning ladder and the night's registrations.
--
-- `next_warn_at`: the earliest instant an open, running deadline of the complaint turns
-- amber (预警, the policy's warning share of its window left), so that the desk's
-- notifications find what has just turned amber without reading every complaint.
-- `after_hours`: registered outside office hours by the working calendar of its policy
-- (「非工作时间登记」 on the dashboard until dispatched). Both are rewritten with every
-- event (desk::restate); the open complaints of an older file are restated on its
-- first open, which also writes each open deadline's warning instant.
ALTER TABLE complaints ADD COLUMN next_warn_at INTEGER;
ALTER TABLE complaints ADD COLUMN after_hours INTEGER NOT NULL DEFAULT 0;

CREATE INDEX complaints_next_warn ON complaints (next_warn_at)
    WHERE next_warn_at IS NOT NULL;
CREATE INDEX complaints_after_hours ON complaints (state, next_due_at)
    WHERE after_hours = 1;
CREATE INDEX complaints_dept_after_hours ON complaints (department_id, state, next_due_at)
    WHERE after_hours = 1;

INSERT INTO standing_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints WHERE state NOT IN ('archived', 'voided'))
    AND NOT EXISTS (SELECT 1 FROM standing_pending);
