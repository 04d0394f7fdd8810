package dev.c2a.http;

import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.job.StoredFile;
import dev.c2a.service.JobPage;
import dev.c2a.service.Service;
import dev.c2a.service.Submitted;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code /v1/jobs}. */
final class JobRoutes {
    static final int MAX_BATCH = 10_000;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final Service service;
    private final long maxBodyBytes;
    private final long maxUploadBytes;

    JobRoutes(Service service, long maxBodyBytes, long maxUploadBytes) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The batch form's body. */
    record Batch(List<JobRequest> jobs) {
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/jobs", this::submit);
        routes.post("/v1/jobs/batch", this::submitBatch);
        routes.post("/v1/jobs/dry-run", this::dryRun);
        routes.post("/v1/jobs/retry-failed", ctx -> ctx.json(Map.of("retried", service.retryFailed())));
        routes.get("/v1/jobs", this::list);
        routes.get("/v1/jobs/{id}", ctx -> ctx.json(JobView.full(service.job(ctx.pathParam("id")))));
        routes.post("/v1/jobs/cancel", ctx -> ctx.json(Map.of("cancelled", service.cancelAll(requiredState(ctx)))));
        routes.delete("/v1/jobs", ctx -> ctx.json(Map.of("deleted", service.deleteAll(requiredState(ctx)))));
        routes.post("/v1/jobs/{id}/cancel", ctx -> ctx.json(JobView.full(service.cancel(ctx.pathParam("id")))));
        routes.delete("/v1/jobs/{id}", ctx -> {
            service.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/v1/jobs/{id}/retry", ctx -> ctx.json(JobView.full(service.retry(ctx.pathParam("id")))));
        routes.get("/v1/jobs/{id}/deliveries", ctx -> ctx.json(Map.of("deliveries",
                service.deliveries(ctx.pathParam("id")))));
        routes.get("/v1/jobs/{id}/audio", this::audio);
        routes.get("/v1/jobs/{id}/files/{name}", this::chapterFile);
        for (String ext : List.of("vtt", "srt", "json")) {
            routes.get("/v1/jobs/{id}/captions." + ext, ctx -> captions(ctx, ext));
        }
    }

    private void submit(Context ctx) {
        Submission s = Submission.read(ctx, maxBodyBytes, maxUploadBytes);
        Submitted e = service.submit(s.request(), s.upload());
        JobView view = JobView.full(e.job());
        ctx.header("Location", view.url()).status(e.created() ? 202 : 200).json(view);
    }

    private void dryRun(Context ctx) {
        Submission s = Submission.read(ctx, maxBodyBytes, maxUploadBytes);
        ctx.json(service.dryRun(s.request(), s.upload()));
    }

    private void submitBatch(Context ctx) {
        Batch batch = JsonBody.read(ctx, maxBodyBytes, Batch.class);
        if (batch.jobs() != null && batch.jobs().size() > MAX_BATCH) {
            throw InvalidRequestException.tooLarge("the batch has " + batch.jobs().size() + " jobs; at most "
                    + MAX_BATCH + " per request");
        }
        List<JobView> views = service.submitAll(batch.jobs()).stream().map(e -> JobView.summary(e.job())).toList();
        ctx.status(202).json(Map.of("jobs", views));
    }

    /** The {@code state} query parameter; null when absent. */
    private static JobState state(Context ctx) {
        String s = ctx.queryParam("state");
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return JobState.fromWire(s.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.invalid("state: " + e.getMessage());
        }
    }

    /** Bulk calls name the jobs they act on by state, so that no call acts on every job by accident. */
    private static JobState requiredState(Context ctx) {
        JobState state = state(ctx);
        if (state == null) {
            throw InvalidRequestException.invalid("state is required: ?state=queued (or another state)");
        }
        return state;
    }

    private void list(Context ctx) {
        JobState state = state(ctx);
        int limit = QueryParams.wholeNumber(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !cursor.matches("\\d{1,18}")) {
            throw InvalidRequestException.invalid("cursor must be the nextCursor of an earlier page");
        }
        String q = ctx.queryParam("q");
        if (q != null && q.length() > 200) {
            throw InvalidRequestException.invalid("q must be at most 200 characters");
        }
        JobPage page = service.jobs(state, limit, cursor, q == null || q.isBlank() ? null : q);
        ctx.json(new PageView(page.jobs().stream().map(JobView::summary).toList(), page.nextCursor()));
    }

    record PageView(List<JobView> jobs, String nextCursor) {
    }

    private void audio(Context ctx) {
        String id = ctx.pathParam("id");
        if (!redirected(ctx, service.audioRedirect(id, null))) {
            send(ctx, service.audio(id));
        }
    }

    private void chapterFile(Context ctx) {
        String id = ctx.pathParam("id");
        String name = ctx.pathParam("name");
        if (!redirected(ctx, service.audioRedirect(id, name))) {
            send(ctx, service.chapterFile(id, name));
        }
    }

    /** With {@code audio-redirect}, the client fetches the bytes from the store itself: 307 to a presigned URL. */
    private static boolean redirected(Context ctx, Optional<URI> to) {
        to.ifPresent(url -> ctx.redirect(url.toString(), HttpStatus.TEMPORARY_REDIRECT));
        return to.isPresent();
    }

    private void captions(Context ctx, String format) {
        send(ctx, service.captions(ctx.pathParam("id"), format));
    }

    /**
     * Sends a stored file, honouring one byte range (players seek with them). Javalin's seekable
     * writer ignores the end of a range on files under its chunk size, so ranges are served here.
     */
    private static void send(Context ctx, StoredFile file) {
        long size = file.size();
        ctx.header("Content-Disposition", "inline; filename=\"" + file.name() + "\"");
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(file.mediaType());
        long[] range = ByteRange.parse(ctx.header("Range"), size);
        try {
            if (range == null) {
                ctx.header("Content-Length", Long.toString(size));
                ctx.result(file.open());
                return;
            }
            if (range.length == 0) {
                ctx.header("Content-Range", "bytes */" + size);
                throw InvalidRequestException.outOfRange("the range '" + ctx.header("Range") + "' is outside the file's "
                        + size + " bytes");
            }
            long length = range[1] - range[0] + 1;
            ctx.status(206).header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size)
                    .header("Content-Length", Long.toString(length));
            ctx.result(file.open(range[0], length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
