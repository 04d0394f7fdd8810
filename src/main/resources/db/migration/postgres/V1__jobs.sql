-- The job ledger and queue: SQLite's schema (its versions 1 to 3) in PostgreSQL's types, so that the
-- one SQL queue runs on both. Times are epoch milliseconds (UTC) in bigint, as on SQLite: "now" is
-- the database's clock turned into the same unit, the row mapping is one, and a millisecond is
-- finer than any lease. Flags are integers and JSON is text for the same reason (the queue never
-- looks inside the JSON; errors are appended through jsonb).
CREATE TABLE jobs (
    seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                text             NOT NULL UNIQUE,
    idempotency_key   text             UNIQUE,
    text              text             NOT NULL,
    text_length       integer          NOT NULL,
    voice             text             NOT NULL,
    format            text             NOT NULL,
    speed             double precision NOT NULL,
    ssml              integer          NOT NULL,
    state             text             NOT NULL,
    attempts          integer          NOT NULL DEFAULT 0,
    max_attempts      integer          NOT NULL,
    fence             bigint           NOT NULL DEFAULT 0,
    lease_owner       text,
    lease_expires_at  bigint,
    lease_deaths      integer          NOT NULL DEFAULT 0,
    queued_at         bigint           NOT NULL,
    run_at            bigint           NOT NULL,
    started_at        bigint,
    finished_at       bigint,
    progress_done     integer          NOT NULL DEFAULT 0,
    progress_total    integer          NOT NULL DEFAULT 0,
    cancel_requested  integer          NOT NULL DEFAULT 0,
    errors            text,
    result            text,
    content_type      text             NOT NULL DEFAULT 'text/plain',
    body              bytea,
    options           text,
    progress_chapter  integer          NOT NULL DEFAULT 0,
    progress_chapters integer          NOT NULL DEFAULT 0,
    request_hash      text
);

-- why: every job is updated several times (claim, heartbeats, progress, the end), so dead row
-- versions pile up fast in a busy queue. The defaults wait for 20% of the table to be dead, which
-- in a ledger of a million finished jobs is 200,000 dead rows that claims wade through; vacuum the
-- jobs table after 1% instead (plus a floor, so a small table is not vacuumed on every few jobs).
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500,
    autovacuum_analyze_scale_factor = 0.02);
-- why: a claim, a heartbeat or progress writes a new version of the whole row. Large values (texts
-- up to 10 MB, EPUB bodies) live out of line in the table's TOAST table, and an update that does
-- not change them copies only the pointer; moving values out of line once the row passes 256
-- bytes (instead of about 2 kB) keeps mid-sized texts out of the hot row too.
ALTER TABLE jobs SET (toast_tuple_target = 256);

-- The same indexes as SQLite's: the claim's (state, run_at, seq), recovery's (state,
-- lease_expires_at) and the listings' (state, seq). Not partial: the queue binds the state as a
-- parameter, and a generic plan cannot prove a partial index's WHERE.
CREATE INDEX jobs_due ON jobs (state, run_at, seq);
CREATE INDEX jobs_lease ON jobs (state, lease_expires_at);
CREATE INDEX jobs_state_seq ON jobs (state, seq);
