package dev.c2a.store;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.job.JobState;
import dev.c2a.testing.Http;
import dev.c2a.testing.S3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code audio-redirect}, a download is sent to the store itself: 307 to a presigned URL that
 * any client can fetch the same bytes from, without c2a's token or the store's keys. A local store
 * makes no such URLs: the same setting then serves the bytes as before.
 */
@Tag(S3.TAG)
class AudioRedirectTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void an_s3_download_is_redirected_to_a_presigned_url_of_the_same_bytes() throws Exception {
        try (S3.Bucket bucket = S3.newBucket()) {
            S3Options s3 = bucket.options();
            try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(1).engine("espeak-ng")
                    .set("store", "s3").set("s3-endpoint", s3.endpoint().toString()).set("s3-bucket", s3.bucket())
                    .set("s3-access-key", s3.accessKey()).set("s3-secret-key", s3.secretKey())
                    .set("audio-redirect", "true").start()) {
                String id = spoken(server);
                String file = server.service().job(id).result().file();
                byte[] inBucket = bucket.client().getObjectAsBytes(o -> o.bucket(s3.bucket()).key("audio/" + file))
                        .asByteArray();

                Http.Response r = new Http(server.url()).get("/v1/jobs/" + id + "/audio");

                assertThat(r.status()).isEqualTo(307);
                URI location = URI.create(r.header("Location"));
                assertThat(location.toString()).startsWith(s3.endpoint().toString()).contains("X-Amz-Signature");
                HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(location).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(fetched.statusCode()).isEqualTo(200);
                assertThat(fetched.body()).isEqualTo(inBucket);
                assertThat(new Http(server.url()).get("/v1/jobs/" + id + "/captions.vtt").status())
                        .as("captions are made on request, so served here").isEqualTo(200);
            }
        }
    }

    @Test
    void a_local_store_serves_the_bytes_itself_whatever_the_setting() throws Exception {
        try (C2aServer server = C2a.builder().dataDir(dir).port(0).workers(1).engine("espeak-ng")
                .set("audio-redirect", "true").start()) {
            String id = spoken(server);
            Http.Response r = new Http(server.url()).get("/v1/jobs/" + id + "/audio");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bytes()).isEqualTo(server.service().audio(id).bytes());
        }
    }

    private static String spoken(C2aServer server) {
        Http.Response r = new Http(server.url()).post("/v1/jobs", "{\"text\": \"Fetched from the store itself.\"}");
        String id = r.json().path("id").asText();
        await().atMost(PATIENCE).until(() -> server.service().job(id).state() == JobState.SUCCEEDED);
        return id;
    }
}
