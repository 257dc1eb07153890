-- ComplaintDesk schema, version 12: the public-affairs duties, credited to who did them.
--
-- Derived from each complaint's events with its outcome (stats::outcome, rewritten in the
-- transaction of every event): each dispatch, forward, notification and callback, the
-- account that did it (or the typed name of someone without one, for an entry made for
-- them at the desk) and when it was done. The statistics count a period's duties per
-- person from the index on `at`, without reading events.
CREATE TABLE complaint_credits (
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    seq          INTEGER NOT NULL,
    duty         TEXT NOT NULL,
    user_id      INTEGER,
    name         TEXT,
    at           INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, seq)
) WITHOUT ROWID;
CREATE INDEX complaint_credits_at ON complaint_credits (at, duty, user_id, name);

-- The complaints already kept get theirs on the next open (with their outcomes).
INSERT INTO outcomes_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints)
    AND NOT EXISTS (SELECT 1 FROM outcomes_pending);
