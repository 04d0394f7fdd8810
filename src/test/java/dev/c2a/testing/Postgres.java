package dev.c2a.testing;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real PostgreSQL server for the tests tagged {@code postgres}: {@code scripts/postgres} starts it
 * in {@code target/pg-tests} the first time a test asks (once per JVM; a server already running
 * there is reused), and every {@link #newDatabase()} is an empty database of the caller's own.
 *
 * <p>Databases are dropped by {@link Database#close()}, or at the latest when the JVM exits; the
 * server is stopped then too, but only if this JVM started it.
 */
public final class Postgres {
    /** The JUnit tag of the tests that need this server: {@code @Tag(Postgres.TAG)}. */
    public static final String TAG = "postgres";
    private static final Path DIR = Path.of("target", "pg-tests");
    private static Postgres server;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    /** Databases made by this JVM and not yet dropped. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    private Postgres(URI url) {
        String[] credentials = url.getUserInfo().split(":", 2);
        this.host = url.getHost();
        this.port = url.getPort();
        this.user = credentials[0];
        this.password = credentials[1];
        this.adminDatabase = url.getPath().substring(1);
    }

    /** The server of this JVM, started on first use. */
    public static synchronized Postgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /** A new empty database on the server of this JVM. */
    public static Database newDatabase() {
        return server().create();
    }

    /**
     * A server of the caller's own (not yet started), for a test that stops and starts its database:
     * the JVM's shared server must stay up for the others. Its directory is in {@code target}, where
     * the server's user can reach it (a test's temporary directory is its owner's alone).
     */
    public static Own own() {
        ProjectScript script = ProjectScript.of("postgres");
        return new Own(script, script.root().resolve(DIR.resolveSibling("pg-own-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()))));
    }

    private static Postgres start() {
        ProjectScript script = ProjectScript.of("postgres");
        Path dir = script.root().resolve(DIR);
        boolean wasRunning = script.run(List.of("url", dir.toString()), false) != null;
        script.run(List.of("start", dir.toString()), true);
        Postgres postgres;
        try {
            postgres = new Postgres(URI.create(Files.readString(dir.resolve("url")).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("scripts/postgres start wrote no " + dir.resolve("url"), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postgres.dropOpenDatabases();
            if (!wasRunning) {
                script.run(List.of("stop", dir.toString()), false);
            }
        }, "postgres-teardown"));
        return postgres;
    }


    private Database create() {
        String name = "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE DATABASE " + name);
        open.add(name);
        return new Database(this, name);
    }

    private void drop(String name) {
        if (open.remove(name)) {
            // FORCE: a pool the test left open must not keep its database. why tries: FORCE may not
            // end an autovacuum worker (a superuser's process) that happens to be in the database;
            // it is done in a moment
            for (int attempt = 1; ; attempt++) {
                try {
                    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    return;
                } catch (IllegalStateException e) {
                    if (attempt == 40 || !(e.getCause() instanceof SQLException sql)
                            || !Set.of("42501", "55006").contains(sql.getSQLState())) {
                        throw e;
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    private void dropOpenDatabases() {
        for (String name : Set.copyOf(open)) {
            try {
                drop(name);
            } catch (RuntimeException e) {
                // the server may be gone already; its teardown or the next run's reuse leaves no harm
            }
        }
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase), user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * One test's database. {@link #jdbcUrl()}, {@link #user()} and {@link #password()} are for code
     * that builds its own pool; {@link #url()} is the {@code postgresql://} form a person would give.
     */
    public static final class Database implements AutoCloseable {
        private final Postgres server;
        private final String name;

        private Database(Postgres server, String name) {
            this.server = server;
            this.name = name;
        }

        public String name() {
            return name;
        }

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        public String user() {
            return server.user;
        }

        public String password() {
            return server.password;
        }

        public String url() {
            return "postgresql://" + server.user + ":" + server.password + "@" + server.host + ":" + server.port + "/" + name;
        }

        /** Connections without a pool, each opened on demand. */
        public DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {server.host});
            ds.setPortNumbers(new int[] {server.port});
            ds.setDatabaseName(name);
            ds.setUser(server.user);
            ds.setPassword(server.password);
            return ds;
        }

        /** A HikariCP pool of up to {@code size} connections, as a node keeps one; the caller closes it. */
        public com.zaxxer.hikari.HikariDataSource pool(int size) {
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setJdbcUrl(jdbcUrl());
            config.setUsername(user());
            config.setPassword(password());
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(1);
            return new com.zaxxer.hikari.HikariDataSource(config);
        }

        /** Drops the database, closing any connection still open to it. */
        @Override
        public void close() {
            server.drop(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A server in a directory of a test's own: started, stopped and started again on the same port and data. */
    public static final class Own implements AutoCloseable {
        private final ProjectScript script;
        private final Path dir;

        private Own(ProjectScript script, Path dir) {
            this.script = script;
            this.dir = dir;
        }

        /** Starts the server (creating it the first time); returns its database's postgresql:// URL. */
        public String start() throws IOException {
            script.run(List.of("start", dir.toString()), true);
            return Files.readString(dir.resolve("url")).strip();
        }

        /** Stops the server as an administrator would (fast: open connections are cut). */
        public void stop() {
            script.run(List.of("stop", dir.toString()), true);
        }

        /** Restarts the server as after a crash: every connection cut, the WAL replayed. */
        public void crash() {
            script.run(List.of("restart", dir.toString()), true);
        }

        /** Stops the server and removes its data. */
        @Override
        public void close() throws IOException, InterruptedException {
            script.run(List.of("stop", dir.toString()), false);
            // the cluster belongs to the server's user; rm, as the caller who may remove it, clears it all
            new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        }
    }
}
