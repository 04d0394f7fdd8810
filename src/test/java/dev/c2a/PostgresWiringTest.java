package dev.c2a;

import dev.c2a.api.JobRequest;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.job.QueueUnavailableException;
import dev.c2a.service.Service;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.ToneEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The settings queue = postgres and database-url build a service whose jobs live in PostgreSQL. */
@Tag(Postgres.TAG)
class PostgresWiringTest {
    @TempDir
    Path dir;

    @Test
    void a_service_on_a_postgresql_url_keeps_its_jobs_there_and_says_so() {
        try (Postgres.Database db = Postgres.newDatabase();
             Service service = C2a.builder().dataDir(dir).workers(1).set("queue", "postgres")
                     .set("database-url", db.url()).set("database-pool-size", "4").engines(new ToneEngine()).open()) {
            String id = service.submit(JobRequest.ofText("Kept in PostgreSQL.")).job().id();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.job(id).state().isFinal());

            Job done = service.job(id);
            assertThat(done.state()).as(String.valueOf(done.lastError())).isEqualTo(JobState.SUCCEEDED);
            assertThat(service.status().queue().backend()).isEqualTo("postgresql");
            assertThat(dir.resolve("jobs.db")).as("no SQLite file beside it").doesNotExist();
        }
    }

    @Test
    void a_database_that_does_not_answer_is_refused_at_start_naming_the_setting() {
        // a port of this machine where nothing listens: as a server that is down
        assertThatThrownBy(() -> open("postgresql://c2a:secret@127.0.0.1:9/jobs"))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageStartingWith("database-url jdbc:postgresql://127.0.0.1:9/jobs: cannot reach the job database:"
                        + " Connection to 127.0.0.1:9 refused")
                .hasMessageNotContaining("secret");
    }

    @Test
    void a_wrong_password_is_refused_at_start_and_never_printed() {
        try (Postgres.Database db = Postgres.newDatabase()) {
            assertThatThrownBy(() -> open(db.jdbcUrl() + "?user=" + db.user() + "&password=not-the-password"))
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessage("database-url " + db.jdbcUrl() + "?user=" + db.user() + "&password=(set): cannot reach"
                            + " the job database: FATAL: password authentication failed for user \"" + db.user() + "\"")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    @Test
    void a_database_that_does_not_exist_is_named() {
        try (Postgres.Database db = Postgres.newDatabase()) {
            String missing = db.url().replace("/" + db.name(), "/no_such_db");
            assertThatThrownBy(() -> open(missing))
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessageEndingWith("cannot reach the job database: FATAL: database \"no_such_db\" does not exist")
                    .hasMessageNotContaining(db.password());
        }
    }

    @Test
    void a_host_name_that_does_not_resolve_is_named() {
        // .invalid never resolves (RFC 2606); the driver alone says only "The connection attempt failed."
        assertThatThrownBy(() -> open("postgresql://c2a:secret@no-such-host.invalid:5432/jobs"))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("UnknownHostException: no-such-host.invalid")
                .hasMessageNotContaining("secret");
    }

    private Service open(String databaseUrl) {
        return C2a.builder().dataDir(dir).set("queue", "postgres").set("database-url", databaseUrl)
                .engines(new ToneEngine()).open();
    }
}
