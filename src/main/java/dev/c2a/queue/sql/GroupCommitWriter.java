package dev.c2a.queue.sql;

import dev.c2a.batch.Batcher;
import dev.c2a.queue.QueueUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every write on one connection and one thread, committing all writes that arrived together
 * in one transaction (group commit, through {@link Batcher}). With fsync on every commit, one sync
 * then covers many callers, and no caller is answered before its write is durable. In a group of
 * several, each write runs inside its own savepoint, so a write that throws is undone alone and its
 * caller alone sees the error; a write alone in its group needs no savepoint (a rollback undoes it).
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_GROUP = 512;

    private final Connection connection;
    private final Batcher<SqlWork<?>, Object> batcher;

    GroupCommitWriter(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.batcher = new Batcher<>("c2a-sql-writer", MAX_GROUP, this::commit);
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
            connection.rollback();
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
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the writer connection failed", e);
        }
    }
}
