package dev.c2a.queue.sqlite;

import dev.c2a.batch.Batcher;
import dev.c2a.queue.sql.SqlWork;
import dev.c2a.job.QueueUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every write on one connection, one group at a time, committing all writes that arrived
 * together in one transaction (group commit, through {@link Batcher}: on an idle writer the
 * caller's own thread commits its write, else the writer's thread commits all that gathered). With
 * fsync on every commit, one sync then covers many callers, and no caller is answered before its
 * write is durable. In a group of several, each write runs inside its own savepoint, so a write
 * that throws is undone alone and its caller alone sees the error; a write alone in its group needs
 * no savepoint (a rollback undoes it).
 *
 * <p>A group whose commit fails (a full disk, say) is rolled back and its callers see the error;
 * the connection is then closed and a new one opened for the next group. why: after SQLite gave up
 * a transaction on its own, the old connection answered every later write with "cannot rollback -
 * no transaction is active", and the queue never wrote again after the disk had room.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_GROUP = 512;
    /**
     * The first statement of every group: a write that changes nothing takes SQLite's write lock
     * before the group reads anything (waiting out busy_timeout for another connection's commit).
     * why: another connection on the same file (a second queue, another process) may commit
     * between a group's read and its write; SQLite then refuses the write at once
     * (SQLITE_BUSY_SNAPSHOT) instead of waiting. BEGIN IMMEDIATE would do the same, but the
     * driver begins the next transaction as soon as one commits, so the lock would never be free.
     */
    private static final String TAKE_WRITE_LOCK = "UPDATE jobs SET seq = seq WHERE 0";

    /** Opens a configured writer connection. */
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Batcher<SqlWork<?>, Object> batcher;
    private Connection connection;
    private volatile String lastFailure;

    GroupCommitWriter(Opener opener) throws SQLException {
        this.opener = opener;
        this.connection = open();
        this.batcher = new Batcher<>("c2a-sql-writer", MAX_GROUP, this::commit);
    }

    private Connection open() throws SQLException {
        Connection c = opener.open();
        c.setAutoCommit(false);
        return c;
    }

    /** Why the last group failed to commit; null when it committed. */
    String lastFailure() {
        return lastFailure;
    }

    @SuppressWarnings("unchecked")
    <T> T write(SqlWork<T> work) {
        try {
            return (T) batcher.submit(work);
        } catch (Batcher.BatchException e) {
            throw new QueueUnavailableException("database write failed: " + e.getMessage(), e.getCause());
        } catch (IllegalStateException e) {
            throw new QueueUnavailableException("the job queue is closed", e);
        }
    }

    private void commit(List<Batcher.Item<SqlWork<?>, Object>> group) throws SQLException {
        if (connection == null) {
            connection = open();
        }
        try {
            commitOn(group);
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            lastFailure = e.getMessage();
            LOG.warn("a database write failed ({}); the writer opens a new connection", e.getMessage());
            try {
                connection.close();
            } catch (SQLException closing) {
                LOG.debug("closing the failed writer connection: {}", closing.getMessage());
            }
            connection = null;
            throw e;
        }
    }

    private void commitOn(List<Batcher.Item<SqlWork<?>, Object>> group) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(TAKE_WRITE_LOCK)) {
            lock.executeUpdate();
        }
        List<Object> results = new ArrayList<>(group.size());
        List<Exception> errors = new ArrayList<>(group.size());
        boolean alone = group.size() == 1;
        for (Batcher.Item<SqlWork<?>, Object> item : group) {
            Savepoint sp = alone ? null : connection.setSavepoint();
            try {
                results.add(item.input().run(connection));
                errors.add(null);
                if (sp != null) {
                    connection.releaseSavepoint(sp);
                }
            } catch (Exception e) {
                if (sp != null) {
                    connection.rollback(sp);
                } else {
                    connection.rollback();
                }
                results.add(null);
                errors.add(e);
            }
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        for (int i = 0; i < group.size(); i++) {
            Exception e = errors.get(i);
            if (e == null) {
                group.get(i).complete(results.get(i));
            } else {
                group.get(i).fail(e instanceof RuntimeException ? e
                        : new QueueUnavailableException("database error: " + e.getMessage(), e));
            }
        }
    }

    @Override
    public void close() {
        batcher.close();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.warn("closing the writer connection failed", e);
        }
    }
}
