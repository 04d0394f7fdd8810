package dev.c2a.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A file of a job's result as the store opens it: what HTTP streams (whole or one byte range)
 * without knowing where or how it is kept.
 */
public interface StoredFile {

    /** The name to offer a client downloading it. */
    String name();

    String mediaType();

    long size();

    /** {@code length} bytes from {@code offset}, streamed; the caller closes the stream. */
    InputStream open(long offset, long length) throws IOException;

    default InputStream open() throws IOException {
        return open(0, size());
    }

    /** All of it, for small files (captions, a playlist) and tests. */
    default byte[] bytes() throws IOException {
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    /** The same file, offered to clients as {@code downloadName}. */
    default StoredFile named(String downloadName) {
        return of(downloadName, mediaType(), size(), this::open);
    }

    /** Opens a byte range of a file: {@code length} bytes from {@code offset}. */
    @FunctionalInterface
    interface Opener {
        InputStream open(long offset, long length) throws IOException;
    }

    /** A file whose ranges {@code opener} opens (a decorator's, or a store's). */
    static StoredFile of(String name, String mediaType, long size, Opener opener) {
        return new StoredFile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String mediaType() {
                return mediaType;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open(long offset, long length) throws IOException {
                return opener.open(offset, length);
            }
        };
    }

    /** A file made in memory (captions converted on request, a playlist rewritten for HTTP). */
    static StoredFile of(String name, String mediaType, byte[] content) {
        return of(name, mediaType, content.length,
                (offset, length) -> new ByteArrayInputStream(Arrays.copyOfRange(content, (int) offset, (int) (offset + length))));
    }
}
