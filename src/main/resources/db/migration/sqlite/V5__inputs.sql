-- Large inputs (texts up to 10 MB, EPUB bodies) in a table of their own, so that the job row that
-- claims, heartbeats, progress and completions write all day stays narrow (issue 13). why: SQLite
-- writes a row whose size changed whole, overflow pages and all; with the text in the row, each
-- claim, most progress reports and each completion of a job with a 10 MB text wrote 10 MB. (A
-- heartbeat keeps the row's size, and SQLite rewrites only the pages that changed.) The input is
-- written once, read by the claim, and deleted with its job: the foreign key's cascade, which the
-- queue's connections enforce (PRAGMA foreign_keys in SqliteDialect). Not WITHOUT ROWID: its
-- rows are large, and seq is the rowid.
CREATE TABLE job_inputs (
    seq  INTEGER PRIMARY KEY REFERENCES jobs (seq) ON DELETE CASCADE,
    text TEXT    NOT NULL,
    body BLOB
);

INSERT INTO job_inputs (seq, text, body) SELECT seq, text, body FROM jobs;

-- The start of the text that a job shown to a person carries (TextPreview.CHARS characters), so
-- that reading a job never reads its input. substr counts characters, as TextPreview does.
ALTER TABLE jobs ADD COLUMN text_preview TEXT NOT NULL DEFAULT '';
UPDATE jobs SET text_preview = substr(text, 1, 200);

-- The search's words are taken from the input as it is inserted (why move the trigger: SQLite
-- drops no column that a trigger reads). The words of the jobs above are indexed already, and
-- jobs_words_out still removes a job's words when the job goes.
DROP TRIGGER jobs_words_in;
CREATE TRIGGER job_inputs_words_in AFTER INSERT ON job_inputs BEGIN
    INSERT INTO job_words (rowid, words) VALUES (NEW.seq, substr(NEW.text, 1, 65536));
END;

-- Each drop rewrites every job, as the UPDATE above did: the migration's one-time cost, in the
-- transaction Flyway runs it in. The file keeps its size: the pages freed are reused by new jobs;
-- VACUUM gives them back to the disk (it rewrites the whole file, so it is left to the operator).
ALTER TABLE jobs DROP COLUMN text;
ALTER TABLE jobs DROP COLUMN body;
