-- ComplaintDesk schema, version 4 (PostgreSQL): a department head's dashboard at ten years'
-- scale. The twin of sqlite/004_queue_indexes.sql, the same indexes with the same literal
-- predicates (PostgreSQL uses a partial index only where the query's own predicate implies
-- it).
--
-- Every dashboard queue is read as index ranges walked in due order (see
-- storage::complaints::queue). A department head's queues add the department in front,
-- so that their counts and first rows are index ranges too, not a filter over every
-- open complaint of the center.
CREATE INDEX complaints_dept_state_due ON complaints (department_id, state, next_due_at);
CREATE INDEX complaints_dept_due ON complaints (department_id, next_due_at)
    WHERE next_due_at IS NOT NULL;
