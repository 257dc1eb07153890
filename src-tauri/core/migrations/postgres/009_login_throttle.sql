-- ComplaintDesk schema, version 9 (PostgreSQL): wrong passwords counted per typed login
-- name. The twin of sqlite/009_login_throttle.sql: no STRICT, BIGINT for INTEGER.
--
-- Wrong passwords are counted per typed login name, known or not, so that an unknown
-- name is answered exactly like a known one (no enumeration through the lockout), and
-- each lockout of a name waits longer than the one before (5, 15, 60 … minutes) until a
-- login succeeds. The users' own columns of 002 are no longer read.
CREATE TABLE login_throttle (
    name         TEXT PRIMARY KEY,
    failed       BIGINT NOT NULL DEFAULT 0,
    lockouts     BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT
);

INSERT INTO login_throttle (name, failed, lockouts, locked_until)
SELECT lower(username), failed_logins, 0, locked_until FROM users
WHERE failed_logins > 0 OR locked_until IS NOT NULL;
