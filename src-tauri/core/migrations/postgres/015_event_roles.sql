-- ComplaintDesk schema, version 15 (PostgreSQL): the role each step was taken in. The twin
-- of sqlite/015_event_roles.sql, unchanged. Adding a column does not run the UPDATE
-- triggers that keep events append-only, in either store.
--
-- A user may hold several roles (version 13); the timeline and the printed form name the
-- one a step was taken in (a receptionist who is also the supervisor forwards as the
-- supervisor). NULL for the system and for events from before this version: they show
-- the actor's main role, as before.
ALTER TABLE events ADD COLUMN actor_role TEXT;
