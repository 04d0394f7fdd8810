package dev.c2a.queue.sqlite;

import dev.c2a.queue.sql.SqlWork;
import dev.c2a.queue.sql.Transactions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * SQLite's way to run the queue's work: one writer connection commits the writes that arrive
 * together in one group ({@link GroupCommitWriter}), and a few read connections never wait behind it.
 */
final class SqliteTransactions implements Transactions {
    private final GroupCommitWriter writer;
    private final ReadConnections readers;

    SqliteTransactions(GroupCommitWriter.Opener writerConnections, List<Connection> readConnections)
            throws SQLException {
        this.writer = new GroupCommitWriter(() -> StatementCache.wrap(writerConnections.open()));
        this.readers = new ReadConnections(readConnections.stream().map(StatementCache::wrap).toList());
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return writer.write(work);
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return readers.read(work);
    }

    @Override
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writer.lastFailure());
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
