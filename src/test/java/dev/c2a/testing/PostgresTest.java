package dev.c2a.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test kit's server, and the PostgreSQL features the queue's PostgreSQL backend rests on: the
 * database's clock, row locks that other claimers skip, and notifications between connections.
 */
@Tag(Postgres.TAG)
class PostgresTest {
    private Postgres.Database db;

    @BeforeEach
    void createDatabase() {
        db = Postgres.newDatabase();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void every_caller_gets_an_empty_database_of_its_own() throws SQLException {
        try (Postgres.Database other = Postgres.newDatabase()) {
            assertThat(other.name()).isNotEqualTo(db.name());
            update(db, "CREATE TABLE jobs (id int)");

            assertThat(tables(db)).containsExactly("jobs");
            assertThat(tables(other)).isEmpty();
        }
    }

    @Test
    void a_closed_database_is_gone_even_with_a_connection_still_open() throws SQLException {
        Postgres.Database gone = Postgres.newDatabase();
        try (Connection left = gone.dataSource().getConnection()) {
            gone.close();

            assertThat(left.isValid(2)).isFalse();
            assertThatThrownBy(() -> gone.dataSource().getConnection().close())
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void a_hikari_pool_connects_with_the_kits_url_user_and_password() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config);
             Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), now()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(db.name());
            // the database's clock, which judges leases, is this machine's here
            assertThat(rs.getObject(2, OffsetDateTime.class).toInstant())
                    .isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        }
    }

    @Test
    void a_claimer_skips_the_rows_another_transaction_has_locked() throws SQLException {
        update(db, "CREATE TABLE jobs (id int PRIMARY KEY)", "INSERT INTO jobs VALUES (1), (2), (3)");
        String claim = "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";
        try (Connection first = db.dataSource().getConnection();
             Connection second = db.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);

            assertThat(ids(first, claim)).containsExactly(1);
            assertThat(ids(second, claim)).containsExactly(2);

            first.rollback();
            second.rollback();
            assertThat(ids(second, claim)).containsExactly(1);
        }
    }

    @Test
    void a_notification_reaches_a_listener_on_another_connection_after_its_commit() throws SQLException {
        try (Connection listener = db.dataSource().getConnection();
             Connection sender = db.dataSource().getConnection()) {
            update(listener, "LISTEN c2a_work");
            PGConnection listening = listener.unwrap(PGConnection.class);
            sender.setAutoCommit(false);
            update(sender, "SELECT pg_notify('c2a_work', 'queue-a')");

            assertThat(listening.getNotifications(200)).as("before the commit").isNullOrEmpty();

            sender.commit();
            PGNotification[] got = listening.getNotifications(10_000);
            assertThat(got).hasSize(1);
            assertThat(got[0].getName()).isEqualTo("c2a_work");
            assertThat(got[0].getParameter()).isEqualTo("queue-a");
        }
    }

    private static void update(Postgres.Database db, String... sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            update(c, sql);
        }
    }

    private static void update(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String each : sql) {
                s.execute(each);
            }
        }
    }

    private static List<String> tables(Postgres.Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static List<Integer> ids(Connection c, String sql) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
