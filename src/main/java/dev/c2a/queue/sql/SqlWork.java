package dev.c2a.queue.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of SQL work run on a connection the caller does not own. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
