package dev.c2a.store;

import dev.c2a.job.StoredFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link ObjectStore} does, run against each implementation by a subclass that makes a
 * new, empty store per test. Keys are as c2a writes them: {@code audio/<job>-<token>.<ext>} and
 * {@code checkpoints/<job>/<64 hex>}.
 */
abstract class ObjectStoreContract {
    /** Larger than the part size the S3 stores under test are given (5 MiB, S3's smallest). */
    static final int LARGE = 12 << 20;

    @TempDir
    Path temp;
    ObjectStore store;

    /** A new, empty store. */
    abstract ObjectStore newStore() throws Exception;

    /** A store like {@link #newStore()}'s on a server that is gone (a closed port); null for a store with no server. */
    ObjectStore unreachableStore() throws Exception {
        return null;
    }

    /**
     * Whether the store's server replaces an object at once, as S3 promises; a test server that
     * writes over the old version in place cannot pass that test.
     */
    boolean replacesAtomically() {
        return true;
    }

    /** Whether {@link ObjectStore#url} gives URLs (a remote store) or always nothing (a local one). */
    abstract boolean signsUrls();

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void bytes_put_under_a_key_are_found_there() throws IOException {
        byte[] content = random(1000, 1);
        store.put(checkpoint("j-1", 1), content);

        StoredFile found = store.find(checkpoint("j-1", 1)).orElseThrow();
        assertThat(found.size()).isEqualTo(1000);
        assertThat(found.name()).isEqualTo(hex(1));
        assertThat(found.bytes()).isEqualTo(content);
    }

    @Test
    void audio_is_found_with_its_media_type_and_file_name() throws IOException {
        store.put("audio/j-1-t0k3n.mp3", random(10, 2));

        StoredFile found = store.find("audio/j-1-t0k3n.mp3").orElseThrow();
        assertThat(found.name()).isEqualTo("j-1-t0k3n.mp3");
        assertThat(found.mediaType()).isEqualTo("audio/mpeg");
    }

    @Test
    void a_key_never_written_is_not_found() throws IOException {
        store.put("audio/j-12-t.mp3", random(10, 3));
        store.put("checkpoints/j-1/" + hex(1), random(10, 3));

        assertThat(store.find("audio/j-1-t.mp3")).isEmpty();
        assertThat(store.find("audio/j-12-t.mp")).as("a key's beginning").isEmpty();
        assertThat(store.find("checkpoints/j-1")).as("a 'directory' of keys").isEmpty();
        assertThat(store.find("checkpoints")).isEmpty();
    }

    @Test
    void a_range_reads_exactly_its_bytes() throws IOException {
        byte[] content = random(1000, 4);
        store.put("audio/j-1-t.wav", content);
        StoredFile f = store.find("audio/j-1-t.wav").orElseThrow();

        assertThat(read(f, 0, 10)).as("the start").isEqualTo(Arrays.copyOfRange(content, 0, 10));
        assertThat(read(f, 500, 123)).as("the middle").isEqualTo(Arrays.copyOfRange(content, 500, 623));
        assertThat(read(f, 999, 1)).as("the last byte").isEqualTo(new byte[] {content[999]});
        assertThat(read(f, 300, 0)).as("no bytes").isEmpty();
        assertThat(read(f, 0, 0)).as("no bytes at the start").isEmpty();
        assertThat(read(f, 0, 1000)).as("all of it").isEqualTo(content);
        assertThat(read(f, 1, 999)).as("all but the first").isEqualTo(Arrays.copyOfRange(content, 1, 1000));
    }

    @Test
    void files_are_stored_under_their_keys_a_large_one_whole() throws IOException, NoSuchAlgorithmException {
        Path large = write("large.mp3", random(LARGE, 5));
        Path captions = write("captions.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".getBytes(StandardCharsets.UTF_8));
        Path empty = write("empty.json", new byte[0]);
        String largeSha = sha256(Files.newInputStream(large));

        store.put(Map.of("audio/j-1-t.mp3", large, "audio/j-1-t.vtt", captions, "audio/j-1-t.json", empty));

        StoredFile audio = store.find("audio/j-1-t.mp3").orElseThrow();
        assertThat(audio.size()).isEqualTo(LARGE);
        try (InputStream in = audio.open()) {
            assertThat(sha256(in)).isEqualTo(largeSha);
        }
        assertThat(read(audio, LARGE - 100, 100)).as("a range past the first part")
                .isEqualTo(Arrays.copyOfRange(random(LARGE, 5), LARGE - 100, LARGE));
        StoredFile vtt = store.find("audio/j-1-t.vtt").orElseThrow();
        assertThat(new String(vtt.bytes(), StandardCharsets.UTF_8)).startsWith("WEBVTT");
        assertThat(vtt.mediaType()).startsWith("text/vtt");
        StoredFile nothing = store.find("audio/j-1-t.json").orElseThrow();
        assertThat(nothing.size()).isZero();
        assertThat(nothing.bytes()).isEmpty();
    }

    @Test
    void a_key_written_again_holds_the_new_content_only() throws IOException {
        store.put("audio/j-1-t.mp3", random(5000, 6));
        store.put("audio/j-1-t.mp3", random(300, 7));

        StoredFile f = store.find("audio/j-1-t.mp3").orElseThrow();
        assertThat(f.size()).isEqualTo(300);
        assertThat(f.bytes()).isEqualTo(random(300, 7));

        store.put(Map.of("audio/j-1-t.mp3", write("again.mp3", random(700, 8))));
        assertThat(store.find("audio/j-1-t.mp3").orElseThrow().bytes()).isEqualTo(random(700, 8));
    }

    @Test
    void list_gives_exactly_the_keys_starting_with_the_prefix_with_sizes_and_times() throws IOException {
        Instant before = Instant.now().minusSeconds(5);
        Map<String, Integer> sizes = Map.of(
                "audio/j-1.mp3", 11,
                "audio/j-12.mp3", 12,
                "audio/j-2.mp3", 13,
                "checkpoints/j-1/" + hex(1), 14,
                "checkpoints/j-1/" + hex(2), 15,
                "checkpoints/j-12/" + hex(1), 16,
                "checkpoints/j-1/deeper/" + hex(3), 17);
        for (var e : sizes.entrySet()) {
            store.put(e.getKey(), new byte[e.getValue()]);
        }

        assertThat(keys("")).containsExactlyInAnyOrderElementsOf(sizes.keySet());
        assertThat(keys("checkpoints/j-1/")).as("a job's checkpoints, nested ones too, not j-12's")
                .containsExactlyInAnyOrder("checkpoints/j-1/" + hex(1), "checkpoints/j-1/" + hex(2),
                        "checkpoints/j-1/deeper/" + hex(3));
        assertThat(keys("checkpoints/j-1")).as("a prefix is a string's beginning, not a directory")
                .containsExactlyInAnyOrder("checkpoints/j-1/" + hex(1), "checkpoints/j-1/" + hex(2),
                        "checkpoints/j-1/deeper/" + hex(3), "checkpoints/j-12/" + hex(1));
        assertThat(keys("audio/j-1")).containsExactlyInAnyOrder("audio/j-1.mp3", "audio/j-12.mp3");
        assertThat(keys("audio/j-12")).containsExactly("audio/j-12.mp3");
        assertThat(keys("audio/j-1.")).containsExactly("audio/j-1.mp3");
        assertThat(keys("audio/")).containsExactlyInAnyOrder("audio/j-1.mp3", "audio/j-12.mp3", "audio/j-2.mp3");
        assertThat(keys("audio/j-3")).isEmpty();
        assertThat(keys("nothing/")).isEmpty();

        try (Stream<ObjectStore.Entry> entries = store.list("")) {
            for (ObjectStore.Entry e : entries.toList()) {
                assertThat(e.size()).as(e.key()).isEqualTo((long) sizes.get(e.key()));
                assertThat(e.modified()).as(e.key()).isBetween(before, Instant.now().plusSeconds(5));
            }
        }
    }

    @Test
    void list_reads_past_a_thousand_keys_and_delete_all_removes_only_its_prefix() throws Exception {
        List<String> many = IntStream.range(0, 1001).mapToObj(i -> checkpoint("j-1", i)).toList();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<Void>> puts = many.stream().map(k -> threads.submit(() -> {
                store.put(k, new byte[] {1});
                return (Void) null;
            })).toList();
            for (Future<Void> put : puts) {
                put.get();
            }
        }
        store.put(checkpoint("j-12", 1), new byte[] {2});
        store.put("audio/j-1.mp3", new byte[] {3});

        assertThat(keys("checkpoints/j-1/")).hasSize(1001);

        store.deleteAll("checkpoints/j-1/");

        assertThat(keys("")).containsExactlyInAnyOrder(checkpoint("j-12", 1), "audio/j-1.mp3");
        store.deleteAll("checkpoints/j-1/");
        store.deleteAll("nothing/");
        store.deleteAll("");
        assertThat(keys("")).isEmpty();
    }

    @Test
    void a_listing_goes_on_while_other_keys_under_its_prefix_are_removed() throws IOException {
        // as the garbage collection lists checkpoints while jobs that succeed remove theirs
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String job = "checkpoints/job-" + i + "/";
            jobs.add(job);
            store.put(job + "a", new byte[] {1});
            store.put(job + "b", new byte[] {2});
        }
        List<String> seen = new ArrayList<>();
        try (Stream<ObjectStore.Entry> listing = store.list("checkpoints/")) {
            Iterator<ObjectStore.Entry> it = listing.iterator();
            String first = it.next().key();
            seen.add(first);
            for (String job : jobs) {
                if (!first.startsWith(job)) {
                    store.deleteAll(job);
                }
            }
            it.forEachRemaining(e -> seen.add(e.key()));
        }
        String firstJob = seen.getFirst().substring(0, seen.getFirst().lastIndexOf('/') + 1);
        assertThat(seen).as("the first key's job, whose keys were not removed, is listed whole")
                .contains(firstJob + "a", firstJob + "b");
    }

    @Test
    void delete_removes_one_key_and_minds_no_missing_one() throws IOException {
        store.put("audio/j-1.mp3", new byte[] {1});
        store.put("audio/j-12.mp3", new byte[] {2});

        store.delete("audio/j-1.mp3");
        store.delete("audio/j-1.mp3");
        store.delete("audio/never.mp3");
        store.delete("never/written/at-all");

        assertThat(store.find("audio/j-1.mp3")).isEmpty();
        assertThat(keys("")).containsExactly("audio/j-12.mp3");
    }

    @Test
    void keys_that_are_not_relative_paths_are_refused() throws IOException {
        Path file = write("f.mp3", new byte[] {1});
        for (String bad : List.of("../x", "/abs", "a//b", ".hidden", "", "a/../b", "a/./b", "a/", "a b", "audio/.x")) {
            assertThatThrownBy(() -> store.put(bad, new byte[] {1})).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.put(Map.of(bad, file))).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.find(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.url(bad, "x.mp3", Duration.ofMinutes(1))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : List.of("../", "/abs/", "a//", ".hidden/", "/")) {
            assertThatThrownBy(() -> store.list(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.deleteAll(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(keys("")).isEmpty();
    }

    /**
     * Versions of different sizes, each of one byte value: a read that mixes two, or takes one's size
     * with another's bytes, shows. A read may fail as {@link StoreUnavailableException} (the key was
     * replaced between find and read; finding it again succeeds), but most must succeed.
     */
    @Test
    void a_reader_sees_one_whole_version_while_a_writer_replaces_the_key() throws Exception {
        assumeTrue(replacesAtomically(), "this store's server writes over an object in place");
        String key = checkpoint("j-1", 1);
        List<byte[]> versions = List.of(filled(300_000, 'a'), filled(200_000, 'b'), filled(100_000, 'c'));
        store.put(key, versions.get(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            try {
                int n = 0;
                for (; n < 150 && writing.get(); n++) {
                    store.put(key, versions.get(n % versions.size()));
                }
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                writing.set(false);
            }
        });
        int reads = 0;
        int replaced = 0;
        try {
            while (writing.get() || reads < 20) {
                StoredFile f = store.find(key).orElseThrow();
                byte[] got;
                try {
                    got = f.bytes();
                } catch (StoreUnavailableException e) {
                    replaced++;
                    continue;
                }
                assertThat(got).as("read %d", reads).hasSize((int) f.size());
                byte first = got[0];
                assertThat(got.length).as("read %d: the size of version '%c'", reads, (char) first)
                        .isEqualTo(300_000 - (first - 'a') * 100_000);
                assertThat(count(got, first)).as("read %d: bytes of version '%c' only", reads, (char) first)
                        .isEqualTo(got.length);
                reads++;
            }
        } finally {
            // a failed assertion stops the writer too, before the store is closed and its files removed
            writing.set(false);
            writer.exceptionally(e -> 0).join();
        }
        assertThat(writer.get()).isEqualTo(150);
        assertThat(reads).as("whole reads (%d more failed as replaced)", replaced).isGreaterThan(replaced);
    }

    @Test
    void a_url_offers_the_object_under_its_download_name_or_there_is_none() throws Exception {
        byte[] content = random(2000, 9);
        store.put("audio/j-1-t.mp3", content);

        Optional<URI> url = store.url("audio/j-1-t.mp3", "My book, chapter 1.mp3", Duration.ofMinutes(5));

        if (!signsUrls()) {
            assertThat(url).isEmpty();
            return;
        }
        HttpResponse<byte[]> got;
        try (HttpClient http = HttpClient.newHttpClient()) {
            got = http.send(HttpRequest.newBuilder(url.orElseThrow()).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(content);
        assertThat(got.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).contains("filename=\"My book, chapter 1.mp3\""));
    }

    @Test
    void a_store_that_cannot_be_reached_says_it_is_unavailable() throws Exception {
        try (ObjectStore gone = unreachableStore()) {
            assumeTrue(gone != null, "this store has no server");
            Path file = write("f.mp3", new byte[] {1});

            assertThatThrownBy(() -> gone.find("audio/j-1.mp3")).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> gone.put("audio/j-1.mp3", new byte[] {1})).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> gone.put(Map.of("audio/j-1.mp3", file))).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> gone.list("audio/")).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> gone.delete("audio/j-1.mp3")).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> gone.deleteAll("audio/")).isInstanceOf(StoreUnavailableException.class);
        }
    }

    List<String> keys(String prefix) throws IOException {
        try (Stream<ObjectStore.Entry> entries = store.list(prefix)) {
            return entries.map(ObjectStore.Entry::key).toList();
        }
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(temp.resolve(name), content);
    }

    static String checkpoint(String job, int n) {
        return "checkpoints/" + job + "/" + hex(n);
    }

    /** 64 hex digits, as a checkpoint's name. */
    static String hex(int n) {
        return HexFormat.of().toHexDigits((long) n).repeat(4);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] filled(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static long count(byte[] bytes, byte value) {
        long n = 0;
        for (byte b : bytes) {
            n += b == value ? 1 : 0;
        }
        return n;
    }

    private static byte[] read(StoredFile f, long offset, long length) throws IOException {
        try (InputStream in = f.open(offset, length)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
