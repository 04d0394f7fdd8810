package dev.c2a.store;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.job.Job;
import dev.c2a.job.JobState;
import dev.c2a.service.Service;
import dev.c2a.testing.Http;
import dev.c2a.testing.S3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3 server stops under a running service and comes back: downloads answer 503 with
 * Retry-After, status says the store is unavailable, a job that cannot publish waits without using
 * an attempt, and all of it heals by itself when the server returns.
 */
@Tag(S3.TAG)
@Tag("slow")
class StoreOutageTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void with_the_store_down_downloads_answer_503_jobs_wait_and_everything_heals_when_it_returns() throws Exception {
        try (S3.Own own = S3.own()) {
            S3Options s3 = own.start().bucket().options();
            try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(1).engine("espeak-ng")
                    .set("store", "s3").set("s3-endpoint", s3.endpoint().toString()).set("s3-bucket", s3.bucket())
                    .set("s3-access-key", s3.accessKey()).set("s3-secret-key", s3.secretKey()).start()) {
                Service service = server.service();
                Http http = new Http(server.url());
                String before = submit(http, "Published before the store went down.");
                await().atMost(PATIENCE).until(() -> service.job(before).state() == JobState.SUCCEEDED);
                byte[] audio = http.get("/v1/jobs/" + before + "/audio").bytes();

                own.stop();
                Http.Response down = http.get("/v1/jobs/" + before + "/audio");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.header("Retry-After")).isNotNull();
                assertThat(down.json().get("detail").asText()).contains("cannot be read now")
                        .as("the store's endpoint and bucket are the operator's").doesNotContain(s3.bucket());
                assertThat(http.get("/v1/service").json().at("/storage/available").asBoolean()).isFalse();
                assertThat(http.get("/v1/service").json().at("/storage/error").asText()).contains(s3.bucket());

                String during = submit(http, "Spoken while the store is down, published once it is back.");
                await().atMost(PATIENCE).until(() -> service.status().counters().getOrDefault("released", 0L) >= 1);
                Job waiting = service.job(during);
                assertThat(waiting.state()).isIn(JobState.QUEUED, JobState.RUNNING);
                assertThat(waiting.errors()).as("a store that is down says nothing about the job").isEmpty();

                own.start();
                await().atMost(PATIENCE).until(() -> service.job(during).state() == JobState.SUCCEEDED);
                assertThat(service.job(during).errors()).isEmpty();
                assertThat(http.get("/v1/jobs/" + during + "/audio").status()).isEqualTo(200);
                assertThat(http.get("/v1/jobs/" + before + "/audio").bytes()).isEqualTo(audio);
                assertThat(http.get("/v1/service").json().at("/storage/available").asBoolean()).isTrue();
            }
        }
    }

    private static String submit(Http http, String text) {
        Http.Response r = http.post("/v1/jobs", "{\"text\": \"" + text + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asText();
    }
}
