-- Brokers in, events out (the intake issue). SQLite's V7.

-- Where a job came from and who hears how it ended (job.Reply as JSON): null for most jobs.
ALTER TABLE jobs ADD COLUMN reply text;

-- The inbox: one row per broker message that became a job, written in the job's transaction. A
-- redelivered message finds its row and makes no second job. Kept a while after its job (Retention).
CREATE TABLE inbox (
    source      text   NOT NULL,
    message_id  text   NOT NULL,
    job_id      text   NOT NULL,
    received_at bigint NOT NULL,
    PRIMARY KEY (source, message_id)
);
CREATE INDEX inbox_received ON inbox (received_at);

-- The outbox: one row per move that matters outside (a job succeeded, failed, was cancelled),
-- written in the move's transaction. seq is allocated before commit, so a later seq may commit
-- first: event streams read back a little behind the last seq they saw. The relay dispatches each
-- event once into deliveries, one per place it must reach, locking what it takes (SKIP LOCKED).
CREATE TABLE outbox (
    seq        bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   text    NOT NULL UNIQUE,
    job_id     text    NOT NULL,
    type       text    NOT NULL,
    at         bigint  NOT NULL,
    detail     text,
    reply      text,
    dispatched integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_undispatched ON outbox (seq) WHERE dispatched = 0;
CREATE INDEX outbox_at ON outbox (at);
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500);

-- One event on its way to one place: a broker's results (sink results:<adapter>) or a webhook
-- (sink webhook:<name> or callback, target its URL). Pending until delivered, or failed once its
-- attempts are spent; each attempt pushes next_at on, so one sender at a time holds it.
CREATE TABLE deliveries (
    id         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_seq  bigint  NOT NULL,
    job_id     text    NOT NULL,
    sink       text    NOT NULL,
    target     text,
    state      text    NOT NULL,
    attempts   integer NOT NULL DEFAULT 0,
    next_at    bigint  NOT NULL,
    last_error text,
    updated_at bigint  NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (sink, next_at) WHERE state = 'pending';
CREATE INDEX deliveries_job ON deliveries (job_id);
-- An event is pruned only once no pending delivery needs it.
CREATE INDEX deliveries_event ON deliveries (event_seq);
CREATE INDEX deliveries_updated ON deliveries (updated_at) WHERE state <> 'pending';
ALTER TABLE deliveries SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500);
