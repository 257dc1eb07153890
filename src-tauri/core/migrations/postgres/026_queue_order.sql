-- ComplaintDesk schema, version 26 (PostgreSQL): the dashboard's queues and the lists walk
-- an index in the order they show. The twin of sqlite/026_queue_order.sql.
--
-- A queue shows its complaints by due time, then id; a list by date received, then id;
-- those of a state without a due time by id. A SQLite index ends with the rowid of its
-- rows, so `(forward_due_at)` is already in that order there; PostgreSQL's is not, and it
-- sorted every due complaint of a queue for its first twenty (every complaint, for a list
-- page). Here the id is each such index's last column. The complaints of a state without
-- a due time (none, as a rule) had no index at all: PostgreSQL walked the whole table by
-- id looking for them. (Not `complaints_department`: walked in the list's order it
-- tempts PostgreSQL to read a department's every complaint by date for a search whose
-- words it expects to find among them.)
CREATE INDEX complaints_state_undated ON complaints (state, id) WHERE next_due_at IS NULL;

DROP INDEX complaints_forward_due;
CREATE INDEX complaints_forward_due ON complaints (forward_due_at, id)
    WHERE forward_due_at IS NOT NULL;
DROP INDEX complaints_dept_forward_due;
CREATE INDEX complaints_dept_forward_due ON complaints (department_id, forward_due_at, id)
    WHERE forward_due_at IS NOT NULL;
DROP INDEX complaints_reply_due;
CREATE INDEX complaints_reply_due ON complaints (reply_due_at, id)
    WHERE reply_due_at IS NOT NULL;
DROP INDEX complaints_dept_reply_due;
CREATE INDEX complaints_dept_reply_due ON complaints (department_id, reply_due_at, id)
    WHERE reply_due_at IS NOT NULL;

DROP INDEX complaints_received;
CREATE INDEX complaints_received ON complaints (received_at, id);
DROP INDEX complaints_state;
CREATE INDEX complaints_state ON complaints (state, received_at, id);
DROP INDEX complaints_dept_list;
CREATE INDEX complaints_dept_list ON complaints (department_id, severity, received_at, id);

DROP INDEX complaints_due;
CREATE INDEX complaints_due ON complaints (next_due_at, id) WHERE next_due_at IS NOT NULL;
DROP INDEX complaints_dept_due;
CREATE INDEX complaints_dept_due ON complaints (department_id, next_due_at, id)
    WHERE next_due_at IS NOT NULL;
DROP INDEX complaints_due_kind;
CREATE INDEX complaints_due_kind ON complaints (next_due_kind, next_due_at, id)
    WHERE next_due_kind IS NOT NULL;
DROP INDEX complaints_state_due;
CREATE INDEX complaints_state_due ON complaints (state, next_due_at, id);
DROP INDEX complaints_dept_state_due;
CREATE INDEX complaints_dept_state_due ON complaints (department_id, state, next_due_at, id);
DROP INDEX complaints_awaiting;
CREATE INDEX complaints_awaiting ON complaints (awaiting, next_due_at, id)
    WHERE awaiting IS NOT NULL;
DROP INDEX complaints_dept_awaiting;
CREATE INDEX complaints_dept_awaiting ON complaints (department_id, awaiting, next_due_at, id)
    WHERE awaiting IS NOT NULL;
DROP INDEX complaints_after_hours;
CREATE INDEX complaints_after_hours ON complaints (state, next_due_at, id)
    WHERE after_hours = 1;
DROP INDEX complaints_dept_after_hours;
CREATE INDEX complaints_dept_after_hours ON complaints (department_id, state, next_due_at, id)
    WHERE after_hours = 1;
