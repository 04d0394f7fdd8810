-- Status counts and the jobs search without reading the whole ledger (issue 13): with a million
-- finished jobs, COUNT(*) GROUP BY state reads every row, and a search for words no job has reads
-- every text.

-- The number of jobs in each state is job_counts plus the changes not yet folded into it. why not
-- one row per state that every move updates: each claim and each completion would then lock the
-- same row until its commit's WAL flush, so moves from all nodes would queue behind one another on
-- it (and two transactions moving jobs between the same states in opposite orders would deadlock).
-- Inserting a change row locks nothing that another writer wants. A read of both tables is one
-- snapshot, so the sum is exactly what a GROUP BY over jobs would say at that instant; folding
-- (counts(), once the changes pile up) moves changes into job_counts in one transaction, which
-- keeps the sum the same for every reader.
CREATE TABLE job_counts (
    state text   PRIMARY KEY,
    n     bigint NOT NULL
);
CREATE TABLE job_count_changes (
    id     bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state  text    NOT NULL,
    change integer NOT NULL
);
-- why: the changes are inserted and deleted all day; vacuum them often, as the jobs table
ALTER TABLE job_count_changes SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500);

CREATE FUNCTION jobs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO job_count_changes (state, change) VALUES (OLD.state, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO job_count_changes (state, change) VALUES (NEW.state, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_counted AFTER INSERT OR DELETE ON jobs
    FOR EACH ROW EXECUTE FUNCTION jobs_count_change();
-- why WHEN: heartbeats and progress do not change the state and must not pay for the counts
CREATE TRIGGER jobs_counted_move AFTER UPDATE OF state ON jobs
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION jobs_count_change();

-- Counted after the triggers exist: creating them locked the table against writers until this
-- migration commits, so no job is counted twice or missed.
INSERT INTO job_counts (state, n) SELECT state, COUNT(*) FROM jobs GROUP BY state;

-- The search's words: the first 65,536 characters of each job's text (JobSearch.INDEXED_CHARS),
-- lower-cased over all of Unicode by ICU (lower() under the database's collation may fold ASCII
-- only, as under "C"), with a trigram index that finds the rows containing a LIKE pattern's
-- trigrams before LIKE checks each. why a table of their own, written once: an index on jobs gets
-- a new entry on every update that is not HOT, and claims and heartbeats change indexed columns,
-- so the texts would be indexed again at every heartbeat.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: a role that may create
-- objects in the database (its owner, say) may create it; else an administrator creates it first.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE job_words (
    seq   bigint PRIMARY KEY REFERENCES jobs (seq) ON DELETE CASCADE,
    words text   NOT NULL
);
CREATE INDEX job_words_trigrams ON job_words USING gin (words gin_trgm_ops);

CREATE FUNCTION jobs_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_words (seq, words) VALUES (NEW.seq, lower(left(NEW.text, 65536) COLLATE "und-x-icu"));
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_words_in AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_words();

INSERT INTO job_words (seq, words) SELECT seq, lower(left(text, 65536) COLLATE "und-x-icu") FROM jobs;
