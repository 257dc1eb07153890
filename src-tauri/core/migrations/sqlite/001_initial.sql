-- ComplaintDesk schema, version 1. Times are INTEGER milliseconds since the Unix epoch (UTC).
-- Nothing is ever deleted: complaints, events, audit entries and users have no DELETE path.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE departments (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    head_user_id INTEGER REFERENCES users(id),
    active       INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
) STRICT;

-- The system acts for automatic steps (the one-month raise); it cannot log in.
INSERT INTO users (id, username, display_name, role, password_hash, active, created_at)
VALUES (0, 'system', '系统', 'admin', '!', 0, 0);

CREATE TABLE categories (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    sort   INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE policy_versions (
    version    INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    policy     TEXT NOT NULL
) STRICT;

-- Last case number handed out per local day; bumped inside the registering transaction.
CREATE TABLE case_counters (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

CREATE TABLE complaints (
    id                INTEGER PRIMARY KEY,
    case_no           TEXT NOT NULL UNIQUE,
    received_at       INTEGER NOT NULL,
    channel           TEXT NOT NULL,
    receptionist_id   INTEGER NOT NULL REFERENCES users(id),
    resident_name     TEXT NOT NULL,
    room              TEXT NOT NULL,
    phone             TEXT NOT NULL,
    contact_method    TEXT NOT NULL,
    occurred_at       INTEGER,
    location          TEXT NOT NULL,
    department_id     INTEGER NOT NULL REFERENCES departments(id),
    accused_person    TEXT,
    description       TEXT NOT NULL,
    resident_request  TEXT NOT NULL,
    resident_deadline INTEGER,
    category_id       INTEGER NOT NULL REFERENCES categories(id),
    severity          TEXT NOT NULL,
    valid             INTEGER NOT NULL,
    invalid_reason    TEXT,
    ongoing_harm      INTEGER NOT NULL,
    immediate_measure TEXT,
    state             TEXT NOT NULL,
    policy_version    INTEGER NOT NULL REFERENCES policy_versions(version),
    -- Derived from the events for indexing; rewritten in the transaction of each event.
    next_due_at       INTEGER,
    next_due_kind     TEXT,
    updated_at        INTEGER NOT NULL
) STRICT;

CREATE INDEX complaints_received ON complaints (received_at);
CREATE INDEX complaints_due ON complaints (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX complaints_due_kind ON complaints (next_due_kind, next_due_at) WHERE next_due_kind IS NOT NULL;
CREATE INDEX complaints_state ON complaints (state, received_at);
CREATE INDEX complaints_state_due ON complaints (state, next_due_at);
CREATE INDEX complaints_department ON complaints (department_id, received_at);
CREATE INDEX complaints_room ON complaints (room, received_at);
CREATE INDEX complaints_phone ON complaints (phone, received_at);
CREATE INDEX complaints_name ON complaints (resident_name);

CREATE TRIGGER complaints_never_deleted BEFORE DELETE ON complaints
BEGIN SELECT RAISE(ABORT, 'complaints are never deleted'); END;

-- Any Chinese substring of three or more characters matches.
CREATE VIRTUAL TABLE complaints_fts USING fts5 (
    resident_name, room, phone, description, resident_request,
    content = 'complaints', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts (rowid, resident_name, room, phone, description, resident_request)
    VALUES (new.id, new.resident_name, new.room, new.phone, new.description, new.resident_request);
END;

CREATE TRIGGER complaints_fts_update
AFTER UPDATE OF resident_name, room, phone, description, resident_request ON complaints BEGIN
    INSERT INTO complaints_fts (complaints_fts, rowid, resident_name, room, phone, description, resident_request)
    VALUES ('delete', old.id, old.resident_name, old.room, old.phone, old.description, old.resident_request);
    INSERT INTO complaints_fts (rowid, resident_name, room, phone, description, resident_request)
    VALUES (new.id, new.resident_name, new.room, new.phone, new.description, new.resident_request);
END;

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    at           INTEGER NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL
) STRICT;

CREATE INDEX events_complaint ON events (complaint_id, id);
CREATE INDEX events_kind_at ON events (kind, at);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Tamper-evident: each entry stores the SHA-256 of the previous entry and of its own content.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES users(id),
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE INDEX audit_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'users are disabled, never deleted'); END;
