-- Status counts and the jobs search without reading the whole ledger (issue 13): with a million
-- finished jobs, COUNT(*) GROUP BY state reads every row, and a search for words no job has reads
-- every text.

-- The number of jobs in each state, kept by the triggers below in the transaction of each write,
-- so it is always exactly what a GROUP BY would say. SQLite has one writer, so one row per state
-- is no hot spot.
CREATE TABLE job_counts (
    state TEXT    PRIMARY KEY,
    n     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER jobs_counted_in AFTER INSERT ON jobs BEGIN
    INSERT INTO job_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
END;

-- why WHEN: heartbeats and progress do not change the state and must not pay for the counts
CREATE TRIGGER jobs_counted_move AFTER UPDATE OF state ON jobs WHEN OLD.state <> NEW.state BEGIN
    UPDATE job_counts SET n = n - 1 WHERE state = OLD.state;
    INSERT INTO job_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER jobs_counted_out AFTER DELETE ON jobs BEGIN
    UPDATE job_counts SET n = n - 1 WHERE state = OLD.state;
END;

INSERT INTO job_counts (state, n) SELECT state, COUNT(*) FROM jobs GROUP BY state;

-- The search's index of words: every three-character sequence of the first 65,536 characters of
-- each job's text (JobSearch.INDEXED_CHARS), case-folded by FTS5 over all of Unicode (so ÄPFEL finds
-- äpfel, which LOWER() and LIKE, ASCII-only, do not). A phrase of trigrams at consecutive positions
-- is exactly a substring, so a MATCH finds what LIKE '%term%' would, without reading the texts.
-- Contentless: the index alone, no second copy of the texts; rows are the jobs' seq. Texts never
-- change after insert, so inserts and deletes are all that keep it in step.
CREATE VIRTUAL TABLE job_words USING fts5(words, content = '', contentless_delete = 1, tokenize = 'trigram');

CREATE TRIGGER jobs_words_in AFTER INSERT ON jobs BEGIN
    INSERT INTO job_words (rowid, words) VALUES (NEW.seq, substr(NEW.text, 1, 65536));
END;

CREATE TRIGGER jobs_words_out AFTER DELETE ON jobs BEGIN
    DELETE FROM job_words WHERE rowid = OLD.seq;
END;

INSERT INTO job_words (rowid, words) SELECT seq, substr(text, 1, 65536) FROM jobs;
