package dev.c2a.store;

import dev.c2a.testing.S3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on S3Proxy, and what only an S3 store does: check its bucket, keep to its prefix. */
@Tag(S3.TAG)
class S3ObjectStoreTest extends ObjectStoreContract {
    private S3.Bucket bucket;

    S3 server() {
        return S3.s3proxy();
    }

    @Override
    ObjectStore newStore() throws IOException {
        bucket = server().bucket();
        return S3ObjectStore.open(bucket.options().withPartSize(S3Options.MIN_PART_SIZE));
    }

    @Override
    ObjectStore unreachableStore() throws IOException {
        return S3ObjectStore.unchecked(bucket.options().withEndpoint(closedPort()));
    }

    @Override
    boolean signsUrls() {
        return true;
    }

    /** Whether the server checks a request's signature, and so refuses a wrong secret key. */
    boolean checksSignatures() {
        return true;
    }

    @AfterEach
    void removeBucket() {
        bucket.close();
    }

    @Test
    void a_missing_bucket_fails_the_start_naming_it() {
        S3Options o = bucket.options();
        S3Options missing = new S3Options(o.endpoint(), o.region(), "t-missing", "", true, o.accessKey(), o.secretKey(),
                o.partSize());

        assertThatThrownBy(() -> S3ObjectStore.open(missing))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageContaining(o.endpoint().toString())
                .hasMessageContaining("bucket t-missing")
                .hasMessageContaining("no such bucket");
    }

    @Test
    void refused_credentials_fail_the_start_saying_so() {
        S3Options o = bucket.options();

        assertThatThrownBy(() -> S3ObjectStore.open(o.withCredentials("nobody", o.secretKey())))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("bucket " + bucket.name())
                .hasMessageContaining("refused the credentials (access key nobody)");
        if (checksSignatures()) {
            assertThatThrownBy(() -> S3ObjectStore.open(o.withCredentials(o.accessKey(), "not-the-secret")))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessageContaining("refused the credentials (access key " + o.accessKey() + ")");
        }
    }


    @Test
    void a_server_that_is_gone_fails_the_start_as_unavailable_naming_it_and_the_bucket() throws IOException {
        URI gone = closedPort();
        long start = System.nanoTime();

        assertThatThrownBy(() -> S3ObjectStore.open(bucket.options().withEndpoint(gone)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(gone + " bucket " + bucket.name())
                .hasMessageContaining("unreachable");
        assertThat(System.nanoTime() - start).as("nanoseconds to give up").isLessThan(10_000_000_000L);
    }

    @Test
    void each_store_keeps_to_its_prefix_and_lists_keys_without_it() throws IOException {
        try (ObjectStore a = S3ObjectStore.open(bucket.options().withPrefix("team-a/c2a/"));
             ObjectStore b = S3ObjectStore.open(bucket.options().withPrefix("team-b"))) {
            a.put("audio/j-1.mp3", new byte[] {1});
            b.put("audio/j-1.mp3", new byte[] {2, 2});
            store.put("audio/j-1.mp3", new byte[] {3, 3, 3});

            assertThat(a.find("audio/j-1.mp3").orElseThrow().bytes()).containsExactly(1);
            assertThat(b.find("audio/j-1.mp3").orElseThrow().bytes()).containsExactly(2, 2);
            assertThat(keys(a, "")).containsExactly("audio/j-1.mp3");
            assertThat(keys(store, "")).containsExactlyInAnyOrder("audio/j-1.mp3", "team-a/c2a/audio/j-1.mp3",
                    "team-b/audio/j-1.mp3");
            assertThat(a.describe()).isEqualTo("s3 " + bucket.options().endpoint() + " bucket " + bucket.name()
                    + " prefix team-a/c2a/");

            a.deleteAll("");
            assertThat(keys(store, "")).containsExactlyInAnyOrder("audio/j-1.mp3", "team-b/audio/j-1.mp3");
        }
    }

    private static java.util.List<String> keys(ObjectStore store, String prefix) throws IOException {
        try (Stream<ObjectStore.Entry> entries = store.list(prefix)) {
            return entries.map(ObjectStore.Entry::key).toList();
        }
    }

    /** A port of this machine that nothing listens on. */
    static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
