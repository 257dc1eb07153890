-- ComplaintDesk schema, version 25: the audit keys of the files a center's data came from
-- (PostgreSQL twin: postgres/025_carried_audit_keys.sql).
--
-- A desk's own file keys its audit entries with a secret kept outside the database. When
-- `complaint-desk migrate` moves the file onto the center's server, its entries keep
-- their hashes, and the key they were made with comes along, for the range it keyed: so
-- that the chain is checked entry by entry on the server, in a snapshot of it, and in a
-- file it is moved back into. From the move on, the server's roles protect the history
-- (the app role may only add to it), as the key did on the file.
CREATE TABLE carried_audit_keys (
    installation TEXT PRIMARY KEY,
    keyed_from   INTEGER NOT NULL,
    keyed_until  INTEGER NOT NULL,
    secret       TEXT NOT NULL,
    CHECK (keyed_from >= 1 AND keyed_until >= keyed_from)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER carried_audit_keys_kept BEFORE DELETE ON carried_audit_keys
BEGIN SELECT RAISE(ABORT, 'carried audit keys are never deleted'); END;
CREATE TRIGGER carried_audit_keys_fixed BEFORE UPDATE ON carried_audit_keys
BEGIN SELECT RAISE(ABORT, 'carried audit keys are never changed'); END;
