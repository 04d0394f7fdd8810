package dev.c2a.store;

import dev.c2a.job.StoredFile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where finished work lives, as objects under keys: a job's audio, captions and chapter files
 * ({@code audio/…}) and its sentence checkpoints ({@code checkpoints/<job>/…}). Every node of a
 * cluster reads what any node wrote. Implementations: {@link LocalObjectStore} (a directory, the
 * default) and {@code S3ObjectStore} (any S3-compatible store); {@code ObjectStoreContract} in the
 * tests is what each must pass.
 *
 * <p>An object is written whole or not at all: a reader never sees part of one. A key is a relative
 * path: segments of letters, digits, {@code . _ -} (none starting with a dot) joined by {@code /}.
 * A store that cannot be reached throws {@link StoreUnavailableException}, which callers treat as
 * "try again later", never as a job's failure.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Stores each file under its key (key → file), durably when this returns. The files may be moved
     * rather than copied: the caller removes whatever is left of them afterwards. Not atomic as a
     * group: a crash may leave some keys written, so point to them only after this returns.
     */
    void put(Map<String, Path> files) throws IOException;

    /**
     * Stores {@code content} under {@code key}, for what can be made again (checkpoints): it is not
     * synced, so a power cut right after may lose it or, on some file systems, leave it torn; a
     * reader must check what it reads (checkpoints carry a CRC).
     */
    void put(String key, byte[] content) throws IOException;

    /** The object under {@code key}, or empty when there is none. */
    Optional<StoredFile> find(String key) throws IOException;

    /**
     * A URL a client may GET the object from without credentials, for {@code ttl}, offering it as
     * {@code downloadName}; empty when this store has no such URLs (a local directory).
     */
    Optional<URI> url(String key, String downloadName, Duration ttl);

    /** Removes the object under {@code key}; no error when there is none. */
    void delete(String key) throws IOException;

    /** Removes every object whose key starts with {@code prefix}. */
    void deleteAll(String prefix) throws IOException;

    /**
     * The objects whose keys start with {@code prefix}, in no set order, read lazily (a bucket may
     * hold millions); the caller closes the stream. A failure while streaming is an
     * {@link java.io.UncheckedIOException}.
     */
    Stream<Entry> list(String prefix) throws IOException;

    /** What and where, for logs and status: "local /var/lib/c2a", "s3 http://host:9000 bucket/prefix". */
    String describe();

    @Override
    void close();

    /** An object as listed: its key, its size in bytes, when it was last written. */
    record Entry(String key, long size, Instant modified) {
    }

    Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}){0,7}");

    /** {@code key} when it is a valid key, else an {@link IllegalArgumentException} naming it. */
    static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not an object key: '" + key + "'");
        }
        return key;
    }

    /** {@code prefix} when it is a valid key or a key's beginning ending with {@code /} (or empty). */
    static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("not a key prefix: null");
        }
        if (!prefix.isEmpty()) {
            checkKey(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }
}
