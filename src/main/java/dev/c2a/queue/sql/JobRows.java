package dev.c2a.queue.sql;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.c2a.job.ContentType;
import dev.c2a.job.Job;
import dev.c2a.job.JobError;
import dev.c2a.job.JobOptions;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Progress;
import dev.c2a.job.Reply;
import dev.c2a.json.Json;
import dev.c2a.queue.TextPreview;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * How a job row reads: the column lists and the mapping to {@link Job}. A job's input (its text or
 * binary body) is in {@code job_inputs}, by the job's {@code seq}; the {@code jobs} row has the
 * text's length and start.
 */
final class JobRows {
    static final String SUMMARY_COLUMNS = "seq, id, idempotency_key, voice, format, speed, ssml, text_length, state,"
            + " attempts, max_attempts, fence, queued_at, run_at, started_at, finished_at, progress_done,"
            + " progress_total, progress_chapter, progress_chapters, cancel_requested, errors, result, content_type, options, reply";

    /**
     * How much of the job a read loads, from the {@code jobs} row. Only a claim needs the input; a
     * job shown to a person needs the start of its text (a text may be 10 MB, and clients poll).
     */
    enum Shape {
        SUMMARY(SUMMARY_COLUMNS),
        PREVIEW(SUMMARY_COLUMNS + ", text_preview"),
        /**
         * why subqueries, not a join: a claim reads this in its RETURNING, which may name only the
         * updated table (SQLite).
         */
        FULL(SUMMARY_COLUMNS + ", text_preview, (SELECT text FROM job_inputs WHERE job_inputs.seq = jobs.seq) AS text,"
                + " (SELECT body FROM job_inputs WHERE job_inputs.seq = jobs.seq) AS body");

        final String columns;

        Shape(String columns) {
            this.columns = columns;
        }
    }
    private static final TypeReference<List<JobError>> ERRORS = new TypeReference<>() {
    };

    private JobRows() {
    }

    static Job map(ResultSet rs, Shape shape) throws SQLException {
        String text = shape == Shape.FULL ? rs.getString("text") : null;
        ContentType type = ContentType.of(rs.getString("content_type"));
        if (rs.getInt("ssml") != 0) {
            type = ContentType.SSML;
        }
        byte[] body = shape == Shape.FULL ? rs.getBytes("body") : null;
        String options = rs.getString("options");
        JobSpec spec = new JobSpec(type, text, body, rs.getString("voice"), rs.getString("format"),
                rs.getDouble("speed"), options == null ? JobOptions.DEFAULTS : Json.read(options, JobOptions.class),
                rs.getString("idempotency_key"), reply(rs.getString("reply")));
        String preview = shape == Shape.SUMMARY ? null : TextPreview.of(rs.getString("text_preview"), type);
        return new Job(rs.getString("id"), rs.getLong("seq"), spec, rs.getInt("text_length"), preview,
                JobState.fromWire(rs.getString("state")), rs.getInt("attempts"), rs.getInt("max_attempts"),
                instant(rs, "queued_at"), instant(rs, "run_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), new Progress(rs.getInt("progress_done"), rs.getInt("progress_total"),
                        rs.getInt("progress_chapter"), rs.getInt("progress_chapters")),
                rs.getInt("cancel_requested") != 0, errors(rs.getString("errors")), result(rs.getString("result")));
    }

    static List<JobError> errors(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json, ERRORS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply reply(String json) {
        return json == null ? null : Json.read(json, Reply.class);
    }

    private static JobResult result(String json) {
        return json == null ? null : Json.read(json, JobResult.class);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
