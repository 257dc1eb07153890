-- ComplaintDesk schema, version 3: the monthly statistics report (SPEC 1.6, 1.11).

-- One row per local month (`YYYY-MM`): the supervisor's analysis and whether the report
-- was handed in. Kept, never deleted; each change is also an audit entry.
CREATE TABLE monthly_reports (
    month        TEXT PRIMARY KEY,
    analysis     TEXT NOT NULL DEFAULT '',
    submitted_at INTEGER,
    submitted_by INTEGER REFERENCES users(id),
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE TRIGGER monthly_reports_never_deleted BEFORE DELETE ON monthly_reports
BEGIN SELECT RAISE(ABORT, 'monthly reports are never deleted'); END;

-- The statistics read a period's complaints by received_at: this index covers every
-- column they read, so the grouped counts, hot spots and the period's complaint list
-- are index-only range scans instead of one table lookup per complaint.
CREATE INDEX complaints_period ON complaints (
    received_at, state, valid, severity, department_id, category_id, channel,
    policy_version, resident_deadline, room, location, case_no
);
