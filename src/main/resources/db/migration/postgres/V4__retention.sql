-- Retention (the storage issue): finished jobs and their files are pruned by age (the retention
-- setting, or a job's own ttl option) and by a cap on the bytes their results store. SQLite's V6.

-- A job's ttl option in milliseconds, null when it keeps to the retention setting: the prune
-- compares it in SQL, so it is a column (the option's text stays in options, as the producer wrote it).
-- The bytes the job's result keeps in the store (audio, a long job's captions file, a playlist),
-- set at completion; 0 until then and for jobs that did not succeed. Adding a column with a
-- constant default rewrites nothing.
ALTER TABLE jobs ADD COLUMN ttl_ms bigint, ADD COLUMN stored_bytes bigint NOT NULL DEFAULT 0;
-- Results recorded before counted only their audio, which is what they read as. A one-time
-- rewrite of every succeeded job's row, in this migration's transaction.
UPDATE jobs SET stored_bytes = COALESCE(CAST(CAST(result AS json) ->> 'bytes' AS bigint), 0) WHERE result IS NOT NULL;

-- Finished jobs by when they finished, oldest first: the retention prune walks it up to "now"
-- minus the retention, the size cap from its start. finished_at is set exactly while a job is
-- finished (a retry clears it), so the index holds finished jobs only, and a heartbeat or a progress
-- report (which change neither column) still updates its row in place (HOT).
-- Built in the migration's transaction, which keeps writers out meanwhile: a pause of about a
-- second per million jobs, once.
CREATE INDEX jobs_finished ON jobs (finished_at, seq) WHERE finished_at IS NOT NULL;
-- Jobs with a ttl of their own by when it runs out.
CREATE INDEX jobs_ttl_ends ON jobs ((finished_at + ttl_ms)) WHERE ttl_ms IS NOT NULL;

-- What is left of a pruned job: when and why it went, so that asking for it answers 410 Gone with
-- that, not 404 as if it had never been. Kept for a while (Retention.TOMBSTONES_KEPT), then pruned too.
CREATE TABLE pruned_jobs (
    id        text   PRIMARY KEY,
    pruned_at bigint NOT NULL,
    reason    text   NOT NULL
);
CREATE INDEX pruned_jobs_at ON pruned_jobs (pruned_at);
