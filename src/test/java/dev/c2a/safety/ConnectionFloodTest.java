package dev.c2a.safety;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that open and then say nothing hold no more than the connection cap, and are closed
 * once idle: a flood of them delays a new client until then, and never stops the server from
 * accepting again.
 */
@Tag("slow")
class ConnectionFloodTest {
    @TempDir
    Path dir;

    @Test
    void idle_connections_at_the_cap_are_closed_and_the_server_accepts_again() throws Exception {
        try (C2aServer c2a = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop")
                .set("max-connections", "8").start()) {
            List<Socket> idle = new ArrayList<>();
            try {
                // more than the cap: the extra ones wait to be accepted, as a new client then does
                for (int i = 0; i < 10; i++) {
                    idle.add(new Socket("127.0.0.1", c2a.port()));
                }
                HttpClient client = HttpClient.newHttpClient();
                // answered once the first idle ones are closed (30 s), well within this bound
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(c2a.url() + "/healthz"))
                        .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).isEqualTo(200);
                int closedByServer = 0;
                for (Socket s : idle) {
                    s.setSoTimeout(100);
                    try {
                        closedByServer += s.getInputStream().read() < 0 ? 1 : 0;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // accepted after the others closed, or still waiting to be accepted
                    }
                }
                assertThat(closedByServer).as("idle connections the server closed").isGreaterThanOrEqualTo(8);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }
}
