-- ComplaintDesk schema, version 17 (PostgreSQL): confidential complainants and the person
-- complained about as a user of the center. The twin of
-- sqlite/017_confidential_and_accused.sql: BIGINT for INTEGER, and the 0/1 flag keeps its
-- values with a CHECK.
--
-- `confidential` (保密): the resident asked to stay anonymous; their name, phone and room
-- are masked for every role but the desk and the managers.
-- `accused_user_id`: the 被投诉人 chosen from the center's users (NULL when typed or
-- not named); `accused_person` keeps the name as printed either way. The index serves
-- the employee table of the statistics (complaints against each person).
ALTER TABLE complaints ADD COLUMN confidential BIGINT NOT NULL DEFAULT 0
    CHECK (confidential IN (0, 1));
ALTER TABLE complaints ADD COLUMN accused_user_id BIGINT REFERENCES users(id);
CREATE INDEX complaints_accused ON complaints (accused_user_id, received_at)
    WHERE accused_user_id IS NOT NULL;
