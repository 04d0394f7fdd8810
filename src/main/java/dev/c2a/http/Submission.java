package dev.c2a.http;

import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JobRequest;
import dev.c2a.job.ContentType;
import dev.c2a.job.JobOptions;
import dev.c2a.json.Json;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A job as an HTTP request carries it, in any of three forms: JSON ({@code text} or
 * {@code contentBase64}); multipart/form-data with the content in the {@code file} field and the
 * other fields beside it; or the content itself as the body, its Content-Type saying what it is,
 * with voice, format, speed, idempotencyKey and options (JSON) as query parameters.
 */
record Submission(JobRequest request, byte[] upload) {

    static Submission read(Context ctx, long maxJsonBytes, long maxUploadBytes) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.startsWith("application/json") || type.startsWith("application/x-www-form-urlencoded")) {
            // JsonBody refuses all but application/json, saying what to send instead
            return new Submission(JsonBody.read(ctx, maxJsonBytes, JobRequest.class), null);
        }
        if (type.startsWith("multipart/form-data")) {
            if (!type.contains("boundary=")) {
                throw JsonBody.refuse(ctx, InvalidRequestException.malformed("the multipart body could not be read:"
                        + " its Content-Type names no boundary (multipart/form-data; boundary=...)"));
            }
            try {
                return multipart(ctx, maxUploadBytes);
            } catch (InvalidRequestException e) {
                throw e;
            } catch (Exception e) {
                // a malformed body (a part cut short) is the client's, not a 500; what is left of it is read
                // first, as for a body over its bound, so the client gets the answer, not a reset connection
                boolean over = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("exceed");
                throw JsonBody.refuse(ctx, over ? tooLarge(maxUploadBytes) : InvalidRequestException.malformed("the multipart body could not be read: " + multipartError(e)));
            }
        }
        ContentType content;
        try {
            content = ContentType.of(type);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.unsupportedType("Content-Type '" + ctx.contentType() + "' is not accepted; send"
                    + " application/json, multipart/form-data, or the content itself as text/plain, text/markdown,"
                    + " text/html, application/ssml+xml or application/epub+zip");
        }
        byte[] body = bounded(ctx, maxUploadBytes);
        return new Submission(fields(ctx.queryParam("voice"), ctx.queryParam("format"), ctx.queryParam("speed"),
                ctx.queryParam("idempotencyKey"), ctx.queryParam("options"), content.mediaType()), body);
    }

    private static Submission multipart(Context ctx, long maxUploadBytes) {
        if (ctx.req().getContentLengthLong() > maxUploadBytes + (1 << 20)) {
            throw JsonBody.refuse(ctx, tooLarge(maxUploadBytes));
        }
        // a malformed or oversized body throws here; read() answers it
        UploadedFile file = ctx.uploadedFile("file");
        String text = ctx.formParam("text");
        String contentType = ctx.formParam("contentType");
        if (file == null) {
            if (text == null) {
                throw InvalidRequestException.invalid("the multipart request has no 'file' field (or 'text')");
            }
            return new Submission(fields(ctx.formParam("voice"), ctx.formParam("format"), ctx.formParam("speed"),
                    ctx.formParam("idempotencyKey"), ctx.formParam("options"), contentType).withContent(contentType,
                    text), null);
        }
        if (contentType == null) {
            contentType = guess(file);
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUploadBytes + 1));
        } catch (IOException e) {
            throw InvalidRequestException.malformed("the uploaded file could not be read: " + e.getMessage());
        }
        if (bytes.length > maxUploadBytes) {
            throw tooLarge(maxUploadBytes);
        }
        return new Submission(fields(ctx.formParam("voice"), ctx.formParam("format"), ctx.formParam("speed"),
                ctx.formParam("idempotencyKey"), ctx.formParam("options"), contentType), bytes);
    }

    /** The parser's reason, without its stack of wrappers. */
    private static String multipartError(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : Echo.of(root.getMessage(), 200);
    }

    /** The file's own type when it is one we read, else its extension's. */
    private static String guess(UploadedFile file) {
        String declared = file.contentType();
        if (declared != null) {
            try {
                return ContentType.of(declared).mediaType();
            } catch (IllegalArgumentException e) {
                // application/octet-stream and the like: the extension decides
            }
        }
        String ext = file.extension() == null ? "" : file.extension().replace(".", "");
        return ext.isEmpty() || ext.equals("txt") ? null : ext;
    }

    private static JobRequest fields(String voice, String format, String speed, String key, String options,
                                     String contentType) {
        Double parsedSpeed = null;
        if (speed != null) {
            try {
                parsedSpeed = Double.parseDouble(speed.trim());
            } catch (NumberFormatException e) {
                throw InvalidRequestException.invalid("speed must be a number, got '" + speed + "'");
            }
        }
        JobOptions jobOptions = null;
        if (options != null && !options.isBlank()) {
            try {
                jobOptions = Json.MAPPER.readValue(options, JobOptions.class);
            } catch (IOException e) {
                throw InvalidRequestException.invalid("options must be a JSON object of job options: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return new JobRequest(null, contentType, null, voice, format, parsedSpeed, null, jobOptions, key);
    }

    private static byte[] bounded(Context ctx, long maxBytes) {
        byte[] body = JsonBody.bytes(ctx, maxBytes, tooLarge(maxBytes));
        if (body.length == 0) {
            throw InvalidRequestException.invalid("the request body is empty; it should be the content");
        }
        return body;
    }

    private static InvalidRequestException tooLarge(long maxBytes) {
        return InvalidRequestException.tooLarge("the uploaded content is over " + maxBytes
                + " bytes (setting max-upload-bytes)");
    }
}
