package dev.c2a.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.job.JobState;
import dev.c2a.queue.JobQueue;
import dev.c2a.queue.RetryPolicy;
import dev.c2a.queue.postgres.PostgresJobQueue;
import dev.c2a.store.S3Options;
import dev.c2a.testing.Http;
import dev.c2a.testing.Postgres;
import dev.c2a.testing.S3;
import dev.c2a.testing.SampleBook;
import dev.c2a.testing.ServeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@code c2a serve} processes on one PostgreSQL database and one S3 bucket (S3Proxy, started by
 * {@code scripts/s3}), as two machines would run them: audio made on one is served, with byte
 * ranges, by the other; a book killed mid-way on one resumes on the other from the checkpoints in
 * the bucket and comes out byte for byte as an uninterrupted run.
 */
@Tag(Postgres.TAG)
@Tag(S3.TAG)
@Tag("slow")
@Tag("e2e")
class SharedStoreTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void any_node_serves_any_jobs_audio_and_a_book_resumes_on_another_node() throws Exception {
        try (Postgres.Database db = Postgres.newDatabase();
             S3.Bucket bucket = S3.newBucket();
             JobQueue ledger = PostgresJobQueue.open(db.dataSource(), RetryPolicy.defaults())) {
            CompletableFuture<ServeProcess> startingA = CompletableFuture.supplyAsync(() -> node(db, bucket, "a"));
            CompletableFuture<ServeProcess> startingB = CompletableFuture.supplyAsync(() -> node(db, bucket, "b"));
            try (ServeProcess a = startingA.join(); ServeProcess b = startingB.join()) {
                audioMadeOnOneNodeIsServedWithRangesByTheOther(ledger, bucket, new Http(a.url()), new Http(b.url()));
                aBookKilledOnOneNodeResumesOnTheOtherFromItsCheckpoints(bucket, a, b);
            }
        }
    }

    private void audioMadeOnOneNodeIsServedWithRangesByTheOther(JobQueue ledger, S3.Bucket bucket, Http a, Http b) {
        long byA = succeeded(a);
        Http.Response r = a.post("/v1/jobs", "{\"text\": \"Made on one node, served by any.\", \"format\": \"mp3\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String id = r.json().path("id").asText();
        await().atMost(PATIENCE).until(() -> ledger.find(id).orElseThrow().state() == JobState.SUCCEEDED);
        Http other = succeeded(a) > byA ? b : a;
        String file = ledger.find(id).orElseThrow().result().file();

        byte[] inBucket = bucket.client().getObjectAsBytes(o -> o.bucket(bucket.name()).key("audio/" + file))
                .asByteArray();
        Http.Response whole = other.get("/v1/jobs/" + id + "/audio");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Type")).isEqualTo("audio/mpeg");
        assertThat(whole.bytes()).as("what the other node serves is what the bucket holds").isEqualTo(inBucket);
        Http.Response part = other.get("/v1/jobs/" + id + "/audio", "Range", "bytes=100-1099");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 100-1099/" + inBucket.length);
        assertThat(part.bytes()).isEqualTo(Arrays.copyOfRange(inBucket, 100, 1100));
        Http.Response tail = other.get("/v1/jobs/" + id + "/audio", "Range", "bytes=-10");
        assertThat(tail.bytes()).isEqualTo(Arrays.copyOfRange(inBucket, inBucket.length - 10, inBucket.length));
        assertThat(other.get("/v1/jobs/" + id + "/captions.vtt").text()).startsWith("WEBVTT")
                .contains("served");
    }

    private void aBookKilledOnOneNodeResumesOnTheOtherFromItsCheckpoints(S3.Bucket bucket, ServeProcess a,
                                                                        ServeProcess b) throws Exception {
        byte[] epub = SampleBook.epub("Resumed", "Ann", SampleBook.generated(4, 1500));
        String body = "{\"contentType\": \"epub\", \"format\": \"mp3\", \"contentBase64\": \""
                + Base64.getEncoder().encodeToString(epub) + "\"}";
        Http httpA = new Http(a.url());
        Http httpB = new Http(b.url());
        Http.Response r = httpA.post("/v1/jobs", body);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String id = r.json().path("id").asText();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> progress(httpA, id) >= 12
                || progress(httpB, id) >= 12);
        boolean aHoldsIt = progress(httpA, id) >= 12;
        ServeProcess holder = aHoldsIt ? a : b;
        Http survivor = aHoldsIt ? httpB : httpA;

        holder.kill();
        long checkpointed = keys(bucket, "checkpoints/" + id + "/").size();
        assertThat(checkpointed).as("sentences checkpointed in the bucket before the kill").isGreaterThanOrEqualTo(12);

        await().atMost(PATIENCE).until(() -> survivor.get("/v1/jobs/" + id).json().path("state").asText()
                .equals("succeeded"));
        JsonNode job = survivor.get("/v1/jobs/" + id).json();
        assertThat(job.path("errors").findValuesAsText("message")).anyMatch(m -> m.startsWith("lease expired"));
        assertThat(job.path("attempts").asInt()).isEqualTo(1);

        Http.Response again = survivor.post("/v1/jobs", body.replace("{", "{\"idempotencyKey\": \"uninterrupted\", "));
        String whole = again.json().path("id").asText();
        await().atMost(PATIENCE).until(() -> survivor.get("/v1/jobs/" + whole).json().path("state").asText()
                .equals("succeeded"));
        assertThat(survivor.get("/v1/jobs/" + id + "/audio").bytes())
                .as("the book resumed on the other node is byte for byte the uninterrupted one")
                .isEqualTo(survivor.get("/v1/jobs/" + whole + "/audio").bytes());
        assertThat(survivor.get("/v1/jobs/" + id + "/captions.json").text())
                .isEqualTo(survivor.get("/v1/jobs/" + whole + "/captions.json").text());
        await("checkpoints go once the job succeeds").atMost(PATIENCE)
                .until(() -> keys(bucket, "checkpoints/" + id + "/").isEmpty());
    }

    private ServeProcess node(Postgres.Database db, S3.Bucket bucket, String name) {
        S3Options s3 = bucket.options();
        try {
            return ServeProcess.start(dir.resolve(name), "--workers", "1", "--engine", "espeak-ng",
                    "--set", "queue=postgres", "--set", "database-url=" + db.url(), "--set", "lease=2s",
                    "--set", "node-id=" + name, "--set", "store=s3", "--set", "s3-endpoint=" + s3.endpoint(), "--set", "s3-bucket=" + s3.bucket(),
                    "--set", "s3-access-key=" + s3.accessKey(), "--set", "s3-secret-key=" + s3.secretKey());
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not start", e);
        }
    }

    /** How far this node's worker is in job {@code id}: sentences spoken, or -1 when it does not hold it. */
    private static int progress(Http node, String id) {
        JsonNode workers = node.get("/v1/service").json().path("workers").path("list");
        return StreamSupport.stream(workers.spliterator(), false).filter(w -> id.equals(w.path("jobId").asText()))
                .mapToInt(w -> w.path("progress").path("done").asInt()).findFirst().orElse(-1);
    }

    private static List<String> keys(S3.Bucket bucket, String prefix) {
        return bucket.client().listObjectsV2Paginator(l -> l.bucket(bucket.name()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private static long succeeded(Http node) {
        return node.get("/v1/service").json().path("counters").path("succeeded").asLong();
    }
}
