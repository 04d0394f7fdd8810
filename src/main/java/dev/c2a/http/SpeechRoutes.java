package dev.c2a.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.c2a.api.BusyException;
import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.SpeechCall;
import dev.c2a.api.SpeechFailedException;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI-compatible speech: {@code POST /v1/audio/speech} (synchronous, the audio streamed as each
 * sentence is spoken) and {@code GET /v1/models}. Errors use OpenAI's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}, which its client libraries read.
 */
final class SpeechRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechRoutes.class);

    private final Service service;
    private final long maxBody;

    SpeechRoutes(Service service, long maxBody) {
        this.service = service;
        this.maxBody = maxBody;
    }

    /** OpenAI's request body; fields c2a does not use (instructions, stream_format) are accepted and ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(String model, String input, String voice, @JsonProperty("response_format") String responseFormat,
                Double speed) {
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/audio/speech", this::speech);
        routes.get("/v1/models", this::models);
        routes.get("/v1/models/{id}", this::model);
    }

    private void speech(Context ctx) {
        SpeechCall call;
        try {
            Body body = JsonBody.read(ctx, maxBody, Body.class);
            call = service.prepareSpeech(body.model(), body.input(), body.voice(), body.responseFormat(),
                    body.speed());
        } catch (InvalidRequestException e) {
            // OpenAI answers every refusal of a field with 400
            int status = HttpApi.status(e.reason());
            error(ctx, status == 422 ? 400 : status, e.getMessage(), "invalid_request_error");
            return;
        }
        ctx.status(200).contentType(call.mediaType()).header("Transfer-Encoding", "chunked");
        try {
            OutputStream out = ctx.res().getOutputStream();
            FirstByte guard = new FirstByte(out);
            try {
                service.speak(call, guard);
            } catch (BusyException e) {
                if (!guard.written) {
                    // OpenAI clients retry a 503, after Retry-After when it is given
                    ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
                    error(ctx, 503, e.getMessage(), "server_error");
                    return;
                }
                throw new IOException("speech failed after the audio began: " + e.getMessage(), e);
            } catch (SpeechFailedException e) {
                if (!guard.written) {
                    error(ctx, 500, e.getMessage(), "server_error");
                    return;
                }
                throw new IOException("speech failed after the audio began: " + e.getMessage(), e);
            }
            out.flush();
        } catch (IOException e) {
            // the client went away, or speech failed mid-stream: the connection is ended without the rest
            LOG.debug("speech stream ended early: {}", e.getMessage());
            ctx.res().setHeader("Connection", "close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void models(Context ctx) {
        List<Map<String, Object>> data = service.speechModels().stream().map(SpeechRoutes::model).toList();
        ctx.json(Map.of("object", "list", "data", data));
    }

    private void model(Context ctx) {
        String id = ctx.pathParam("id");
        if (!service.speechModels().contains(id)) {
            error(ctx, 404, "model '" + Echo.of(id, 40) + "' is not served here", "invalid_request_error");
            return;
        }
        ctx.json(model(id));
    }

    private static Map<String, Object> model(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", "c2a");
        return m;
    }

    private static void error(Context ctx, int status, String message, String type) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        int colon = message.indexOf(':');
        error.put("param", colon > 0 && message.substring(0, colon).matches("[a-z_]+") ? message.substring(0, colon)
                : null);
        error.put("code", null);
        ctx.status(status).contentType("application/json")
                .result(Json.write(Map.of("error", error)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Notes whether anything reached the client, so a failure before the first byte still gets a status. */
    private static final class FirstByte extends OutputStream {
        private final OutputStream out;
        private boolean written;

        FirstByte(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            written = true;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written |= len > 0;
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
