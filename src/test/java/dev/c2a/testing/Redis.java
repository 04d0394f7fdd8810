package dev.c2a.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Real Redis servers for the tests tagged {@code redis}: {@code scripts/redis} starts the shared one
 * in {@code target/redis-tests} the first time a test asks (once per JVM; a server already running
 * there is reused). Every {@link #newPrefix()} names keys of the caller's own on it.
 *
 * <p>Keys under the prefixes this JVM handed out are deleted when the JVM exits; the server is stopped
 * then too, but only if this JVM started it.
 */
public final class Redis {
    /** The JUnit tag of the tests that need this server: {@code @Tag(Redis.TAG)}. */
    public static final String TAG = "redis";
    private static final Path DIR = Path.of("target", "redis-tests");
    private static Redis server;

    private final URI url;
    /** Key prefixes handed out by this JVM whose keys are not yet deleted. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    private Redis(URI url) {
        this.url = url;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized Redis server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /**
     * A server of the caller's own (not yet started), for a test that kills and starts its broker:
     * the JVM's shared server must stay up for the others. It fsyncs every write (scripts/redis
     * --fsync-always), so that a kill loses nothing it acknowledged, and keeps its port and data
     * across a kill and a start.
     */
    public static Own own() {
        ProjectScript script = ProjectScript.of("redis");
        return new Own(script, script.root().resolve(DIR.resolveSibling("redis-own-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()))));
    }

    private static Redis start() {
        ProjectScript script = ProjectScript.of("redis");
        Path dir = script.root().resolve(DIR);
        boolean wasRunning = script.run(List.of("url", dir.toString()), false) != null;
        script.run(List.of("start", dir.toString()), true);
        Redis redis = new Redis(readUrl(dir));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.deleteOpenKeys();
            if (!wasRunning) {
                script.run(List.of("stop", dir.toString()), false);
            }
        }, "redis-teardown"));
        return redis;
    }

    private static URI readUrl(Path dir) {
        try {
            return URI.create(Files.readString(dir.resolve("url")).strip());
        } catch (IOException e) {
            throw new IllegalStateException("scripts/redis start wrote no " + dir.resolve("url"), e);
        }
    }

    /** {@code redis://:password@127.0.0.1:port}, as a person would give it to c2a. */
    public URI url() {
        return url;
    }

    /** A new connection of the caller's, authenticated. */
    public Jedis connect() {
        String password = url.getUserInfo().substring(url.getUserInfo().indexOf(':') + 1);
        return new Jedis(new HostAndPort(url.getHost(), url.getPort()),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).password(password).socketTimeoutMillis(10_000).build());
    }

    /** A prefix for keys of the caller's own, {@code t-<random>:}; its keys are deleted at the JVM's exit. */
    public String newPrefix() {
        String prefix = "t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ":";
        open.add(prefix);
        return prefix;
    }

    /** Deletes the keys under {@code prefix} now. */
    public void deleteKeys(String prefix) {
        if (open.remove(prefix)) {
            try (Jedis jedis = connect()) {
                for (String key : jedis.keys(prefix + "*")) {
                    jedis.del(key);
                }
            }
        }
    }

    private void deleteOpenKeys() {
        for (String prefix : Set.copyOf(open)) {
            try {
                deleteKeys(prefix);
            } catch (RuntimeException e) {
                // the server may be gone already; keys left behind harm no later run
            }
        }
    }

    /** A server that a test kills and starts; {@link #close()} stops it and removes its data. */
    public static final class Own implements AutoCloseable {
        private final ProjectScript script;
        private final Path dir;

        private Own(ProjectScript script, Path dir) {
            this.script = script;
            this.dir = dir;
        }

        /** Starts it (again: on the port it had, with its data); the server to make keys on. */
        public Redis start() {
            script.run(List.of("start", "--fsync-always", dir.toString()), true);
            return new Redis(readUrl(dir));
        }

        /** SIGKILL: what it had not written to its append-only file is lost, as in a crash. */
        public void kill() {
            script.run(List.of("kill", dir.toString()), true);
        }

        @Override
        public void close() {
            script.run(List.of("stop", dir.toString()), false);
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove " + dir, e);
            }
        }
    }
}
