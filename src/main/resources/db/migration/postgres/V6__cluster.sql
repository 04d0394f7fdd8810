-- Nodes, the maintenance leader, desired state and its audit (the cluster issue). SQLite's V8.

-- One row per node id, rewritten by each beat (every third of a lease). A node whose beat is three
-- beats old is shown lost; one that stopped on purpose has left_at. fillfactor: a beat rewrites the
-- row in its page (a HOT update), so a table updated every few seconds per node stays small.
CREATE TABLE nodes (
    id          text   PRIMARY KEY,
    incarnation text   NOT NULL,
    started_at  bigint NOT NULL,
    beat_at     bigint NOT NULL,
    beat_every  bigint NOT NULL,
    left_at     bigint,
    snapshot    text   NOT NULL
) WITH (fillfactor = 50);

-- The leadership: one row per name, taken by a guarded upsert when expired, renewed by its holder.
CREATE TABLE leader (
    name        text   PRIMARY KEY,
    node_id     text   NOT NULL,
    incarnation text   NOT NULL,
    term        bigint NOT NULL,
    since       bigint NOT NULL,
    expires_at  bigint NOT NULL
) WITH (fillfactor = 50);

-- Desired state per scope ('cluster', 'node:<id>'); each part's version is its last change's audit id.
CREATE TABLE control (
    scope           text    PRIMARY KEY,
    state           text,
    state_version   bigint  NOT NULL DEFAULT 0,
    drain_ms        bigint,
    workers         integer,
    workers_version bigint  NOT NULL DEFAULT 0
);

-- Who changed the desired state, what, when and from where.
CREATE TABLE audit (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     bigint NOT NULL,
    actor  text   NOT NULL,
    role   text   NOT NULL,
    origin text   NOT NULL,
    action text   NOT NULL,
    scope  text   NOT NULL,
    detail text
);
