-- ComplaintDesk schema, version 6: what each complaint adds to the monthly statistics,
-- kept beside it so that a month's figures are a fold over about 10,000 stored rows
-- instead of a replay of about 90,000 events (1,000,000 complaints: 192 ms → see
-- BENCHMARKS.md).
--
-- Both tables are derived from the complaint and its events (stats::outcome) and
-- rewritten in the transaction of every event; a test replays the histories and finds
-- them equal. Files from before this version are filled on their first open
-- (`outcomes_pending`).

-- One row per complaint: on-time deadlines per kind, the scorecard's facts (回退, reopened,
-- handled, handling time, last handler) and the callbacks (reached, unreachable, excluded,
-- satisfied, three aspects): 26 numbers packed as little-endian i64 in that order
-- (stats::Tally::to_bytes), read in one column per complaint.
CREATE TABLE complaint_outcomes (
    complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
    tally        BLOB NOT NULL
);

-- The deadlines not met on time: met late, or still open (open ones of a closed complaint
-- are not kept). `paused_at`: the handling clock is stopped; `due_at` is the due time if
-- it ran again at `paused_at`, and moves on with the clock.
CREATE TABLE deadline_outcomes (
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    due_at       INTEGER NOT NULL,
    met_at       INTEGER,
    paused_at    INTEGER,
    PRIMARY KEY (complaint_id, seq)
) WITHOUT ROWID;

-- Set here, cleared by the open that fills the two tables for the complaints already kept.
CREATE TABLE outcomes_pending (pending INTEGER NOT NULL);
INSERT INTO outcomes_pending (pending) SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints);
