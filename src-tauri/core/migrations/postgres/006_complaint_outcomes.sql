-- ComplaintDesk schema, version 6 (PostgreSQL): what each complaint adds to the monthly
-- statistics, kept beside it so that a month's figures are a fold over about 10,000 stored
-- rows instead of a replay of about 90,000 events. The twin of
-- sqlite/006_complaint_outcomes.sql.
--
-- What differs from SQLite: BIGINT for INTEGER, BYTEA for BLOB, and no WITHOUT ROWID (a
-- PostgreSQL table is a heap with its primary key as a separate index).
--
-- Both tables are derived from the complaint and its events (stats::outcome) and
-- rewritten in the transaction of every event; a test replays the histories and finds
-- them equal. Databases from before this version are filled on their first open
-- (`outcomes_pending`).

-- One row per complaint: on-time deadlines per kind, the scorecard's facts (回退, reopened,
-- handled, handling time, last handler) and the callbacks (reached, unreachable, excluded,
-- satisfied, three aspects): 26 numbers packed as little-endian i64 in that order
-- (stats::Tally::to_bytes), read in one column per complaint.
CREATE TABLE complaint_outcomes (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id),
    tally        BYTEA NOT NULL
);

-- The deadlines not met on time: met late, or still open (open ones of a closed complaint
-- are not kept). `paused_at`: the handling clock is stopped; `due_at` is the due time if
-- it ran again at `paused_at`, and moves on with the clock.
CREATE TABLE deadline_outcomes (
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    seq          BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    due_at       BIGINT NOT NULL,
    met_at       BIGINT,
    paused_at    BIGINT,
    PRIMARY KEY (complaint_id, seq)
);

-- Set here, cleared by the open that fills the two tables for the complaints already kept.
CREATE TABLE outcomes_pending (pending BIGINT NOT NULL);
INSERT INTO outcomes_pending (pending) SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints);
