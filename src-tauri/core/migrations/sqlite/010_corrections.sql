-- ComplaintDesk schema, version 10: a received time can be corrected (更正).
--
-- Until now received_at never changed, and a trigger said so. A correction now may move
-- it; complaint_order follows: the complaint's own time, and `received_upto` raised for it
-- and every complaint registered after it where the new time is later. A time moved
-- earlier leaves `received_upto` as it was: it only has to bound the receipts up to each
-- complaint from above, and a search walk stops at the same place or a little later.
DROP TRIGGER complaints_received_at_fixed;

CREATE TRIGGER complaint_order_received_at AFTER UPDATE OF received_at ON complaints
WHEN NEW.received_at IS NOT OLD.received_at
BEGIN
    UPDATE complaint_order SET received_at = NEW.received_at WHERE complaint_id = NEW.id;
    UPDATE complaint_order SET received_upto = NEW.received_at
    WHERE complaint_id >= NEW.id AND received_upto < NEW.received_at;
END;
