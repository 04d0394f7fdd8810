package dev.c2a.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.testing.Http;
import dev.c2a.testing.LedgerInvariants;
import dev.c2a.testing.Nodes;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.SlowEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three {@code c2a serve} processes on one PostgreSQL database, steered as one cluster: a pause
 * asked of one node reaches every node, and holds for a node that restarts; a worker count set for
 * one node applies to that node only, across its restart; every change is in the audit log; resume
 * lets the held jobs run, each once.
 */
@Tag(Postgres.TAG)
@Tag("slow")
@Tag("e2e")
class ClusterControlTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void the_cluster_pauses_resizes_and_resumes_from_any_node_and_remembers_it_across_restarts() throws Exception {
        try (Postgres.Database db = Postgres.newDatabase();
             Nodes nodes = Nodes.on(dir, db.url(), "--workers", "2", "--engine", SlowEngine.class.getName(),
                     "--set", "lease=3s")) {
            nodes.start("a", "b", "c");
            await().atMost(PATIENCE).until(() -> nodes.cluster("c").path("nodes").size() == 3);
            JsonNode view = nodes.cluster("c");
            assertThat(view.path("nodes")).extracting(n -> n.path("status").asText()).containsOnly("alive");
            assertThat(view.path("leader").path("node").asText()).isIn("a", "b", "c");
            assertThat(view.path("nodes")).filteredOn(n -> n.path("leader").asBoolean()).hasSize(1);

            aWorkerCountSetForOneNodeAppliesToThatNodeOnly(nodes);
            aPauseFromOneNodeStopsClaimsOnEveryNode(nodes);
            restartedNodesComeBackAsTheyWereAsked(nodes);
            everyChangeIsInTheAuditLog(nodes);
            List<String> ids = new ArrayList<>(heldJobs);
            aResumeFromAnyNodeLetsTheHeldJobsRunOnce(nodes, ids);
            LedgerInvariants.check(db.dataSource());
        }
    }

    private final List<String> heldJobs = new ArrayList<>();

    private void aWorkerCountSetForOneNodeAppliesToThatNodeOnly(Nodes nodes) {
        Http.Response r = nodes.http("a").put("/v1/cluster/nodes/b/workers", "{\"count\": 3}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> desiredWorkers(nodes, "b") == 3);
        assertThat(desiredWorkers(nodes, "a")).isEqualTo(2);
        assertThat(desiredWorkers(nodes, "c")).isEqualTo(2);
        assertThat(nodes.http("a").put("/v1/cluster/nodes/nobody/workers", "{\"count\": 3}").status()).isEqualTo(404);
        assertThat(nodes.http("a").put("/v1/cluster/nodes/b/workers", "{\"count\": 0}").status()).isEqualTo(422);
    }

    private void aPauseFromOneNodeStopsClaimsOnEveryNode(Nodes nodes) {
        Http.Response r = nodes.http("a").post("/v1/cluster/pause", "");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("state").asText()).isEqualTo("paused");

        for (String id : List.of("a", "b", "c")) {
            await().atMost(PATIENCE).until(() -> state(nodes, id).equals("paused"));
        }
        heldJobs.addAll(Nodes.submit(nodes.http("c"), Nodes.numbered("Held.", 6)));
        // a node that claimed would show it within a few of its 20 ms polls; give it many
        await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        for (String id : heldJobs) {
            assertThat(nodes.http("b").get("/v1/jobs/" + id).json().path("state").asText()).as("job %s", id)
                    .isEqualTo("queued");
        }
    }

    private void restartedNodesComeBackAsTheyWereAsked(Nodes nodes) throws Exception {
        nodes.kill("c");
        nodes.start("c");
        assertThat(state(nodes, "c")).as("c, killed and started again, comes back paused").isEqualTo("paused");

        assertThat(nodes.process("b").terminate(30)).isTrue();
        nodes.start("b");
        assertThat(state(nodes, "b")).isEqualTo("paused");
        assertThat(desiredWorkers(nodes, "b")).as("b keeps the count set for it").isEqualTo(3);
        assertThat(nodes.service("b").path("workers").path("alive").asInt()).isEqualTo(3);
    }

    private void everyChangeIsInTheAuditLog(Nodes nodes) {
        JsonNode entries = nodes.http("b").get("/v1/audit").json().path("entries");
        assertThat(entries).extracting(e -> e.path("action").asText() + " " + e.path("scope").asText())
                .containsExactly("pause cluster", "workers node:b");
        assertThat(entries.get(1).path("detail").asText()).isEqualTo("3");
        assertThat(entries.get(0).path("actor").asText()).isEqualTo("anonymous");
        assertThat(entries.get(0).path("origin").asText()).isNotEmpty();
        assertThat(entries.get(0).path("at").asText()).isNotEmpty();
    }

    private void aResumeFromAnyNodeLetsTheHeldJobsRunOnce(Nodes nodes, List<String> ids) {
        Http.Response r = nodes.http("c").post("/v1/cluster/resume", "");
        assertThat(r.status()).as(r.text()).isEqualTo(200);

        for (String id : List.of("a", "b", "c")) {
            await().atMost(PATIENCE).until(() -> state(nodes, id).equals("running"));
        }
        await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id ->
                nodes.http("a").get("/v1/jobs/" + id).json().path("state").asText().equals("succeeded")));
        JsonNode view = nodes.cluster("b");
        assertThat(view.path("state").asText()).isEqualTo("running");
        assertThat(view.path("jobs").path("succeeded").asLong()).isEqualTo(ids.size());
    }

    private static String state(Nodes nodes, String id) {
        return nodes.service(id).path("state").asText();
    }

    private static int desiredWorkers(Nodes nodes, String id) {
        return nodes.service(id).path("workers").path("desired").asInt();
    }
}
