package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.api.Role;
import dev.c2a.http.HttpApi;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import dev.c2a.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Every route the server registers, asked with no token and with a token of each role: no token is
 * a 401, a role below the one needed a 403 naming both roles, and the needed role or a higher one
 * gets past the check (whatever the route then says about a dummy id or an empty body).
 */
class RolesTest {
    private static final Map<Role, String> SECRETS = Map.of(Role.VIEWER, "viewer-secret-0123456789",
            Role.OPERATOR, "operator-secret-0123456789", Role.ADMIN, "admin-secret-0123456789");

    @TempDir
    static Path dir;
    static Service service;
    static HttpApi api;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        C2a.Builder builder = C2a.builder().dataDir(dir).port(0).workers(1).engine("noop");
        SECRETS.forEach((role, secret) -> builder.set("token." + role.wireName() + ".secret", secret)
                .set("token." + role.wireName() + ".role", role.wireName()));
        service = builder.open();
        api = new HttpApi(service).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        api.stop();
        service.close();
    }

    /**
     * What each request needs, stated here apart from the server's table so that a wrong table
     * fails this test: reading needs viewer, changing anything operator, the audit log admin.
     */
    private static Role needs(String method, String path) {
        if (path.equals("/v1/audit")) {
            return Role.ADMIN;
        }
        return method.equals("GET") || method.equals("HEAD") ? Role.VIEWER : Role.OPERATOR;
    }

    @Test
    void every_v1_route_needs_a_token_and_the_role_its_method_and_path_need() {
        List<String> tried = new ArrayList<>();
        assertSoftly(soft -> {
            for (String route : requests()) {
                String method = route.substring(0, route.indexOf(' '));
                String template = route.substring(route.indexOf(' ') + 1);
                if (!template.startsWith("/v1/")) {
                    continue;
                }
                String path = template.replaceAll("\\{[^}]+}", "dummy-id");
                Role needed = needs(method, template);
                soft.assertThat(send(method, path, null).status()).as(route + " without a token").isEqualTo(401);
                for (Role role : Role.values()) {
                    Answer a = send(method, path, SECRETS.get(role));
                    String as = route + " as " + role.wireName() + ": " + a.body();
                    if (role.covers(needed)) {
                        soft.assertThat(a.status()).as(as).isNotIn(401, 403);
                    } else {
                        soft.assertThat(a.status()).as(as).isEqualTo(403);
                        if (!method.equals("HEAD")) { // a HEAD answer has no body to name the roles in
                            soft.assertThat(a.body()).as(as).contains("this request needs the " + needed.wireName()
                                    + " role; token '" + role.wireName() + "' has the " + role.wireName() + " role");
                        }
                    }
                }
                tried.add(route);
            }
        });
        assertThat(tried).contains("GET /v1/jobs", "POST /v1/jobs", "DELETE /v1/jobs/{id}", "PUT /v1/service/workers",
                "HEAD /v1/jobs", "GET /v1/whoami", "GET /v1/cluster", "POST /v1/cluster/pause",
                "PUT /v1/cluster/nodes/{id}/workers", "GET /v1/audit");
    }

    @Test
    void the_routes_outside_v1_stay_open_to_callers_without_a_token() {
        assertSoftly(soft -> {
            for (String route : requests()) {
                String method = route.substring(0, route.indexOf(' '));
                String template = route.substring(route.indexOf(' ') + 1);
                if (!template.startsWith("/v1/")) {
                    Answer a = send(method, template.replaceAll("\\{[^}]+}", "dummy-id"), null);
                    soft.assertThat(a.status()).as(route + ": " + a.body()).isNotIn(401, 403);
                }
            }
        });
    }

    @Test
    void a_refusal_for_the_role_is_a_problem_naming_the_role_needed_and_the_callers() throws Exception {
        String before = service.status().state();
        Answer a = send("POST", "/v1/service/pause", SECRETS.get(Role.VIEWER));

        assertThat(a.status()).isEqualTo(403);
        JsonNode problem = Json.MAPPER.readTree(a.body());
        assertThat(problem.path("title").asText()).isEqualTo("Forbidden");
        assertThat(problem.path("detail").asText())
                .isEqualTo("this request needs the operator role; token 'viewer' has the viewer role");
        assertThat(service.status().state()).as("nothing changed").isEqualTo(before);
        assertThat(send("POST", "/v1/service/pause/", SECRETS.get(Role.VIEWER)).status())
                .as("the role is the route's, however the path is spelled").isEqualTo(403);
    }

    @Test
    void whoami_names_the_callers_token_and_role() throws Exception {
        for (Role role : Role.values()) {
            JsonNode me = Json.MAPPER.readTree(send("GET", "/v1/whoami", SECRETS.get(role)).body());
            assertThat(me.path("name").asText()).isEqualTo(role.wireName());
            assertThat(me.path("role").asText()).isEqualTo(role.wireName());
        }
    }

    @Test
    void without_any_token_configured_the_caller_is_anonymous_with_every_role(@TempDir Path other) {
        try (C2aServer open = C2a.builder().dataDir(other).port(0).workers(1).engine("noop").start()) {
            JsonNode me = new Http(open.url()).get("/v1/whoami").json();
            assertThat(me.path("name").asText()).isEqualTo("anonymous");
            assertThat(me.path("role").asText()).isEqualTo("admin");
        }
    }

    /** Every registered route, and HEAD beside each GET (it is answered as the GET is). */
    private static List<String> requests() {
        List<String> all = new ArrayList<>(api.routes());
        for (String route : api.routes()) {
            if (route.startsWith("GET ")) {
                all.add("HEAD " + route.substring(4));
            }
        }
        return all;
    }

    private record Answer(int status, String body) {
    }

    /**
     * One request with an empty JSON object as its body (but for GET and HEAD); only a refusal's body
     * is read, as an event stream's never ends.
     */
    private static Answer send(String method, String path, String secret) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, read ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (!read) {
            b.header("Content-Type", "application/json");
        }
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                boolean refusal = r.statusCode() == 401 || r.statusCode() == 403 || path.equals("/v1/whoami");
                return new Answer(r.statusCode(), refusal ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
