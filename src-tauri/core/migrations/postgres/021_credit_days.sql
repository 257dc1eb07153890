-- ComplaintDesk schema, version 21 (PostgreSQL): the duties done per day and person, kept as
-- they are credited, so that a month's per-person counts read a few hundred rows, not the
-- month's tens of thousands of credits. The twin of sqlite/021_credit_days.sql.
--
-- What differs from SQLite: BIGINT for INTEGER; no WITHOUT ROWID; the two triggers are
-- plpgsql functions with the same effect. Their WHEN keeps the test on the row
-- (`day IS NOT NULL`); the test on credit_days_paused, a subquery, which a PostgreSQL
-- trigger's WHEN may not hold, opens the function. `ON CONFLICT … DO UPDATE SET
-- done = done + 1` names the table's column (`credit_days.done`), as PostgreSQL finds the
-- bare name ambiguous, and SQLite's comparisons used as 0/1 numbers are cast:
-- `coalesce(on_time = 1, 0)` is `(coalesce(on_time, 0) = 1)::int`, `on_time IS NOT NULL`
-- is `(on_time IS NOT NULL)::int`. As in SQLite, credits are only ever inserted and
-- deleted (a complaint's credits are rewritten as a whole): an UPDATE of a credit is
-- not followed.
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
ALTER TABLE complaint_credits ADD COLUMN day BIGINT;

CREATE TABLE credit_days (
    day     BIGINT NOT NULL,
    duty    TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    name    TEXT NOT NULL,
    done    BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    decided BIGINT NOT NULL,
    PRIMARY KEY (day, duty, user_id, name)
);

CREATE TABLE arranged_days (
    day        BIGINT NOT NULL,
    entered_by BIGINT NOT NULL,
    done       BIGINT NOT NULL,
    on_time    BIGINT NOT NULL,
    decided    BIGINT NOT NULL,
    PRIMARY KEY (day, entered_by)
);

CREATE TABLE credit_days_paused (paused BIGINT NOT NULL);

-- Keeps the migration's search path, as in version 7.
CREATE FUNCTION credit_days_add() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM credit_days_paused) THEN
        RETURN NULL;
    END IF;
    INSERT INTO credit_days (day, duty, user_id, name, done, on_time, decided)
    VALUES (NEW.day, NEW.duty, coalesce(NEW.user_id, -1), coalesce(NEW.name, ''), 1,
        (coalesce(NEW.on_time, 0) = 1)::int, (NEW.on_time IS NOT NULL)::int)
    ON CONFLICT (day, duty, user_id, name) DO UPDATE SET done = credit_days.done + 1,
        on_time = credit_days.on_time + excluded.on_time,
        decided = credit_days.decided + excluded.decided;
    INSERT INTO arranged_days (day, entered_by, done, on_time, decided)
    SELECT NEW.day, NEW.entered_by, 1, (coalesce(NEW.on_time, 0) = 1)::int,
        (NEW.on_time IS NOT NULL)::int
    WHERE NEW.duty = 'callback' AND NEW.entered_by IS NOT NULL
    ON CONFLICT (day, entered_by) DO UPDATE SET done = arranged_days.done + 1,
        on_time = arranged_days.on_time + excluded.on_time,
        decided = arranged_days.decided + excluded.decided;
    RETURN NULL;
END;
$$;

CREATE TRIGGER credit_days_add AFTER INSERT ON complaint_credits
FOR EACH ROW WHEN (NEW.day IS NOT NULL)
EXECUTE FUNCTION credit_days_add();

-- Keeps the migration's search path, as in version 7.
CREATE FUNCTION credit_days_remove() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM credit_days_paused) THEN
        RETURN NULL;
    END IF;
    UPDATE credit_days SET done = done - 1,
        on_time = on_time - (coalesce(OLD.on_time, 0) = 1)::int,
        decided = decided - (OLD.on_time IS NOT NULL)::int
    WHERE day = OLD.day AND duty = OLD.duty AND user_id = coalesce(OLD.user_id, -1)
        AND name = coalesce(OLD.name, '');
    UPDATE arranged_days SET done = done - 1,
        on_time = on_time - (coalesce(OLD.on_time, 0) = 1)::int,
        decided = decided - (OLD.on_time IS NOT NULL)::int
    WHERE OLD.duty = 'callback' AND day = OLD.day AND entered_by = OLD.entered_by;
    RETURN NULL;
END;
$$;

CREATE TRIGGER credit_days_remove AFTER DELETE ON complaint_credits
FOR EACH ROW WHEN (OLD.day IS NOT NULL)
EXECUTE FUNCTION credit_days_remove();

INSERT INTO outcomes_pending (pending)
SELECT 1 WHERE EXISTS (SELECT 1 FROM complaint_credits)
    AND NOT EXISTS (SELECT 1 FROM outcomes_pending);
