package dev.c2a.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The CLI's HTTP client for the c2a API; errors become {@link CliException}s with an exit code. */
final class ApiClient {
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    JsonNode put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** Streams a response body into {@code out}. */
    void download(String path, Path out) {
        HttpResponse<Path> r = call(request(path).GET(), HttpResponse.BodyHandlers.ofFile(out));
        if (r.statusCode() >= 400) {
            String text;
            try {
                text = java.nio.file.Files.readString(out);
                java.nio.file.Files.deleteIfExists(out);
            } catch (IOException e) {
                text = "";
            }
            throw problem(r.statusCode(), text);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            throw new CliException(2, "invalid --url '" + base + "': " + e.getMessage());
        }
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpResponse<String> r = call(b, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), r.body());
        }
        try {
            return r.body().isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new CliException(1, "the service answered with something that is not JSON: " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> call(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(b.build(), handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw new CliException(3, "lost the connection to c2a at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
    }

    private CliException unreachable(Exception e) {
        return new CliException(3, "cannot reach c2a at " + base + " (" + (e.getMessage() == null
                ? e.getClass().getSimpleName() : e.getMessage()) + ").\nStart it with: ./c2a serve"
                + "   (or point --url / C2A_URL at a running service)");
    }

    /** 4xx: the request was refused as given (exit 2); 5xx: the service failed (exit 1). */
    private static CliException problem(int status, String body) {
        String detail = body;
        try {
            JsonNode p = Json.MAPPER.readTree(body);
            if (p.hasNonNull("detail")) {
                detail = p.get("detail").asText();
            }
        } catch (IOException ignored) {
            // not a problem document: show the body as it is
        }
        return new CliException(status >= 500 ? 1 : 2, "error " + status + ": " + detail);
    }
}
