-- ComplaintDesk schema, version 3 (PostgreSQL): the monthly statistics report (SPEC 1.6,
-- 1.11). The twin of sqlite/003_monthly_reports.sql.
--
-- What differs from SQLite: no STRICT, BIGINT for INTEGER, the never-deleted trigger calls
-- refuse() (version 1), and a statement trigger refuses TRUNCATE as well, which row
-- triggers do not see.

-- One row per local month (`YYYY-MM`): the supervisor's analysis and whether the report
-- was handed in. Kept, never deleted; each change is also an audit entry.
CREATE TABLE monthly_reports (
    month        TEXT PRIMARY KEY,
    analysis     TEXT NOT NULL DEFAULT '',
    submitted_at BIGINT,
    submitted_by BIGINT REFERENCES users(id),
    updated_at   BIGINT NOT NULL
);

CREATE TRIGGER monthly_reports_never_deleted BEFORE DELETE ON monthly_reports
FOR EACH ROW EXECUTE FUNCTION refuse('monthly reports are never deleted');
CREATE TRIGGER monthly_reports_never_truncated BEFORE TRUNCATE ON monthly_reports
FOR EACH STATEMENT EXECUTE FUNCTION refuse('monthly reports are never deleted');

-- The statistics read a period's complaints by received_at: this index covers every
-- column they read, so the grouped counts, hot spots and the period's complaint list
-- are index-only range scans instead of one table lookup per complaint (on PostgreSQL,
-- index-only where the visibility map allows: autovacuum, ANALYZE after a bulk load).
CREATE INDEX complaints_period ON complaints (
    received_at, state, valid, severity, department_id, category_id, channel,
    policy_version, resident_deadline, room, location, case_no
);
