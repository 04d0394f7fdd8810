package dev.c2a.http;

import dev.c2a.json.Json;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem document: what went wrong, for a person, with the HTTP status. */
public record Problem(String type, String title, int status, String detail, String instance) {
    static final String CONTENT_TYPE = "application/problem+json";

    static void write(Context ctx, int status, String title, String detail) {
        ctx.status(status).contentType(CONTENT_TYPE).result(bytes(status, title, detail, ctx.path()));
    }

    /** A problem with members of its own beside the standard ones (RFC 9457 §3.2), such as when and why a job went. */
    static void write(Context ctx, int status, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", "about:blank");
        members.put("title", title);
        members.put("status", status);
        members.put("detail", detail);
        members.put("instance", ctx.path());
        members.putAll(extensions);
        ctx.status(status).contentType(CONTENT_TYPE).result(Json.write(members).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The document as UTF-8 bytes. why bytes: a String result is encoded by the response's charset,
     * ISO-8859-1 unless told, which turns non-ASCII input echoed in a detail into invalid JSON.
     */
    static byte[] bytes(int status, String title, String detail, String path) {
        return Json.write(new Problem("about:blank", title, status, detail, path)).getBytes(StandardCharsets.UTF_8);
    }
}
