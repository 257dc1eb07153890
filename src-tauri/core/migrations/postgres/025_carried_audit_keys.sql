-- ComplaintDesk schema, version 25 (PostgreSQL): the audit keys of the files the center's
-- data came from. The twin of sqlite/025_carried_audit_keys.sql.
--
-- What differs from SQLite: no STRICT or WITHOUT ROWID; the triggers call refuse()
-- (version 1), and a statement trigger refuses TRUNCATE. server-setup grants the app role
-- only INSERT and SELECT on it, as on events and the audit log.
CREATE TABLE carried_audit_keys (
    installation TEXT PRIMARY KEY,
    keyed_from   BIGINT NOT NULL,
    keyed_until  BIGINT NOT NULL,
    secret       TEXT NOT NULL,
    CHECK (keyed_from >= 1 AND keyed_until >= keyed_from)
);

CREATE TRIGGER carried_audit_keys_kept BEFORE DELETE ON carried_audit_keys
FOR EACH ROW EXECUTE FUNCTION refuse('carried audit keys are never deleted');
CREATE TRIGGER carried_audit_keys_kept_truncate BEFORE TRUNCATE ON carried_audit_keys
FOR EACH STATEMENT EXECUTE FUNCTION refuse('carried audit keys are never deleted');
CREATE TRIGGER carried_audit_keys_fixed BEFORE UPDATE ON carried_audit_keys
FOR EACH ROW EXECUTE FUNCTION refuse('carried audit keys are never changed');
