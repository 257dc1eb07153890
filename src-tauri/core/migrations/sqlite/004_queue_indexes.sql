-- ComplaintDesk schema, version 4: a department head's dashboard at ten years' scale.
--
-- Every dashboard queue is read as index ranges walked in due order (see
-- storage::complaints::queue). A department head's queues add the department in front,
-- so that their counts and first rows are index ranges too, not a filter over every
-- open complaint of the center.
CREATE INDEX complaints_dept_state_due ON complaints (department_id, state, next_due_at);
CREATE INDEX complaints_dept_due ON complaints (department_id, next_due_at)
    WHERE next_due_at IS NOT NULL;
