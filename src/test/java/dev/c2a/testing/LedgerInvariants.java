package dev.c2a.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold after any fault once the cluster has drained, read from the ledger alone: every
 * idempotency key names one job, no job is left queued or running, none failed, and every succeeded
 * job has exactly one result (its one "succeeded" event: a second completion would write another).
 */
public final class LedgerInvariants {
    private LedgerInvariants() {
    }

    public static void check(DataSource ledger) throws SQLException {
        assertThat(violations(ledger)).as("the ledger's invariants").isEmpty();
    }

    public static List<String> violations(DataSource ledger) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = ledger.getConnection(); Statement s = c.createStatement()) {
            rows(s, "SELECT idempotency_key || ' has ' || count(*) || ' jobs' FROM jobs WHERE idempotency_key IS NOT NULL"
                    + " GROUP BY idempotency_key HAVING count(*) > 1", found);
            rows(s, "SELECT 'job ' || id || ' is ' || state FROM jobs WHERE state NOT IN ('succeeded', 'cancelled')",
                    found);
            rows(s, "SELECT 'job ' || id || ' succeeded without a result' FROM jobs WHERE state = 'succeeded'"
                    + " AND result IS NULL", found);
            rows(s, "SELECT 'job ' || j.id || ' has ' || count(o.seq) || ' succeeded events' FROM jobs j"
                    + " LEFT JOIN outbox o ON o.job_id = j.id AND o.type = 'succeeded' WHERE j.state = 'succeeded'"
                    + " GROUP BY j.id HAVING count(o.seq) <> 1", found);
        }
        return found;
    }

    private static void rows(Statement s, String sql, List<String> into) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }
}
