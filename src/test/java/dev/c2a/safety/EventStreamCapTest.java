package dev.c2a.safety;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.events.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Event streams hold a thread and a connection each for as long as they stay open: there is a cap. */
class EventStreamCapTest {
    @TempDir
    Path dir;

    @Test
    void one_stream_over_the_cap_is_a_503_with_retry_after_and_a_closed_one_makes_room() throws Exception {
        try (C2aServer c2a = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop").start()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest events = HttpRequest.newBuilder(URI.create(c2a.url() + "/v1/events")).build();
            List<InputStream> open = new ArrayList<>();
            try {
                for (int i = 0; i < Events.MAX_LISTENERS; i++) {
                    HttpResponse<InputStream> r = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
                    assertThat(r.statusCode()).isEqualTo(200);
                    open.add(r.body());
                }
                HttpResponse<String> over = client.send(events, HttpResponse.BodyHandlers.ofString());
                assertThat(over.statusCode()).isEqualTo(503);
                assertThat(over.headers().firstValue("Retry-After")).isPresent();
                assertThat(over.body()).contains("event streams are open already");
                assertThat(client.send(HttpRequest.newBuilder(URI.create(c2a.url() + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            } finally {
                for (InputStream in : open) {
                    in.close();
                }
            }
        }
    }
}
