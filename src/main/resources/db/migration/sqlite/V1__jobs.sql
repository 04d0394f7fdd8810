-- The job ledger and queue. Times are epoch milliseconds (UTC).
CREATE TABLE jobs (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    idempotency_key  TEXT    UNIQUE,
    text             TEXT    NOT NULL,
    text_length      INTEGER NOT NULL,
    voice            TEXT    NOT NULL,
    format           TEXT    NOT NULL,
    speed            REAL    NOT NULL,
    ssml             INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL,
    fence            INTEGER NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    lease_deaths     INTEGER NOT NULL DEFAULT 0,
    queued_at        INTEGER NOT NULL,
    run_at           INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    progress_done    INTEGER NOT NULL DEFAULT 0,
    progress_total   INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    errors           TEXT,
    result           TEXT
);

CREATE INDEX jobs_due ON jobs (state, run_at, seq);
CREATE INDEX jobs_lease ON jobs (state, lease_expires_at);
CREATE INDEX jobs_state_seq ON jobs (state, seq);
