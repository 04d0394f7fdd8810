-- Large inputs (texts up to 10 MB, EPUB bodies) in a table of their own, so that the job row that
-- claims, heartbeats, progress and completions write all day stays narrow (issue 13). On
-- PostgreSQL, TOAST already kept large values out of the row (V1's toast_tuple_target: an update
-- copies a pointer to them); why move them all the same: the schema is then SQLite's, where
-- nothing like TOAST exists, so that the one SQL queue reads and writes both alike, and the hot
-- table's size no longer grows with its inputs. The input is written once, read by the claim, and
-- deleted with its job.
-- why the lock first: a node of the previous version still running would otherwise commit a job
-- with its text in jobs after the copy below, and lose it when the column is dropped; with it,
-- such a write waits for this migration and then fails (the column is gone), so its submitter is
-- told and nothing accepted is lost. Stop old nodes before starting a new one all the same.
LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE job_inputs (
    seq  bigint PRIMARY KEY REFERENCES jobs (seq) ON DELETE CASCADE,
    text text   NOT NULL,
    body bytea
);

INSERT INTO job_inputs (seq, text, body) SELECT seq, text, body FROM jobs;

-- The start of the text that a job shown to a person carries (TextPreview.CHARS characters), so
-- that reading a job never reads its input. substr counts characters, as TextPreview does.
ALTER TABLE jobs ADD COLUMN text_preview text NOT NULL DEFAULT '';
UPDATE jobs SET text_preview = substr(text, 1, 200);

-- The search's words are taken from the input as it is inserted, by V2's function (it reads
-- NEW.seq and NEW.text, which the inputs have). The words of the jobs above are indexed already.
DROP TRIGGER jobs_words_in ON jobs;
CREATE TRIGGER job_inputs_words_in AFTER INSERT ON job_inputs FOR EACH ROW EXECUTE FUNCTION jobs_words();

-- Dropping a column only hides it: its values' space comes back as rows are updated, and that of
-- finished jobs only when the table is rewritten (VACUUM FULL, pg_repack), which locks it, so it
-- is left to the operator. Nodes of the version before write jobs.text: stop them before a node
-- of this version migrates the database.
ALTER TABLE jobs DROP COLUMN text, DROP COLUMN body;
