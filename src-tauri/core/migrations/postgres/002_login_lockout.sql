-- ComplaintDesk schema, version 2 (PostgreSQL): the twin of sqlite/002_login_lockout.sql.
-- After five wrong passwords an account waits five minutes.
-- As in SQLite, apart from BIGINT for INTEGER.
ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT;
