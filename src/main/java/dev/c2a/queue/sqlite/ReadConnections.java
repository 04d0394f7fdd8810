package dev.c2a.queue.sqlite;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.sql.SqlWork;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections, so that status and listings never wait behind the writer (in WAL
 * mode readers see the last commit without blocking it).
 */
final class ReadConnections implements AutoCloseable {
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    ReadConnections(List<Connection> connections) {
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.all.addAll(connections);
    }

    <T> T read(SqlWork<T> work) {
        Connection c;
        try {
            c = idle.poll(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while waiting for a database connection", e);
        }
        if (c == null) {
            throw new QueueUnavailableException("no database connection free within 5 s");
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new QueueUnavailableException("database read failed: " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at shutdown: nothing left to do with the error
            }
        }
    }
}
