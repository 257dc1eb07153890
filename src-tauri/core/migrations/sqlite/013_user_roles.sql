-- ComplaintDesk schema, version 13: a user may hold several roles.
--
-- `role` stays the main one; `extra_roles` lists the others as codes joined by commas (a
-- small center's receptionist who is also its supervisor). What a user may do is the
-- union; each step is recorded with the role it was taken in.
ALTER TABLE users ADD COLUMN extra_roles TEXT NOT NULL DEFAULT '';
