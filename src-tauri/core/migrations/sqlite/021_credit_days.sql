-- ComplaintDesk schema, version 21: the duties done per day and person, kept as they are
-- credited, so that a month's per-person counts read a few hundred rows, not the
-- month's tens of thousands of credits.
--
-- The index on the credits' time served only those counts, looking each credit up in the
-- table as well (a month of 10,000 complaints: 55,000 credits, 177 ms of the month's
-- statistics at 1,000,000 complaints); it goes.
--
-- `complaint_credits.day`: the local date of the credit (days from 0001-01-01, in the
-- zone of the complaint's policy), written with the credit. `credit_days` counts per day,
-- duty and person (no account: user_id -1; no typed name: ''), `arranged_days` the
-- callbacks per day and the account that entered them; both kept by the triggers below
-- as credits are written and rewritten, except while every outcome is restated in bulk
-- (`credit_days_paused` holds a row: the restate counts them afresh in one pass at its
-- end, in the transaction that clears both flags). The credits already kept are
-- rewritten on the next open (with the outcomes), which fills both.
DROP INDEX complaint_credits_at;
ALTER TABLE complaint_credits ADD COLUMN day INTEGER;

CREATE TABLE credit_days (
    day     INTEGER NOT NULL,
    duty    TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    name    TEXT NOT NULL,
    done    INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    decided INTEGER NOT NULL,
    PRIMARY KEY (day, duty, user_id, name)
) WITHOUT ROWID;

CREATE TABLE arranged_days (
    day        INTEGER NOT NULL,
    entered_by INTEGER NOT NULL,
    done       INTEGER NOT NULL,
    on_time    INTEGER NOT NULL,
    decided    INTEGER NOT NULL,
    PRIMARY KEY (day, entered_by)
) WITHOUT ROWID;

CREATE TABLE credit_days_paused (paused INTEGER NOT NULL);

CREATE TRIGGER credit_days_add AFTER INSERT ON complaint_credits
WHEN NEW.day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credit_days_paused)
BEGIN
    INSERT INTO credit_days (day, duty, user_id, name, done, on_time, decided)
    VALUES (NEW.day, NEW.duty, coalesce(NEW.user_id, -1), coalesce(NEW.name, ''), 1,
        coalesce(NEW.on_time = 1, 0), NEW.on_time IS NOT NULL)
    ON CONFLICT (day, duty, user_id, name) DO UPDATE SET done = done + 1,
        on_time = on_time + excluded.on_time, decided = decided + excluded.decided;
    INSERT INTO arranged_days (day, entered_by, done, on_time, decided)
    SELECT NEW.day, NEW.entered_by, 1, coalesce(NEW.on_time = 1, 0), NEW.on_time IS NOT NULL
    WHERE NEW.duty = 'callback' AND NEW.entered_by IS NOT NULL
    ON CONFLICT (day, entered_by) DO UPDATE SET done = done + 1,
        on_time = on_time + excluded.on_time, decided = decided + excluded.decided;
END;

CREATE TRIGGER credit_days_remove AFTER DELETE ON complaint_credits
WHEN OLD.day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credit_days_paused)
BEGIN
    UPDATE credit_days SET done = done - 1, on_time = on_time - coalesce(OLD.on_time = 1, 0),
        decided = decided - (OLD.on_time IS NOT NULL)
    WHERE day = OLD.day AND duty = OLD.duty AND user_id = coalesce(OLD.user_id, -1)
        AND name = coalesce(OLD.name, '');
    UPDATE arranged_days SET done = done - 1, on_time = on_time - coalesce(OLD.on_time = 1, 0),
        decided = decided - (OLD.on_time IS NOT NULL)
    WHERE OLD.duty = 'callback' AND day = OLD.day AND entered_by = OLD.entered_by;
END;

INSERT INTO outcomes_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaint_credits)
    AND NOT EXISTS (SELECT 1 FROM outcomes_pending);
