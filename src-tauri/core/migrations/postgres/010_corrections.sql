-- ComplaintDesk schema, version 10 (PostgreSQL): a received time can be corrected (更正).
-- The twin of sqlite/010_corrections.sql: the trigger is a plpgsql function, and its
-- `WHEN NEW.received_at IS NOT OLD.received_at` is `IS DISTINCT FROM`.
--
-- Until now received_at never changed, and a trigger said so. A correction now may move
-- it; complaint_order follows: the complaint's own time, and `received_upto` raised for it
-- and every complaint registered after it where the new time is later. A time moved
-- earlier leaves `received_upto` as it was: it only has to bound the receipts up to each
-- complaint from above, and a search walk stops at the same place or a little later.
DROP TRIGGER complaints_received_at_fixed ON complaints;

-- Keeps the migration's search path, as in version 7.
CREATE FUNCTION complaint_order_received_at() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE complaint_order SET received_at = NEW.received_at WHERE complaint_id = NEW.id;
    UPDATE complaint_order SET received_upto = NEW.received_at
    WHERE complaint_id >= NEW.id AND received_upto < NEW.received_at;
    RETURN NULL;
END;
$$;

CREATE TRIGGER complaint_order_received_at AFTER UPDATE OF received_at ON complaints
FOR EACH ROW WHEN (NEW.received_at IS DISTINCT FROM OLD.received_at)
EXECUTE FUNCTION complaint_order_received_at();
