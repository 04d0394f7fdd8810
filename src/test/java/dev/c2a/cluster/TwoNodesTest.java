package dev.c2a.cluster;

import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.postgres.PostgresJobQueue;
import dev.c2a.testing.Http;
import dev.c2a.testing.LedgerInvariants;
import dev.c2a.testing.Nodes;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.ServeProcess;
import dev.c2a.testing.SlowEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@code c2a serve} processes on one PostgreSQL database, as two machines would run them: they
 * share the jobs, a killed one's jobs are finished by the other once its lease expires, and one
 * that stalls past its lease and then wakes up cannot complete the job its successor finished.
 *
 * <p>One test, in three acts on the same two processes and database: starting processes is most
 * of the cost. Each process speaks with {@link SlowEngine} (300 ms a sentence), so a long text is
 * surely still running when a signal arrives, and holds its claims for a 2 s lease.
 */
@Tag(Postgres.TAG)
@Tag("slow")
@Tag("e2e")
class TwoNodesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Fifteen sentences: about 4.5 s of the slow engine, far longer than the steps of an act. */
    private static final String LONG_TEXT = "This sentence is spoken slowly for the two nodes test. ".repeat(15);

    @TempDir
    Path dir;

    @Test
    void two_processes_share_the_jobs_survive_a_kill_and_fence_out_a_stalled_one() throws Exception {
        try (Postgres.Database db = Postgres.newDatabase();
             JobQueue ledger = PostgresJobQueue.open(db.dataSource(), RetryPolicy.defaults())) {
            CompletableFuture<ServeProcess> startingA = CompletableFuture.supplyAsync(() -> node(db, "a"));
            CompletableFuture<ServeProcess> startingB = CompletableFuture.supplyAsync(() -> node(db, "b"));
            try (ServeProcess a = startingA.join(); ServeProcess b = startingB.join()) {
                jobsSpreadOverBothAndEachCompletesOnce(ledger, new Http(a.url()), new Http(b.url()));
                aStalledNodeCannotCompleteTheJobItsSuccessorFinished(ledger, a, b);
                theOtherNodeFinishesTheJobsOfAKilledOne(ledger, a, b);
            }
            LedgerInvariants.check(db.dataSource());
        }
    }

    private void jobsSpreadOverBothAndEachCompletesOnce(JobQueue ledger, Http a, Http b) {
        List<String> ids = Nodes.submit(a, Nodes.numbered("A short job.", 24));
        await().atMost(PATIENCE).until(() -> allSucceeded(ledger, ids));

        for (String id : ids) {
            assertThat(ledger.find(id).orElseThrow().attempts()).as("job %s", id).isEqualTo(1);
        }
        long byA = succeeded(a);
        long byB = succeeded(b);
        assertThat(byA).as("node a did some").isPositive();
        assertThat(byB).as("node b, which was sent none, polled and took some").isPositive();
        assertThat(byA + byB).as("each job succeeded once, on one node").isEqualTo(ids.size());
    }

    private void aStalledNodeCannotCompleteTheJobItsSuccessorFinished(JobQueue ledger, ServeProcess a, ServeProcess b)
            throws Exception {
        Http httpA = new Http(a.url());
        Http httpB = new Http(b.url());
        // why either node may hold it: a batch is announced to both nodes at once and the first idle
        // worker to claim wins; a usually does (it hears in-process), but a loaded machine decides
        String id = Nodes.submit(httpA, Nodes.numbered(LONG_TEXT, 1)).getFirst();
        await().atMost(PATIENCE).until(() -> Nodes.runningOn(httpA).contains(id) || Nodes.runningOn(httpB).contains(id));
        boolean aHoldsIt = Nodes.runningOn(httpA).contains(id);
        ServeProcess holder = aHoldsIt ? a : b;
        Http stalled = aHoldsIt ? httpA : httpB;
        Http successor = aHoldsIt ? httpB : httpA;
        long doneByStalled = succeeded(stalled);
        long doneBySuccessor = succeeded(successor);
        long refused = refusals(stalled);

        holder.suspend();
        await().atMost(PATIENCE).until(() -> ledger.find(id).orElseThrow().state() == JobState.SUCCEEDED);
        assertThat(succeeded(successor)).as("the other node took the job over once the lease expired, and finished it")
                .isEqualTo(doneBySuccessor + 1);

        holder.resume();
        // woken, the node finds it has not beaten for longer than its lease and stops the job (its
        // lease lost), unless the job tries to write first and is fenced out: either way, nothing
        await().atMost(PATIENCE).until(() -> refusals(stalled) > refused);
        await().atMost(PATIENCE).until(() -> Nodes.runningOn(stalled).isEmpty());
        assertThat(succeeded(stalled)).as("the stalled node, woken, completed nothing").isEqualTo(doneByStalled);
        assertThat(succeeded(successor)).isEqualTo(doneBySuccessor + 1);
        Job job = ledger.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.attempts()).as("a lost lease is not a failed attempt").isEqualTo(1);
        assertThat(job.errors()).extracting(e -> e.message()).anyMatch(m -> m.startsWith("lease expired"));
    }

    private void theOtherNodeFinishesTheJobsOfAKilledOne(JobQueue ledger, ServeProcess a, ServeProcess b)
            throws Exception {
        Http httpA = new Http(a.url());
        List<String> ids = Nodes.submit(httpA, Nodes.numbered(LONG_TEXT, 4));
        await().atMost(PATIENCE).until(() -> !Nodes.runningOn(httpA).isEmpty());
        List<String> runningOnA = Nodes.runningOn(httpA);

        a.kill();
        await().atMost(PATIENCE).until(() -> allSucceeded(ledger, ids));

        for (String id : ids) {
            assertThat(ledger.find(id).orElseThrow().attempts()).as("job %s", id).isEqualTo(1);
        }
        for (String id : runningOnA) {
            assertThat(ledger.find(id).orElseThrow().errors()).extracting(e -> e.message())
                    .as("job %s, running on the killed node", id).anyMatch(m -> m.startsWith("lease expired"));
        }
        assertThat(succeeded(new Http(b.url()))).as("b finished what a had").isPositive();
    }

    private ServeProcess node(Postgres.Database db, String name) {
        try {
            return ServeProcess.start(dir.resolve(name), "--workers", "2", "--engine", SlowEngine.class.getName(),
                    "--set", "queue=postgres", "--set", "database-url=" + db.url(), "--set", "lease=2s",
                    "--set", "node-id=" + name);
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not start", e);
        }
    }

    private static boolean allSucceeded(JobQueue ledger, List<String> ids) {
        return ids.stream().allMatch(id -> ledger.find(id).orElseThrow().state() == JobState.SUCCEEDED);
    }

    /** Attempts this node ended with a success since it started (a node's own count, not the database's). */
    private static long succeeded(Http node) {
        return counter(node, "succeeded");
    }

    /** A node's writes fenced out and jobs it stopped because their leases were lost. */
    private static long refusals(Http node) {
        return counter(node, "fencedOutWrites") + counter(node, "leaseLost");
    }

    private static long counter(Http node, String name) {
        return node.get("/v1/service").json().path("counters").path(name).asLong();
    }
}
