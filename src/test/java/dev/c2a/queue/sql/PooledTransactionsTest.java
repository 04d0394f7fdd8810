package dev.c2a.queue.sql;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.testing.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes on a pooled PostgreSQL connection: a transaction the server rolls back for a conflict with
 * another runs again, a real deadlock included; any other failure is the caller's at once.
 */
@Tag(Postgres.TAG)
class PooledTransactionsTest {
    private Postgres.Database db;
    private PooledTransactions tx;

    @BeforeEach
    void open() throws SQLException {
        db = Postgres.newDatabase();
        tx = new PooledTransactions(db.dataSource(), () -> { });
        tx.write(c -> update(c, "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)"));
        tx.write(c -> update(c, "INSERT INTO t VALUES (1, 0), (2, 0)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void two_transactions_that_deadlock_both_commit_one_of_them_on_its_second_run() throws Exception {
        CountDownLatch bothHoldTheirFirstRow = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        // why threads of their own: the common pool may have one thread on a small machine
        ExecutorService two = Executors.newFixedThreadPool(2);
        CompletableFuture<Integer> oneThenTwo = CompletableFuture.supplyAsync(() -> tx.write(c -> {
            runs.incrementAndGet();
            return crossing(c, 1, 2, bothHoldTheirFirstRow);
        }), two);
        CompletableFuture<Integer> twoThenOne = CompletableFuture.supplyAsync(() -> tx.write(c -> {
            runs.incrementAndGet();
            return crossing(c, 2, 1, bothHoldTheirFirstRow);
        }), two);
        two.shutdown();

        // the server finds the deadlock after deadlock_timeout (1 s) and rolls one of them back
        assertThat(oneThenTwo.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(twoThenOne.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(runs.get()).as("the one rolled back ran again").isEqualTo(3);
        assertThat(tx.<Integer>read(c -> value(c, 1))).isEqualTo(2);
        assertThat(tx.<Integer>read(c -> value(c, 2))).isEqualTo(2);
    }

    @Test
    void a_failure_that_is_not_a_conflict_is_not_tried_again() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> tx.write(c -> {
            runs.incrementAndGet();
            return update(c, "INSERT INTO t VALUES (1, 0)");
        })).isInstanceOf(QueueUnavailableException.class).hasMessageContaining("duplicate key");
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void a_conflict_that_persists_is_given_up_after_the_last_try() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> tx.write(c -> {
            runs.incrementAndGet();
            // a serialization failure raised by the server itself, every time
            return update(c, "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$");
        })).isInstanceOf(QueueUnavailableException.class).hasMessageContaining("conflict");
        assertThat(runs.get()).isEqualTo(PooledTransactions.TRIES);
    }

    /** Adds 1 to row {@code first}, waits (on its first run only) until the other holds its own, then to row {@code second}. */
    private static int crossing(Connection c, int first, int second, CountDownLatch latch) throws SQLException {
        update(c, "UPDATE t SET v = v + 1 WHERE id = " + first);
        latch.countDown();
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        update(c, "UPDATE t SET v = v + 1 WHERE id = " + second);
        return 2;
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static int value(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
