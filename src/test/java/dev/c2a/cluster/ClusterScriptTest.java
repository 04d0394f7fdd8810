package dev.c2a.cluster;

import dev.c2a.testing.Http;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.ProjectScript;
import dev.c2a.testing.ServeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code scripts/cluster} as a person runs it: {@code up} starts PostgreSQL and nodes on one database
 * that answer as themselves and share the jobs, a second {@code up} starts nothing, {@code down} ends
 * every process it started.
 *
 * <p>The cluster is the test's own ({@code C2A_CLUSTER_DIR}, in {@code target}, where the server's
 * user can reach it; a person's {@code target/cluster} is left alone), and its nodes run on the
 * test's class path ({@code C2A_LAUNCHER}): {@code ./c2a} would build the jar in the middle of the
 * test run.
 */
@Tag(Postgres.TAG)
@Tag("slow")
@Tag("e2e")
class ClusterScriptTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void up_starts_nodes_that_share_one_database_and_down_stops_every_process() throws Exception {
        ProjectScript cluster = ProjectScript.of("cluster");
        Path dir = cluster.root().resolve("target")
                .resolve("cluster-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Map<String, String> env = Map.of("C2A_CLUSTER_DIR", dir.toString(),
                "C2A_LAUNCHER", ServeProcess.launcher(temp.resolve("c2a")).toString());
        try {
            String up = cluster.run(List.of("up", "--nodes", "2"), env, true);

            List<String> urls = Files.readAllLines(dir.resolve("urls"));
            assertThat(urls).hasSize(2).allMatch(url -> url.startsWith("http://127.0.0.1:"));
            assertThat(up).as("up prints the URLs").contains(urls);
            Http node1 = new Http(urls.get(0));
            Http node2 = new Http(urls.get(1));
            for (int i = 0; i < 2; i++) {
                var status = new Http(urls.get(i)).get("/v1/service").json();
                assertThat(status.path("node").path("id").asText()).isEqualTo("node" + (i + 1));
                assertThat(status.path("queue").path("backend").asText()).isEqualTo("postgresql");
            }

            Http.Response submitted = node1.post("/v1/jobs", "{\"text\": \"Spoken by one node of two.\"}");
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
            String id = submitted.json().path("id").asText();
            await().atMost(PATIENCE).until(() -> node2.get("/v1/jobs/" + id).json().path("state").asText(),
                    "succeeded"::equals);

            List<ProcessHandle> nodes = nodes(dir);
            cluster.run(List.of("up", "--nodes", "2"), env, true);
            assertThat(nodes(dir)).as("a second up starts no second set").isEqualTo(nodes);
            assertThat(cluster.run(List.of("status"), env, true))
                    .contains("node1\t" + urls.get(0) + "\tanswers", "node2\t" + urls.get(1) + "\tanswers");

            cluster.run(List.of("down"), env, true);

            // why await: an exited node is reaped by init, its parent since the script ended, a moment later
            await().atMost(Duration.ofSeconds(10)).until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(cluster.run(List.of("status"), env, false)).as("status, with no node running, fails").isNull();
            assertThat(ProjectScript.of("postgres").run(List.of("url", dir.resolve("pg").toString()), false))
                    .as("PostgreSQL stopped too").isNull();
            assertThat(cluster.run(List.of("down"), env, false)).as("down with nothing running is fine").isNotNull();
        } finally {
            cluster.run(List.of("down"), env, false);
            // the database's files belong to the server's user; rm, as the caller who may remove them, clears them all
            new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        }
    }

    /** The node processes that the cluster's directory records. */
    private static List<ProcessHandle> nodes(Path dir) throws Exception {
        List<ProcessHandle> nodes = new ArrayList<>();
        for (String node : List.of("node1", "node2")) {
            long pid = Long.parseLong(Files.readString(dir.resolve(node + ".pid")).strip());
            nodes.add(ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(node + " is not running")));
        }
        return nodes;
    }
}
