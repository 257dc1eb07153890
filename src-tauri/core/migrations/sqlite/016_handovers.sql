-- ComplaintDesk schema, version 16: the monthly archive hand-over (1.6).
--
-- The supervisor or the quality department archives a month's complaints ready for it
-- in one step and hands their forms to the quality department with a printed
-- 《投诉档案移交清单》; each hand-over is kept (who, when, to whom, which complaints) so
-- that its list can be printed again. Never deleted.
CREATE TABLE handovers (
    id        INTEGER PRIMARY KEY,
    month     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    by_user   INTEGER NOT NULL REFERENCES users(id),
    receiver  TEXT NOT NULL
);
CREATE INDEX handovers_month ON handovers (month, id);

CREATE TABLE handover_items (
    handover_id  INTEGER NOT NULL REFERENCES handovers(id),
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    PRIMARY KEY (handover_id, complaint_id)
) WITHOUT ROWID;

CREATE TRIGGER handovers_never_deleted BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'hand-overs are never deleted'); END;
CREATE TRIGGER handover_items_never_deleted BEFORE DELETE ON handover_items
BEGIN SELECT RAISE(ABORT, 'hand-overs are never deleted'); END;
