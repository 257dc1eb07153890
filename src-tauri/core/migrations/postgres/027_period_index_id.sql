-- ComplaintDesk schema, version 27 (PostgreSQL): the statistics' period index holds the
-- complaint's id. The twin of sqlite/027_period_index_id.sql.
--
-- Version 22's index holds every column a period's statistics read but the id, which a
-- SQLite index holds as its rowid. Without it PostgreSQL read each complaint of the month
-- from the table again: 22 ms for a month of a million complaints, against 11 ms read
-- from the index alone.
DROP INDEX complaints_period;
CREATE INDEX complaints_period ON complaints (
    received_at, state, valid, severity, department_id, category_id, channel,
    accused_user_id, room, location, case_no, accused_person, id
);
