-- ComplaintDesk schema, version 24 (PostgreSQL): a registration's key, so that one sent
-- again after a lost answer is not recorded twice. The twin of
-- sqlite/024_registration_keys.sql; BIGINT for INTEGER, no STRICT or WITHOUT ROWID.
CREATE TABLE registration_keys (
    key             TEXT PRIMARY KEY,
    complaint_id    BIGINT NOT NULL REFERENCES complaints(id),
    receptionist_id BIGINT NOT NULL
);
