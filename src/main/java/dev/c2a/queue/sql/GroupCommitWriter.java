package dev.c2a.queue.sql;

import dev.c2a.queue.QueueUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs every write on one connection and one thread, committing all writes that arrived together
 * in one transaction (group commit). With fsync on every commit, one sync then covers many
 * callers, and no caller is answered before its write is durable. Each write runs inside its own
 * savepoint, so a write that throws is undone alone and its caller alone sees the error.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_GROUP = 512;

    private final Connection connection;
    private final LinkedBlockingQueue<Pending<?>> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitWriter(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.thread = Thread.ofPlatform().name("c2a-sql-writer").daemon().start(this::run);
    }

    <T> T write(SqlWork<T> work) {
        if (closed) {
            throw new QueueUnavailableException("the job queue is closed");
        }
        Pending<T> p = new Pending<>(work);
        pending.add(p);
        try {
            return p.future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new QueueUnavailableException("write failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
        while (!closed || !pending.isEmpty()) {
            try {
                Pending<?> first = pending.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Throwable t) {
                // why: the writer must outlive any one bad write, or every later caller would hang
                LOG.error("group commit failed", t);
                group.forEach(p -> p.future.completeExceptionally(t));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending<?>> group) throws SQLException {
        List<Object> results = new ArrayList<>(group.size());
        for (Pending<?> p : group) {
            Savepoint sp = connection.setSavepoint();
            try {
                results.add(p.work.run(connection));
                connection.releaseSavepoint(sp);
            } catch (Exception e) {
                connection.rollback(sp);
                results.add(new Failure(e));
            }
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).finish(results.get(i));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("closing the writer connection failed", e);
        }
    }

    private record Failure(Exception error) {
    }

    private static final class Pending<T> {
        final SqlWork<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Pending(SqlWork<T> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void finish(Object result) {
            if (result instanceof Failure f) {
                future.completeExceptionally(f.error() instanceof RuntimeException ? f.error()
                        : new QueueUnavailableException("database error: " + f.error().getMessage(), f.error()));
            } else {
                future.complete((T) result);
            }
        }
    }
}
