-- ComplaintDesk schema, version 11: the queues of what waits beyond a deadline.
--
-- Derived from each complaint's history and rewritten with its next deadline in the
-- transaction of every event (desk::restate):
-- `awaiting`: an extension request waiting for its approver ('extensionDecision'), a
-- resident to call again ('callbackAgain'), an unsatisfied callback to reopen or exclude
-- ('reopen'), or a complaint ready to archive ('archive');
-- `reply_due_at`: the end of the day promised to the resident for the next reply (约定答复),
-- while that reply is still owed.
-- Each queue reads one partial index range in due order, like the others (migration 004).
ALTER TABLE complaints ADD COLUMN awaiting TEXT;
ALTER TABLE complaints ADD COLUMN reply_due_at INTEGER;

CREATE INDEX complaints_awaiting ON complaints (awaiting, next_due_at)
    WHERE awaiting IS NOT NULL;
CREATE INDEX complaints_dept_awaiting ON complaints (department_id, awaiting, next_due_at)
    WHERE awaiting IS NOT NULL;
CREATE INDEX complaints_reply_due ON complaints (reply_due_at)
    WHERE reply_due_at IS NOT NULL;
CREATE INDEX complaints_dept_reply_due ON complaints (department_id, reply_due_at)
    WHERE reply_due_at IS NOT NULL;

-- The complaints still open when this version arrives are restated on the first open
-- (their next deadline, outcome and the two columns above); closed ones wait for nothing.
CREATE TABLE standing_pending (pending INTEGER NOT NULL);
INSERT INTO standing_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaints WHERE state NOT IN ('archived', 'voided'));
