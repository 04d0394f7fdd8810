package dev.c2a.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.c2a.job.JobState;
import dev.c2a.queue.Durability;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.postgres.PostgresJobQueue;
import dev.c2a.queue.sqlite.SqliteJobQueue;
import dev.c2a.testing.Ledger;
import dev.c2a.testing.Postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Status counts, listings and searches over a large ledger of finished jobs (issue 13), on SQLite
 * and on the test kit's PostgreSQL. Run by hand, after {@code mvn -o -q -Ddashboard.skip test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.c2a.bench.LedgerAtScale [jobs] [sqlite|postgres]...
 * </pre>
 *
 * ({@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt} writes the class path.)
 * Each figure is the median of 7 calls after one call not counted.
 */
public final class LedgerAtScale {
    private LedgerAtScale() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] backends = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"sqlite", "postgres"};
        for (String backend : backends) {
            if (backend.equals("sqlite")) {
                sqlite(jobs);
            } else {
                postgres(jobs);
            }
        }
        System.exit(0);
    }

    private static void sqlite(int jobs) throws Exception {
        Path dir = Files.createTempDirectory("ledger");
        Path file = dir.resolve("jobs.db");
        SqliteJobQueue.open(file, Durability.PROCESS, Clock.systemUTC(), RetryPolicy.defaults()).close();
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Ledger.fillSqlite(c, jobs);
        }
        System.out.printf("sqlite: filled %,d jobs in %.1f s (%,d MB)%n", jobs, (System.nanoTime() - start) / 1e9,
                Files.size(file) >> 20);
        try (JobQueue queue = SqliteJobQueue.open(file, Durability.PROCESS, Clock.systemUTC(), RetryPolicy.defaults())) {
            measure("sqlite", queue);
        }
    }

    private static void postgres(int jobs) throws Exception {
        HikariConfig config = new HikariConfig();
        try (Postgres.Database db = Postgres.newDatabase()) {
            config.setJdbcUrl(db.jdbcUrl());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(4);
            try (HikariDataSource pool = new HikariDataSource(config);
                 JobQueue queue = PostgresJobQueue.open(pool, RetryPolicy.defaults())) {
                long start = System.nanoTime();
                try (Connection c = db.dataSource().getConnection()) {
                    Ledger.fillPostgres(c, jobs);
                    c.createStatement().execute("VACUUM ANALYZE");
                }
                System.out.printf("postgresql: filled %,d jobs in %.1f s (with VACUUM ANALYZE)%n", jobs,
                        (System.nanoTime() - start) / 1e9);
                measure("postgresql", queue);
            }
        }
    }

    private static void measure(String name, JobQueue queue) {
        String deep = queue.list(JobState.SUCCEEDED, 50, null, null).nextCursor();
        for (int i = 0; i < 2_000; i++) {
            deep = queue.list(JobState.SUCCEEDED, 50, deep, null).nextCursor();
        }
        String deepCursor = deep;
        time(name, "counts()", queue::counts);
        time(name, "list(succeeded, 50) first page", () -> queue.list(JobState.SUCCEEDED, 50, null, null));
        time(name, "list(succeeded, 50) after 100,000 jobs", () -> queue.list(JobState.SUCCEEDED, 50, deepCursor, null));
        time(name, "list(all, 50) first page", () -> queue.list(null, 50, null, null));
        time(name, "list(cancelled, 50) first page", () -> queue.list(JobState.CANCELLED, 50, null, null));
        time(name, "search a word every job has (\"river\")", () -> queue.list(null, 50, null, "river"));
        time(name, "search a word one job in 1000 has (\"" + Ledger.RARE_WORD + "\")",
                () -> queue.list(null, 50, null, Ledger.RARE_WORD));
        time(name, "search a word no job has (\"" + Ledger.ABSENT_WORD + "\")",
                () -> queue.list(null, 50, null, Ledger.ABSENT_WORD));
        String someId = queue.list(JobState.SUCCEEDED, 1, deepCursor, null).jobs().getFirst().id();
        time(name, "search an id prefix every job has (\"00e3\")", () -> queue.list(null, 50, null, "00e3"));
        time(name, "search an id's first 13 characters", () -> queue.list(null, 50, null, someId.substring(0, 13)));
        time(name, "nextDueAt()", queue::nextDueAt);
    }

    private static void time(String backend, String what, Supplier<?> call) {
        call.get();
        double[] ms = new double[7];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s: %-50s %10.2f ms%n", backend, what, ms[ms.length / 2]);
    }
}
