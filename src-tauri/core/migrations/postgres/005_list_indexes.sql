-- ComplaintDesk schema, version 5 (PostgreSQL): the 查询 list at ten years' scale. The twin
-- of sqlite/005_list_indexes.sql, the same index.
--
-- The list counts every match for its pager and sorts before it takes a page. Filtering
-- by department and severity (a department head's everyday view of its serious
-- complaints), newest first, becomes one index range. Unlike SQLite's, a PostgreSQL index
-- does not end with the row id: a list ordered by received_at and then id sorts the rows
-- of equal received_at itself.
CREATE INDEX complaints_dept_list ON complaints (department_id, severity, received_at);
