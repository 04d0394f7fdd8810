package dev.c2a.cluster;

import dev.c2a.testing.Http;
import dev.c2a.testing.LedgerInvariants;
import dev.c2a.testing.Nodes;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.SlowEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes under steady load while their database is cut away twice: first every c2a connection is
 * terminated ({@code pg_terminate_backend}), then the server is restarted as after a crash
 * ({@code pg_ctl restart -m immediate}). A producer keeps submitting with idempotency keys, and
 * sends a refused or unanswered submission again with the same key after {@code Retry-After}. Once
 * it stops and the nodes drain: every submission has its one job, none failed, none was lost, none
 * completed twice, and every refusal said when to come back.
 */
@Tag(Postgres.TAG)
@Tag("slow")
@Tag("e2e")
class DatabaseChaosTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void connections_cut_and_a_crash_restart_under_load_lose_fail_and_double_nothing() throws Exception {
        try (Postgres.Own postgres = Postgres.own()) {
            String url = postgres.start();
            PGSimpleDataSource ledger = dataSource(url);
            try (Nodes nodes = Nodes.on(dir, url, "--workers", "2", "--engine", SlowEngine.class.getName(),
                    "--set", "lease=3s")) {
                nodes.start("a", "b");
                Producer producer = new Producer(List.of(nodes.http("a"), nodes.http("b")));
                Thread load = Thread.ofPlatform().name("chaos-producer").start(producer);
                try {
                    Thread.sleep(4_000);
                    int cut = terminateOthers(ledger);
                    assertThat(cut).as("c2a's connections, cut").isPositive();
                    Thread.sleep(4_000);
                    postgres.crash();
                    Thread.sleep(8_000);
                } finally {
                    producer.stop.set(true);
                    load.join();
                }
                assertThat(producer.accepted).as("submissions accepted").hasSizeGreaterThan(20);
                assertThat(producer.refusalsWithoutRetryAfter.get()).as("503s without Retry-After").isZero();
                await().atMost(PATIENCE).until(() -> unfinished(ledger) == 0);
                LedgerInvariants.check(ledger);
                try (Connection c = ledger.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("one job per key, none lost").isEqualTo(producer.accepted.size());
                }
                System.out.printf("chaos: %d submissions accepted, %d refused with 503, %d unanswered%n",
                        producer.accepted.size(), producer.refused.get(), producer.unanswered.get());
            }
        }
    }

    /** Submits about 8 jobs a second with keys, each until it is accepted. */
    private static final class Producer implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, String> accepted = new ConcurrentHashMap<>();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger refusalsWithoutRetryAfter = new AtomicInteger();
        private final List<Http> nodes;

        Producer(List<Http> nodes) {
            this.nodes = nodes;
        }

        @Override
        public void run() {
            int n = 0;
            while (!stop.get()) {
                String key = "chaos-" + n;
                Http node = nodes.get(n % nodes.size());
                n++;
                while (!stop.get() && !accepted.containsKey(key)) {
                    submit(node, key);
                }
                pause(125);
            }
        }

        private void submit(Http node, String key) {
            try {
                Http.Response r = node.post("/v1/jobs", "{\"text\": \"Chaos job " + key + ".\", \"idempotencyKey\": \""
                        + key + "\"}");
                if (r.status() == 202 || r.status() == 200) {
                    accepted.put(key, r.json().path("id").asText());
                    return;
                }
                assertThat(r.status()).as(r.text()).isEqualTo(503);
                refused.incrementAndGet();
                String retryAfter = r.header("Retry-After");
                if (retryAfter == null) {
                    refusalsWithoutRetryAfter.incrementAndGet();
                }
                // the producer comes back sooner than it is told to: the test has no time to lose
                pause(250);
            } catch (java.io.UncheckedIOException e) {
                unanswered.incrementAndGet();
                pause(250);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        URI u = URI.create(url);
        String[] credentials = u.getUserInfo().split(":", 2);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {u.getHost()});
        ds.setPortNumbers(new int[] {u.getPort()});
        ds.setDatabaseName(u.getPath().substring(1));
        ds.setUser(credentials[0]);
        ds.setPassword(credentials[1]);
        return ds;
    }

    /** Terminates every other connection to the database (all c2a's); returns how many. */
    private static int terminateOthers(PGSimpleDataSource ledger) throws Exception {
        try (Connection c = ledger.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long unfinished(PGSimpleDataSource ledger) throws Exception {
        try (Connection c = ledger.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
