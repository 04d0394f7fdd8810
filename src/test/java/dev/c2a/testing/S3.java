package dev.c2a.testing;

import dev.c2a.store.S3Options;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real S3-compatible servers for the tests tagged {@code s3}: {@code scripts/s3} starts S3Proxy in
 * {@code target/s3-tests} (or, for {@link #s3rver()}, npm's s3rver in {@code target/s3rver-tests})
 * the first time a test asks, once per JVM; a server already running there is reused. Every
 * {@link #newBucket()} is an empty bucket of the caller's own.
 *
 * <p>Buckets are emptied and removed by {@link Bucket#close()}, or at the latest when the JVM exits;
 * a server is stopped then too, but only if this JVM started it.
 */
public final class S3 {
    /** The JUnit tag of the tests that need these servers: {@code @Tag(S3.TAG)}. */
    public static final String TAG = "s3";
    private static final Map<String, S3> servers = new HashMap<>();

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final S3Client admin;
    /** Buckets made by this JVM and not yet removed. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    private S3(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.admin = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** S3Proxy with its filesystem backend, started on first use. */
    public static S3 s3proxy() {
        return server(List.of(), "s3-tests");
    }

    /** npm's s3rver, started on first use: a second implementation, stricter and looser in other places. */
    public static S3 s3rver() {
        return server(List.of("--s3rver"), "s3rver-tests");
    }

    /**
     * An S3Proxy of the caller's own (not yet started), for a test that stops and starts its store:
     * the JVM's shared server must stay up for the others. It keeps its port and objects across a
     * stop and a start.
     */
    public static Own own() {
        ProjectScript script = ProjectScript.of("s3");
        return new Own(script, script.root().resolve("target").resolve("s3-own-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt())));
    }

    /** A server that a test starts and stops; {@link #close()} stops it for good. */
    public static final class Own implements AutoCloseable {
        private final ProjectScript script;
        private final Path dir;

        private Own(ProjectScript script, Path dir) {
            this.script = script;
            this.dir = dir;
        }

        /** Starts it (again: on the port it had, with its objects); the server to make buckets on. */
        public S3 start() {
            script.run(List.of("start", dir.toString()), true);
            try {
                return new S3(URI.create(read(dir, "url")), read(dir, "access-key"), read(dir, "secret-key"));
            } catch (IOException e) {
                throw new IllegalStateException("scripts/s3 start wrote no settings in " + dir, e);
            }
        }

        public void stop() {
            script.run(List.of("stop", dir.toString()), true);
        }

        @Override
        public void close() {
            script.run(List.of("stop", dir.toString()), false);
        }
    }

    /** A new empty bucket on this JVM's S3Proxy. */
    public static Bucket newBucket() {
        return s3proxy().bucket();
    }

    /** A new empty bucket on this server. */
    public Bucket bucket() {
        String name = "t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        admin.createBucket(b -> b.bucket(name));
        open.add(name);
        return new Bucket(this, name);
    }

    public URI endpoint() {
        return endpoint;
    }

    private static synchronized S3 server(List<String> flags, String dirName) {
        return servers.computeIfAbsent(dirName, d -> start(flags, d));
    }

    private static S3 start(List<String> flags, String dirName) {
        ProjectScript script = ProjectScript.of("s3");
        Path dir = script.root().resolve("target").resolve(dirName);
        boolean wasRunning = script.run(List.of("url", dir.toString()), false) != null;
        script.run(concat(List.of("start"), flags, List.of(dir.toString())), true);
        S3 s3;
        try {
            s3 = new S3(URI.create(read(dir, "url")), read(dir, "access-key"), read(dir, "secret-key"));
        } catch (IOException e) {
            throw new IllegalStateException("scripts/s3 start wrote no settings in " + dir, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s3.removeOpenBuckets();
            s3.admin.close();
            if (!wasRunning) {
                script.run(List.of("stop", dir.toString()), false);
            }
        }, "s3-teardown"));
        return s3;
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toList();
    }


    /** Empties the bucket (objects, then uploads left unfinished) and removes it. */
    private void remove(String name) {
        if (!open.remove(name)) {
            return;
        }
        for (var page : admin.listObjectsV2Paginator(b -> b.bucket(name))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(S3Object::key).map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            if (!keys.isEmpty()) {
                admin.deleteObjects(b -> b.bucket(name).delete(d -> d.objects(keys).quiet(true)));
            }
        }
        try {
            admin.listMultipartUploads(b -> b.bucket(name)).uploads().forEach(u ->
                    admin.abortMultipartUpload(b -> b.bucket(name).key(u.key()).uploadId(u.uploadId())));
        } catch (RuntimeException e) {
            // a server without the listing (or the upload) keeps nothing that blocks the removal
        }
        admin.deleteBucket(b -> b.bucket(name));
    }

    private void removeOpenBuckets() {
        for (String name : Set.copyOf(open)) {
            try {
                remove(name);
            } catch (RuntimeException e) {
                // the server may be gone already; a bucket left behind harms no later run
            }
        }
    }

    /** One test's bucket; {@link #options()} points an {@code S3ObjectStore} at it. */
    public static final class Bucket implements AutoCloseable {
        private final S3 server;
        private final String name;

        private Bucket(S3 server, String name) {
            this.server = server;
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** The bucket on its server, path-style, with the server's credentials. */
        public S3Options options() {
            return S3Options.of(name).withEndpoint(server.endpoint).withPathStyle(true)
                    .withCredentials(server.accessKey, server.secretKey);
        }

        /** The server's client, for looking at what a store wrote, past the store. */
        public S3Client client() {
            return server.admin;
        }

        /** Empties and removes the bucket. */
        @Override
        public void close() {
            server.remove(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
