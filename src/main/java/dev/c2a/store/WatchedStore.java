package dev.c2a.store;

import dev.c2a.job.StoredFile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store whose every call is watched: status tells whether it answered the last time it was
 * asked and, when not, since when and why. Only {@link StoreUnavailableException} counts as the
 * store being down; other errors (a missing object, a bad key) say nothing about its health.
 */
public final class WatchedStore implements ObjectStore {
    private final ObjectStore store;
    private final InstantSource clock;
    private volatile Health health;

    public WatchedStore(ObjectStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.health = new Health(true, null, clock.instant());
    }

    /** {@code since}: when the store last changed between answering and not. */
    public record Health(boolean available, String error, Instant since) {
    }

    public Health health() {
        return health;
    }

    @Override
    public void put(Map<String, Path> files) throws IOException {
        watch(() -> {
            store.put(files);
            return null;
        });
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        watch(() -> {
            store.put(key, content);
            return null;
        });
    }

    @Override
    public Optional<StoredFile> find(String key) throws IOException {
        return watch(() -> store.find(key)).map(this::watched);
    }

    @Override
    public Optional<URI> url(String key, String downloadName, Duration ttl) {
        return store.url(key, downloadName, ttl);
    }

    @Override
    public void delete(String key) throws IOException {
        watch(() -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        watch(() -> {
            store.deleteAll(prefix);
            return null;
        });
    }

    @Override
    public Stream<Entry> list(String prefix) throws IOException {
        return watch(() -> store.list(prefix));
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T watch(Call<T> call) throws IOException {
        try {
            T result = call.run();
            if (!health.available()) {
                health = new Health(true, null, clock.instant());
            }
            return result;
        } catch (StoreUnavailableException e) {
            Health was = health;
            health = new Health(false, e.getMessage(), was.available() ? clock.instant() : was.since());
            throw e;
        }
    }

    /** A found object whose reads are watched too: the store may go away between finding and reading. */
    private StoredFile watched(StoredFile file) {
        return StoredFile.of(file.name(), file.mediaType(), file.size(),
                (offset, length) -> watch(() -> file.open(offset, length)));
    }
}
