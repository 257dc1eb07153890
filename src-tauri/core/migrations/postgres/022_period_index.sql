-- ComplaintDesk schema, version 22 (PostgreSQL): the statistics' period index covers the
-- person complained about again. The twin of sqlite/022_period_index.sql, unchanged.
--
-- Version 3's index covered every column a period's statistics read. The person
-- complained about (accounts since version 17) joined those columns without joining the
-- index, so each complaint of the month was looked up in the table again: a month's
-- statistics at 1,000,000 complaints went from 35 to 66 ms (on SQLite). The policy
-- version and the resident's deadline are no longer read from it.
DROP INDEX complaints_period;
CREATE INDEX complaints_period ON complaints (
    received_at, state, valid, severity, department_id, category_id, channel,
    accused_user_id, room, location, case_no, accused_person
);
