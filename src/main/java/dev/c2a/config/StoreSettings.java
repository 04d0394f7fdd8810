package dev.c2a.config;

import java.net.URI;
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
public record StoreSettings(Kind kind, S3 s3, boolean redirect, long minFreeDisk) {

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

    /**
     * @param endpoint   null for AWS itself
     * @param prefix     "" or a key prefix ending with "/"
     * @param accessKey  null (with secretKey) for the AWS SDK's usual chain: environment, profile, instance role
     */
    public record S3(URI endpoint, String region, String bucket, String prefix, boolean pathStyle, String accessKey,
                     String secretKey) {
    }
}
