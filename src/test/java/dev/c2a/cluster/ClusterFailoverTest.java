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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader of three nodes is killed (SIGKILL) while its workers run jobs: another node leads
 * within a lease or so, the killed node shows {@code lost}, and each of its jobs is taken over once
 * its lease expires and succeeds exactly once. (A node stopped with SIGSTOP and woken after its
 * lease is fenced out: {@code TwoNodesTest}.)
 */
@Tag(Postgres.TAG)
@Tag("slow")
@Tag("e2e")
class ClusterFailoverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Ten sentences: about 3 s of the slow engine, longer than the lease. */
    private static final String LONG_TEXT = "This sentence is spoken slowly for the failover test. ".repeat(10);

    @TempDir
    Path dir;

    @Test
    void when_the_leader_is_killed_another_leads_and_its_jobs_are_finished_once_elsewhere() throws Exception {
        try (Postgres.Database db = Postgres.newDatabase();
             Nodes nodes = Nodes.on(dir, db.url(), "--workers", "2", "--engine", SlowEngine.class.getName(),
                     "--set", "lease=3s")) {
            nodes.start("a", "b", "c");
            await().atMost(PATIENCE).until(() -> !nodes.cluster("a").path("leader").path("node").asText().isEmpty());
            String leader = nodes.cluster("a").path("leader").path("node").asText();
            long term = nodes.cluster("a").path("leader").path("term").asLong();
            Http viaLeader = nodes.http(leader);
            List<String> ids = Nodes.submit(viaLeader, Nodes.numbered(LONG_TEXT, 12));
            await().atMost(PATIENCE).until(() -> Nodes.runningOn(viaLeader).size() == 2);
            List<String> heldByLeader = Nodes.runningOn(viaLeader);

            nodes.kill(leader);
            String survivor = nodes.ids().getFirst();

            await().atMost(PATIENCE).until(() -> {
                JsonNode view = nodes.cluster(survivor);
                return Nodes.node(view, leader).path("status").asText().equals("lost")
                        && !view.path("leader").path("node").asText(leader).equals(leader);
            });
            JsonNode view = nodes.cluster(survivor);
            assertThat(view.path("leader").path("term").asLong()).as("a new term").isGreaterThan(term);
            await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> nodes.http(survivor)
                    .get("/v1/jobs/" + id).json().path("state").asText().equals("succeeded")));
            for (String id : heldByLeader) {
                JsonNode job = nodes.http(survivor).get("/v1/jobs/" + id).json();
                assertThat(job.path("attempts").asInt()).as("job %s: a lost lease is not a failed attempt", id)
                        .isEqualTo(1);
                assertThat(job.path("errors")).extracting(e -> e.path("message").asText())
                        .anyMatch(m -> m.startsWith("lease expired"));
            }
            LedgerInvariants.check(db.dataSource());
        }
    }
}
