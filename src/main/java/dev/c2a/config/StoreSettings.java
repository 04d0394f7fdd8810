package dev.c2a.config;

import dev.c2a.store.S3Options;

import java.util.Locale;

/**
 * Where finished audio, captions and checkpoints are kept: the data directory ({@code local}) or
 * an S3-compatible object store ({@code s3}) that every node of a cluster reads.
 *
 * @param s3           null for {@code local}
 * @param redirect     answer downloads with a redirect to a presigned URL, when the store makes them
 * @param minFreeDisk  free bytes in the data directory below which this node stops claiming and
 *                     refuses submissions
 */
public record StoreSettings(Kind kind, S3Options s3, boolean redirect, long minFreeDisk) {

    public enum Kind {
        LOCAL, S3;

        static Kind parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected 'local' or 's3', got '" + value + "'");
            }
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
