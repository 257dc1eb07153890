-- ComplaintDesk schema, version 18 (PostgreSQL): the public-affairs appraisal (1.11, 1.12).
-- The twin of sqlite/018_appraisal.sql: BIGINT for INTEGER, and `on_time`, a 0/1 flag or
-- NULL, keeps its values with a CHECK.
--
-- Each credited duty says whether the deadline it met was met on time (NULL when the
-- duty has no deadline of its own, e.g. a registration) and who entered it (the
-- supervisor who arranged a callback that the patrol made). Registrations and logged
-- form returns are credited too. Filled for the complaints already kept on the next open.
ALTER TABLE complaint_credits ADD COLUMN on_time BIGINT CHECK (on_time IN (0, 1));
ALTER TABLE complaint_credits ADD COLUMN entered_by BIGINT;

INSERT INTO outcomes_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints)
    AND NOT EXISTS (SELECT 1 FROM outcomes_pending);
