-- ComplaintDesk schema, version 24: a registration's key, so that one sent again is not
-- recorded twice (PostgreSQL twin: postgres/024_registration_keys.sql).
--
-- The window makes a key for each form it sends; a desk that lost the server's answer
-- (the connection cut after the commit) sends the same form with the same key, and the
-- desk answers with the complaint already recorded under it.
CREATE TABLE registration_keys (
    key             TEXT PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    receptionist_id INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
