package dev.c2a.store;

import java.net.URI;
import java.util.List;

/**
 * Where an {@link S3ObjectStore} keeps its objects, checked when made: each message names the
 * setting at fault.
 *
 * @param endpoint  the S3-compatible server ({@code http://127.0.0.1:9000}); null for AWS itself
 * @param region    the bucket's region; for other servers usually any, often {@code us-east-1}
 * @param bucket    the bucket, which must exist
 * @param prefix    what every key is stored under ({@code "c2a/"}), so that one bucket serves several
 *                  deployments; empty for none. A prefix without a final {@code /} gets one.
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}: what
 *                  most servers other than AWS need
 * @param accessKey with {@code secretKey}, the credentials; both null for the SDK's default chain
 *                  (AWS_ACCESS_KEY_ID, ~/.aws, an instance's role, …)
 * @param partSize  files larger than this are uploaded in parts of this size (S3's smallest is 5 MiB)
 */
public record S3Options(URI endpoint, String region, String bucket, String prefix, boolean pathStyle,
                        String accessKey, String secretKey, long partSize) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long MIN_PART_SIZE = 5L << 20;
    /** S3's largest part. */
    public static final long MAX_PART_SIZE = 5L << 30;
    public static final long DEFAULT_PART_SIZE = 8L << 20;

    public S3Options {
        if (endpoint != null && (!List.of("http", "https").contains(endpoint.getScheme()) || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("s3 endpoint must be an http:// or https:// URL with a host, was " + endpoint);
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("s3 bucket must be set");
        }
        prefix = prefix == null ? "" : prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        try {
            ObjectStore.checkPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("s3 prefix must be like a key (c2a/, team/c2a/), was '" + prefix + "'");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("s3 access key and secret key go together: set both, or neither to use"
                    + " the AWS SDK's default credentials");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("s3 part size must be from 5 MiB (" + MIN_PART_SIZE + ") to 5 GiB ("
                    + MAX_PART_SIZE + "), was " + partSize);
        }
    }

    /** The bucket on AWS, in us-east-1, with the default credentials; the {@code with…} methods change the rest. */
    public static S3Options of(String bucket) {
        return new S3Options(null, DEFAULT_REGION, bucket, "", false, null, null, DEFAULT_PART_SIZE);
    }

    public S3Options withEndpoint(URI endpoint) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, accessKey, secretKey, partSize);
    }

    public S3Options withRegion(String region) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, accessKey, secretKey, partSize);
    }

    public S3Options withPrefix(String prefix) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, accessKey, secretKey, partSize);
    }

    public S3Options withPathStyle(boolean pathStyle) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, accessKey, secretKey, partSize);
    }

    public S3Options withCredentials(String accessKey, String secretKey) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, accessKey, secretKey, partSize);
    }

    public S3Options withPartSize(long partSize) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, accessKey, secretKey, partSize);
    }

    /** For logs and status: "http://127.0.0.1:9000 bucket c2a" or "AWS us-east-1 bucket c2a", and the prefix. */
    public String where() {
        return (endpoint != null ? endpoint.toString() : "AWS " + region) + " bucket " + bucket
                + (prefix.isEmpty() ? "" : " prefix " + prefix);
    }

    /** Never the secret key, which a record's own toString would print. */
    @Override
    public String toString() {
        return "S3Options[" + where() + ", region " + region + (pathStyle ? ", path-style" : "")
                + (accessKey != null ? ", access key " + accessKey : ", default credentials") + ", part size " + partSize + "]";
    }
}
