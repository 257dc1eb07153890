-- ComplaintDesk schema, version 5: the 查询 list at ten years' scale.
--
-- The list counts every match for its pager and sorts before it takes a page. Filtering
-- by department and severity (a department head's everyday view of its serious
-- complaints), newest first, becomes one index range: counted from the index alone, its
-- page read in order (the row id ends the index, as the list's order ends with it).
CREATE INDEX complaints_dept_list ON complaints (department_id, severity, received_at);
