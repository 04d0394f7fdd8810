package dev.c2a.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.Http;
import dev.c2a.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document and the registered routes name the same operations. */
class OpenApiTest {
    @TempDir
    Path dir;

    @Test
    void every_route_is_documented_and_every_documented_route_exists() throws Exception {
        Set<String> routes = new TreeSet<>();
        try (Service service = C2a.builder().settings(TestSettings.of(dir, "engine", "noop")).open()) {
            routes.addAll(new HttpApi(service).routes());
        }
        JsonNode doc;
        try (C2aServer server = C2a.builder().dataDir(dir.resolve("served")).port(0).engine("noop").start()) {
            Http.Response r = new Http(server.url()).get("/openapi.json");
            assertThat(r.status()).isEqualTo(200);
            doc = Json.MAPPER.readTree(r.bytes());
        }
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = doc.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                documented.add(methods.next().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        assertThat(routes).isNotEmpty();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    }
}
