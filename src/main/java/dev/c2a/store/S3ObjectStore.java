package dev.c2a.store;

import dev.c2a.job.AudioFormat;
import dev.c2a.job.StoredFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Objects in a bucket of any S3-compatible server (AWS, MinIO, Ceph, Garage, S3Proxy, …), each key
 * stored under the configured prefix. A PUT is atomic and durable when it returns, so a reader sees
 * an object whole or not at all; files larger than the part size go up in a multipart upload.
 *
 * <p>The SDK's HTTP client is the JDK's HttpURLConnection: a connection is refused or times out in
 * {@link #CONNECT_TIMEOUT}, a stalled transfer fails after {@link #READ_TIMEOUT}. The SDK retries
 * what it deems transient (its standard policy: 3 attempts); what still fails is a
 * {@link StoreUnavailableException} or, when a person must act, an {@link IOException} (see
 * {@link S3Errors}).
 */
public final class S3ObjectStore implements ObjectStore {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** One attempt of one call: a part of 8 MiB at 150 KB/s still fits. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);
    /** Keys in one DeleteObjects request at most. */
    private static final int DELETE_BATCH = 1000;

    private final S3Options options;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Errors errors;

    private S3ObjectStore(S3Options options) {
        this.options = options;
        this.errors = new S3Errors(options);
        AwsCredentialsProvider credentials = options.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(options.accessKey(), options.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder client = S3Client.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials)
                // why no aws-chunked uploads: a server that does not decode them (s3rver) stores the chunk
                // framing as the object's bytes, without an error. Over http the SDK then reads a file
                // twice (once to sign its hash); over https it sends the body unsigned, as TLS guards it.
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(options.pathStyle())
                        .chunkedEncodingEnabled(false)
                        .build())
                // why: since 2.30 the SDK adds CRC checksums (and aws-chunked trailers) to every upload by
                // default, which servers other than AWS may reject; this is the behaviour of before
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        S3Presigner.Builder presign = S3Presigner.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(options.pathStyle()).build());
        if (options.endpoint() != null) {
            client.endpointOverride(options.endpoint());
            presign.endpointOverride(options.endpoint());
        }
        this.s3 = client.build();
        this.presigner = presign.build();
    }

    /**
     * A store on the bucket, which is checked first (a HEAD request): a missing bucket, refused
     * credentials or an unreachable server fail here, with a message naming which.
     */
    public static S3ObjectStore open(S3Options options) throws IOException {
        S3ObjectStore store = new S3ObjectStore(options);
        try {
            store.s3.headBucket(b -> b.bucket(options.bucket()));
            return store;
        } catch (SdkException e) {
            IOException failure = store.whyNot(e);
            store.close();
            throw failure;
        }
    }

    private IOException whyNot(SdkException e) {
        if (e instanceof S3Exception s && s.statusCode() == 404) {
            return new IOException("s3 " + options.where() + ": no such bucket; create it, or set another", e);
        }
        if (e instanceof S3Exception s && s.statusCode() == 403) {
            // a HEAD request's answer has no body to name the cause in; a listing's does (an unknown
            // access key, a wrong secret key, no permission)
            try {
                s3.listObjectsV2(b -> b.bucket(options.bucket()).maxKeys(1));
            } catch (SdkException listing) {
                return errors.of("check the bucket", listing);
            }
        }
        return errors.of("check the bucket", e);
    }

    /** A store that does not check its bucket, for tests of a server that is gone. */
    static S3ObjectStore unchecked(S3Options options) {
        return new S3ObjectStore(options);
    }

    @Override
    public void put(Map<String, Path> files) throws IOException {
        for (Map.Entry<String, Path> f : files.entrySet()) {
            String key = ObjectStore.checkKey(f.getKey());
            long size = Files.size(f.getValue());
            try {
                if (size <= options.partSize()) {
                    s3.putObject(b -> b.bucket(options.bucket()).key(objectKey(key)).contentType(mediaType(key)),
                            RequestBody.fromFile(f.getValue()));
                } else {
                    S3MultipartUpload.upload(s3, options.bucket(), objectKey(key), mediaType(key), f.getValue(), size,
                            options.partSize());
                }
            } catch (SdkException e) {
                throw errors.of("write " + key, e);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        ObjectStore.checkKey(key);
        try {
            s3.putObject(b -> b.bucket(options.bucket()).key(objectKey(key)).contentType(mediaType(key)),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw errors.of("write " + key, e);
        }
    }

    @Override
    public Optional<StoredFile> find(String key) throws IOException {
        ObjectStore.checkKey(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(options.bucket()).key(objectKey(key)));
            return Optional.of(new S3File(s3, options.bucket(), objectKey(key), key, head.eTag(), head.contentLength(), errors));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw errors.of("find " + key, e);
        } catch (SdkException e) {
            throw errors.of("find " + key, e);
        }
    }

    /** Signed here, without asking the server: the URL may name an object that does not exist (it then answers 404). */
    @Override
    public Optional<URI> url(String key, String downloadName, Duration ttl) {
        ObjectStore.checkKey(key);
        var signed = presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(b -> b
                .bucket(options.bucket()).key(objectKey(key)).responseContentDisposition(contentDisposition(downloadName))));
        try {
            return Optional.of(signed.url().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the SDK signed a URL that is no URI: " + signed.url(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        ObjectStore.checkKey(key);
        try {
            s3.deleteObject(b -> b.bucket(options.bucket()).key(objectKey(key)));
        } catch (SdkException e) {
            throw errors.of("delete " + key, e);
        }
    }

    /** Lists and deletes a thousand keys at a time (one DeleteObjects request each), never all keys at once. */
    @Override
    public void deleteAll(String prefix) throws IOException {
        try (Stream<Entry> entries = list(prefix)) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (Entry e : (Iterable<Entry>) entries::iterator) {
                batch.add(ObjectIdentifier.builder().key(objectKey(e.key())).build());
                if (batch.size() == DELETE_BATCH) {
                    deleteBatch(prefix, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                deleteBatch(prefix, batch);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void deleteBatch(String prefix, List<ObjectIdentifier> keys) throws IOException {
        DeleteObjectsResponse response;
        try {
            response = s3.deleteObjects(b -> b.bucket(options.bucket()).delete(d -> d.objects(keys).quiet(true)));
        } catch (SdkException e) {
            throw errors.of("delete " + keys.size() + " keys under '" + prefix + "'", e);
        }
        if (response.hasErrors() && !response.errors().isEmpty()) {
            S3Error first = response.errors().getFirst();
            throw new IOException("s3 " + options.where() + " did not delete " + response.errors().size() + " of "
                    + keys.size() + " keys under '" + prefix + "', such as " + first.key() + ": " + first.code() + " "
                    + first.message());
        }
    }

    /** The first page is asked for here, so an unreachable store fails this call rather than the stream. */
    @Override
    public Stream<Entry> list(String prefix) throws IOException {
        ObjectStore.checkPrefix(prefix);
        return S3Listing.of(s3, options.bucket(), options.prefix(), prefix, errors);
    }

    @Override
    public String describe() {
        return "s3 " + options.where();
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
    }

    private String objectKey(String key) {
        return options.prefix() + key;
    }

    private static String mediaType(String key) {
        return AudioFormat.mediaTypeOf(key.substring(key.lastIndexOf('/') + 1));
    }

    /**
     * What the server answers a presigned GET with: inline, as the service's own download route does
     * (a browser plays the audio), under {@code name}; RFC 6266's {@code filename*} for names that
     * are not plain ASCII.
     */
    static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        if (ascii.equals(name)) {
            return "inline; filename=\"" + name + "\"";
        }
        return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
