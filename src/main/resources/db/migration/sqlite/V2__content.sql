-- Content beyond plain text (issue 3): its media type, a binary body (EPUB), per-job options as
-- JSON, and progress through chapters. The ssml column stays for readers of version 1 rows.
ALTER TABLE jobs ADD COLUMN content_type TEXT NOT NULL DEFAULT 'text/plain';
ALTER TABLE jobs ADD COLUMN body BLOB;
ALTER TABLE jobs ADD COLUMN options TEXT;
ALTER TABLE jobs ADD COLUMN progress_chapter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN progress_chapters INTEGER NOT NULL DEFAULT 0;
