-- ComplaintDesk schema, version 12 (PostgreSQL): the public-affairs duties, credited to who
-- did them. The twin of sqlite/012_duty_credits.sql: BIGINT for INTEGER, no WITHOUT ROWID.
-- The index on `at` is created as in SQLite, although version 21 drops it again, so that
-- both schemas are alike at every version.
--
-- Derived from each complaint's events with its outcome (stats::outcome, rewritten in the
-- transaction of every event): each dispatch, forward, notification and callback, the
-- account that did it (or the typed name of someone without one, for an entry made for
-- them at the desk) and when it was done. The statistics count a period's duties per
-- person from the index on `at`, without reading events.
CREATE TABLE complaint_credits (
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    seq          BIGINT NOT NULL,
    duty         TEXT NOT NULL,
    user_id      BIGINT,
    name         TEXT,
    at           BIGINT NOT NULL,
    PRIMARY KEY (complaint_id, seq)
);
CREATE INDEX complaint_credits_at ON complaint_credits (at, duty, user_id, name);

-- The complaints already kept get theirs on the next open (with their outcomes).
INSERT INTO outcomes_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints)
    AND NOT EXISTS (SELECT 1 FROM outcomes_pending);
