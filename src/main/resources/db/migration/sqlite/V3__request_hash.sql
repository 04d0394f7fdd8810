-- What a job's request looked like (SHA-256 of its content, voice, format, speed and options), so
-- that an idempotency key reused with a different request is refused instead of answered with the
-- first job. Rows from before have none and match any request.
ALTER TABLE jobs ADD COLUMN request_hash TEXT;
