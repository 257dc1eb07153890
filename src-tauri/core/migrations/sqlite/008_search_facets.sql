-- ComplaintDesk schema, version 8: a search within a department (or a category, state,
-- severity or channel) intersects inside the full-text index instead of reading each
-- hit's complaint.
--
-- `facets` spells a complaint's five filterable values as five tokens of three
-- characters each, which the trigram index keeps like any other text: a kind character
-- (U+E001 department, U+E002 category, U+E003 state, U+E004 severity, U+E005 channel)
-- and the value in two characters (U+E100 + high byte, U+E100 + low byte). Ids are the
-- value; a code's value is its 1-based place in the list of codes below, the same lists
-- as `storage::complaints` (a test compares them for every code). The characters are
-- from the private-use area: no typed text holds them, and a trigram across two tokens
-- starts with a value character, never with a kind character, so it equals no token.
-- A new code needs a new version of this column.
--
-- "水管接 in 秩序维护部" reads two lists of row numbers inside the index (77,000 and
-- 231,000 long at 1,000,000 complaints) instead of 77,000 complaints: see BENCHMARKS.md.
ALTER TABLE complaints ADD COLUMN facets TEXT GENERATED ALWAYS AS (char(
    57345, 57600 + (department_id >> 8), 57600 + (department_id & 255),
    57346, 57600 + (category_id >> 8), 57600 + (category_id & 255),
    57347, 57600, 57600 + instr(
        '|registered|dispatched|inHandling|waitingOnResident|handled|awaitingSignOff|signedOff|notified|calledBack|archived|voided|',
        '|' || state || '|'),
    57348, 57600, 57600 + instr('|major|important|minor|', '|' || severity || '|'),
    57349, 57600, 57600 + instr('|visit|phone|letter|other|', '|' || channel || '|')
)) VIRTUAL;

DROP TRIGGER complaints_fts_insert;
DROP TRIGGER complaints_fts_update;
DROP TABLE complaints_fts;

-- Any Chinese substring of three or more characters matches (in the five text columns:
-- a search names them), and each facet is one token.
CREATE VIRTUAL TABLE complaints_fts USING fts5 (
    resident_name, room, phone, description, resident_request, facets,
    content = 'complaints', content_rowid = 'id', tokenize = 'trigram'
);

-- Rebuilt from the complaints (1,000,000: 25 s), then merged into one segment (6 s).
INSERT INTO complaints_fts (complaints_fts) VALUES ('rebuild');
INSERT INTO complaints_fts (complaints_fts) VALUES ('optimize');

CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts (rowid, resident_name, room, phone, description, resident_request, facets)
    VALUES (new.id, new.resident_name, new.room, new.phone, new.description, new.resident_request,
        new.facets);
END;

-- Every event that moves a complaint rewrites its row; the index follows only when a
-- searched text or a facet changed.
CREATE TRIGGER complaints_fts_update
AFTER UPDATE OF resident_name, room, phone, description, resident_request,
    department_id, category_id, state, severity, channel ON complaints
WHEN old.facets IS NOT new.facets OR old.resident_name IS NOT new.resident_name
    OR old.room IS NOT new.room OR old.phone IS NOT new.phone
    OR old.description IS NOT new.description OR old.resident_request IS NOT new.resident_request
BEGIN
    INSERT INTO complaints_fts (complaints_fts, rowid, resident_name, room, phone, description,
        resident_request, facets)
    VALUES ('delete', old.id, old.resident_name, old.room, old.phone, old.description,
        old.resident_request, old.facets);
    INSERT INTO complaints_fts (rowid, resident_name, room, phone, description, resident_request, facets)
    VALUES (new.id, new.resident_name, new.room, new.phone, new.description, new.resident_request,
        new.facets);
END;
