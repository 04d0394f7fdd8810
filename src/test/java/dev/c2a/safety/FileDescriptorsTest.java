package dev.c2a.safety;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.json.Json;
import dev.c2a.testing.ServeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A serving process whose file descriptors run out (its limit lowered to what it has open, with
 * prlimit) and come back: accepted jobs wait without using attempts, none fails, and the server
 * accepts connections again by itself.
 */
@Tag("slow")
@Tag("e2e")
class FileDescriptorsTest {
    @TempDir
    Path dir;

    /** One client, so its one kept-alive connection needs no new descriptor in the server. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private JsonNode call(String method, String url, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        String body = client.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + url + " answered: " + body, e);
        }
    }

    /**
     * This JVM's class path with its class folders packed into a jar. why: a service runs from its
     * jar, whose classes load through the descriptor it already holds; loading each class from a
     * folder opens a file, which is exactly what this test takes away.
     */
    private String jarredClassPath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = dir.resolve("classes-" + entries.size() + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(p)) {
                for (Path f : files.filter(f -> !f.equals(p)).toList()) {
                    String name = p.relativize(f).toString().replace('\\', '/');
                    // folder entries too: Flyway finds its migrations by listing them
                    out.putNextEntry(new java.util.jar.JarEntry(Files.isDirectory(f) ? name + "/" : name));
                    if (Files.isRegularFile(f)) {
                        Files.copy(f, out);
                    }
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static long openFiles(long pid) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /** Sets the soft limit of open files (the hard one stays, so it can be raised again). */
    private static void limit(long pid, long files) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + files + ":")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    /** The soft limit of open files the process started with. */
    private static long softLimit(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no open-files limit in /proc/" + pid + "/limits");
    }

    @Test
    void jobs_wait_while_descriptors_are_exhausted_and_all_succeed_once_they_are_back() throws Exception {
        ServeProcess started = null;
        try (ServeProcess c2a = ServeProcess.start(jarredClassPath(), dir.resolve("data"), "--workers", "1",
                "--engine", "espeak-ng-cli", "--set", "autostart=false")) {
            started = c2a;
            String url = c2a.url();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(call("POST", url + "/v1/jobs", "{\"text\": \"Spoken once descriptors are back, number " + i
                        + ".\"}").path("id").asText());
            }
            long original = softLimit(c2a.pid());
            limit(c2a.pid(), openFiles(c2a.pid()));
            call("POST", url + "/v1/service/start", null);
            // reads of the ledger may fail meanwhile (503, "queue unavailable"): they are not asked for
            await().atMost(Duration.ofSeconds(30)).until(() -> c2a.log().contains("no file descriptors left"));
            Thread.sleep(3_000);

            limit(c2a.pid(), original);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> {
                try {
                    return call("GET", url + "/v1/jobs/" + id, null).path("state").asText().equals("succeeded");
                } catch (Exception e) {
                    return false;
                }
            }));
            for (String id : ids) {
                assertThat(call("GET", url + "/v1/jobs/" + id, null).path("attempts").asInt()).isEqualTo(1);
            }
            HttpClient fresh = HttpClient.newHttpClient();
            assertThat(fresh.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        } catch (Throwable t) {
            throw new AssertionError((started == null ? "" : "the service said:\n" + started.log()), t);
        }
    }
}
