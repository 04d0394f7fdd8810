-- Brokers in, events out (the intake issue).

-- Where a job came from and who hears how it ended (job.Reply as JSON): null for most jobs.
ALTER TABLE jobs ADD COLUMN reply TEXT;

-- The inbox: one row per broker message that became a job, written in the job's transaction. A
-- redelivered message finds its row and makes no second job. Kept a while after its job (Retention).
CREATE TABLE inbox (
    source      TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    job_id      TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (source, message_id)
) WITHOUT ROWID;
CREATE INDEX inbox_received ON inbox (received_at);

-- The outbox: one row per move that matters outside (a job succeeded, failed, was cancelled),
-- written in the move's transaction. seq only grows (AUTOINCREMENT: never reused after a prune), so
-- event streams read on from the last seq they saw. The relay dispatches each event once into
-- deliveries, one per place it must reach.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   TEXT    NOT NULL UNIQUE,
    job_id     TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    detail     TEXT,
    reply      TEXT,
    dispatched INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_undispatched ON outbox (seq) WHERE dispatched = 0;
CREATE INDEX outbox_at ON outbox (at);

-- One event on its way to one place: a broker's results (sink results:<adapter>) or a webhook
-- (sink webhook:<name> or callback, target its URL). Pending until delivered, or failed once its
-- attempts are spent; each attempt pushes next_at on, so one sender at a time holds it.
CREATE TABLE deliveries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_seq  INTEGER NOT NULL,
    job_id     TEXT    NOT NULL,
    sink       TEXT    NOT NULL,
    target     TEXT,
    state      TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL,
    last_error TEXT,
    updated_at INTEGER NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (sink, next_at) WHERE state = 'pending';
CREATE INDEX deliveries_job ON deliveries (job_id);
-- An event is pruned only once no pending delivery needs it.
CREATE INDEX deliveries_event ON deliveries (event_seq);
CREATE INDEX deliveries_updated ON deliveries (updated_at) WHERE state <> 'pending';
