-- Nodes, the maintenance leader, desired state and its audit (the cluster issue). On SQLite there
-- is one node; its desired state survives restarts all the same.

CREATE TABLE nodes (
    id          TEXT    PRIMARY KEY,
    incarnation TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    beat_at     INTEGER NOT NULL,
    beat_every  INTEGER NOT NULL,
    left_at     INTEGER,
    snapshot    TEXT    NOT NULL
) WITHOUT ROWID;

CREATE TABLE leader (
    name        TEXT    PRIMARY KEY,
    node_id     TEXT    NOT NULL,
    incarnation TEXT    NOT NULL,
    term        INTEGER NOT NULL,
    since       INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE control (
    scope           TEXT    PRIMARY KEY,
    state           TEXT,
    state_version   INTEGER NOT NULL DEFAULT 0,
    drain_ms        INTEGER,
    workers         INTEGER,
    workers_version INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    role   TEXT    NOT NULL,
    origin TEXT    NOT NULL,
    action TEXT    NOT NULL,
    scope  TEXT    NOT NULL,
    detail TEXT
);
