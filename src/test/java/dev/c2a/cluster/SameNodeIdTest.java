package dev.c2a.cluster;

import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.service.Service;
import dev.c2a.testing.Postgres;
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
 * Two processes started under one node id (a copied configuration, two on one host with the host
 * name as their id): the later-started one claims nothing and says why while the earlier runs, and
 * works once the earlier is gone. A new start under the id of one that stopped is not a second
 * process and claims at once. Leases of 3 s: a beat each second.
 */
@Tag(Postgres.TAG)
@Tag("slow")
class SameNodeIdTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void of_two_processes_under_one_node_id_the_later_claims_nothing_until_the_earlier_is_gone() {
        try (Postgres.Database db = Postgres.newDatabase()) {
            Service first = node(db, "first");
            try (Service second = node(db, "second")) {
                try {
                    await().atMost(PATIENCE).until(() -> held(second) != null);
                    assertThat(held(second)).contains("node-id twin", "give each node its own node-id");
                    assertThat(held(first)).isNull();

                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        ids.add(second.submit(JobRequest.ofText("Sent to the second, number " + i + ".")).job().id());
                    }
                    await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> succeeded(first, id)));
                    assertThat(second.status().counters().get("succeeded")).as("the second ran none").isZero();
                } finally {
                    first.close();
                }
                await().atMost(PATIENCE).until(() -> held(second) == null);
                String id = second.submit(JobRequest.ofText("After the first is gone.")).job().id();
                await().atMost(PATIENCE).until(() -> succeeded(second, id));
            }
        }
    }

    @Test
    void a_new_start_under_the_id_of_one_that_stopped_claims_at_once() {
        try (Postgres.Database db = Postgres.newDatabase()) {
            try (Service before = node(db, "before")) {
                String id = before.submit(JobRequest.ofText("Before the restart.")).job().id();
                await().atMost(PATIENCE).until(() -> succeeded(before, id));
            }
            try (Service after = node(db, "after")) {
                // never held over four beats, the first of which found the row of the one before: a hold
                // would last three beats, and then no four seconds without one fit into six
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> held(after) == null);
                String id = after.submit(JobRequest.ofText("After the restart.")).job().id();
                await().atMost(PATIENCE).until(() -> succeeded(after, id));
            }
        }
    }

    private Service node(Postgres.Database db, String data) {
        return C2a.builder().dataDir(dir.resolve(data)).workers(2).engine("noop").set("queue", "postgres")
                .set("database-url", db.url()).set("node-id", "twin").set("lease", "3s").open();
    }

    private static String held(Service service) {
        return service.status().storage().claimsHeld();
    }

    private static boolean succeeded(Service service, String id) {
        return service.job(id).state() == JobState.SUCCEEDED;
    }
}
