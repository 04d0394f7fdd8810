package dev.c2a.http;

import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.JsonRequests;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a JSON request body with a size bound (checked while reading, so a body without a
 * Content-Length cannot exhaust memory), strict UTF-8, and errors that say where the body is wrong.
 */
final class JsonBody {
    static final long DRAIN_BYTES = 16L << 20;

    private JsonBody() {
    }

    static <T> T read(Context ctx, long maxBytes, Class<T> type) {
        requireJson(ctx);
        return JsonRequests.read(bytes(ctx, maxBytes), "the request body", type);
    }

    /**
     * Refuses a body that does not say it is JSON. why: a browser sends text/plain, form and
     * multipart bodies across sites without asking first; only application/json needs its consent.
     */
    static void requireJson(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT).trim();
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            throw refuse(ctx, InvalidRequestException.unsupportedType("the body must be JSON sent as Content-Type: application/json, got "
                    + (type.isEmpty() ? "no Content-Type" : "'" + dev.c2a.api.Echo.of(type, 80) + "'")
                    + (type.startsWith("application/x-www-form-urlencoded")
                    ? " (curl -d sends that; add -H 'Content-Type: application/json')" : "")));
        }
    }

    private static byte[] bytes(Context ctx, long maxBytes) {
        return bytes(ctx, maxBytes, tooLarge(maxBytes));
    }

    /**
     * The request body, refused with {@code tooLarge} when it is over {@code maxBytes}: checked while
     * reading, so a body without a Content-Length cannot exhaust memory.
     */
    static byte[] bytes(Context ctx, long maxBytes, InvalidRequestException tooLarge) {
        try (InputStream in = ctx.req().getInputStream()) {
            if (ctx.req().getContentLengthLong() > maxBytes) {
                throw refuse(ctx, tooLarge);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw refuse(ctx, tooLarge);
            }
            return body;
        } catch (IOException e) {
            throw InvalidRequestException.malformed("the request body could not be read: " + e.getMessage());
        }
    }

    /**
     * A refusal of a body not read to its end (over its bound, or malformed), after reading and
     * dropping up to {@value #DRAIN_BYTES} more of it. why: answering while the client is still
     * sending lets the server close the connection under it, and the client then never reads the
     * answer (a reset, "received no bytes"); a body larger still is cut off.
     */
    static InvalidRequestException refuse(Context ctx, InvalidRequestException tooLarge) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[1 << 16];
            long left = DRAIN_BYTES;
            for (int n = in.read(sink); n > 0 && left > 0; n = in.read(sink)) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away; there is no one left to tell
        }
        return tooLarge;
    }

    private static InvalidRequestException tooLarge(long maxBytes) {
        return InvalidRequestException.tooLarge("the request body is over " + maxBytes
                + " bytes (the content limit, settings max-text-bytes and max-upload-bytes, plus 1 MiB for the"
                + " rest of the JSON)");
    }
}
