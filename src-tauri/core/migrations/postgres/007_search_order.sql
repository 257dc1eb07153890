-- ComplaintDesk schema, version 7 (PostgreSQL): a search's newest hits without sorting every
-- hit. The twin of sqlite/007_search_order.sql.
--
-- What differs from SQLite: BIGINT for INTEGER; the two triggers are plpgsql (a trigger
-- function and CREATE TRIGGER … EXECUTE FUNCTION), SQLite's scalar max(a, b) is GREATEST,
-- and `IS NOT` is `IS DISTINCT FROM`. The PostgreSQL search reads the complaints in
-- received order directly, but the table is kept and filled alike, so that both schemas
-- hold the same tables and a backup between them finds it. Its order is right only while
-- writers are serialized (the desk's advisory writer lock): then ids are handed out, and
-- rows committed, in registration order.
--
-- Complaints are numbered in registration order but may be received earlier than they
-- are registered (a letter typed in later). complaint_order keeps, per complaint, when it
-- was received and `received_upto`: the latest receipt of it and of every complaint
-- registered before it. A search walks its hits from the last registered down, keeps the
-- newest received, and stops once no earlier-registered hit can have been received later
-- than those kept: `received_upto` bounds them all. A narrow table of its own, so that
-- the walk reads narrow rows and the complaints' rows are never rewritten for it.
CREATE TABLE complaint_order (
    complaint_id  BIGINT PRIMARY KEY REFERENCES complaints(id),
    received_at   BIGINT NOT NULL,
    received_upto BIGINT NOT NULL
);

INSERT INTO complaint_order (complaint_id, received_at, received_upto)
SELECT id, received_at, max(received_at) OVER (ORDER BY id) FROM complaints;

-- The trigger functions keep the search path the migration ran with (the schema's own), so
-- that they find their tables whatever the search path of the session that fires them.
CREATE FUNCTION complaint_order_insert() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO complaint_order (complaint_id, received_at, received_upto)
    VALUES (NEW.id, NEW.received_at, GREATEST(NEW.received_at, coalesce(
        (SELECT received_upto FROM complaint_order ORDER BY complaint_id DESC LIMIT 1),
        NEW.received_at)));
    RETURN NULL;
END;
$$;

CREATE TRIGGER complaint_order_insert AFTER INSERT ON complaints
FOR EACH ROW EXECUTE FUNCTION complaint_order_insert();

CREATE TRIGGER complaints_received_at_fixed BEFORE UPDATE OF received_at ON complaints
FOR EACH ROW WHEN (NEW.received_at IS DISTINCT FROM OLD.received_at)
EXECUTE FUNCTION refuse('received_at never changes');
