-- ComplaintDesk schema, version 7: a search's newest hits without sorting every hit.
--
-- Complaints are numbered in registration order but may be received earlier than they
-- are registered (a letter typed in later). complaint_order keeps, per complaint, when it
-- was received and `received_upto`: the latest receipt of it and of every complaint
-- registered before it. A search walks its hits from the last registered down, keeps the
-- newest received, and stops once no earlier-registered hit can have been received later
-- than those kept: `received_upto` bounds them all. A narrow table of its own, so that
-- the walk reads 24-byte rows and the complaints' rows are never rewritten for it.
CREATE TABLE complaint_order (
    complaint_id  INTEGER PRIMARY KEY REFERENCES complaints(id),
    received_at   INTEGER NOT NULL,
    received_upto INTEGER NOT NULL
);

INSERT INTO complaint_order (complaint_id, received_at, received_upto)
SELECT id, received_at, max(received_at) OVER (ORDER BY id) FROM complaints;

CREATE TRIGGER complaint_order_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO complaint_order (complaint_id, received_at, received_upto)
    VALUES (NEW.id, NEW.received_at, max(NEW.received_at, coalesce(
        (SELECT received_upto FROM complaint_order ORDER BY complaint_id DESC LIMIT 1),
        NEW.received_at)));
END;

CREATE TRIGGER complaints_received_at_fixed BEFORE UPDATE OF received_at ON complaints
WHEN NEW.received_at IS NOT OLD.received_at
BEGIN SELECT RAISE(ABORT, 'received_at never changes'); END;
