package dev.c2a.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Real RabbitMQ nodes for the tests tagged {@code rabbitmq}: {@code scripts/rabbitmq} starts the
 * shared one in {@code target/rabbitmq-tests} the first time a test asks, once per JVM (a node already
 * running there is reused), and stops it when the JVM exits, but only if this JVM started it.
 * {@link #own} is a node of the caller's own, for tests that kill and restart their broker.
 */
public final class RabbitMq {
    /** The JUnit tag of the tests that need a RabbitMQ node: {@code @Tag(RabbitMq.TAG)}. */
    public static final String TAG = "rabbitmq";
    private static final Path DIR = Path.of("target", "rabbitmq-tests");
    private static RabbitMq server;

    private final URI url;

    private RabbitMq(URI url) {
        this.url = url;
    }

    /** The node of this JVM, started on first use. */
    public static synchronized RabbitMq server() {
        if (server == null) {
            ProjectScript script = ProjectScript.of("rabbitmq");
            Path dir = script.root().resolve(DIR);
            boolean wasRunning = script.run(List.of("url", dir.toString()), false) != null;
            script.run(List.of("start", dir.toString()), true);
            server = new RabbitMq(readUrl(dir));
            if (!wasRunning) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> script.run(List.of("stop", dir.toString()), false),
                        "rabbitmq-teardown"));
            }
        }
        return server;
    }

    /**
     * A node of the caller's own (not yet started), whose consumer_timeout is {@code consumerTimeout}
     * (RabbitMQ's default is 30 minutes): the JVM's shared node must stay up for the others. It keeps
     * its port and queues across a kill and a start; {@link Own#close()} stops it and removes its data.
     */
    public static Own own(Duration consumerTimeout) {
        ProjectScript script = ProjectScript.of("rabbitmq");
        return new Own(script, script.root().resolve(DIR.resolveSibling("rabbitmq-own-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()))), consumerTimeout);
    }

    /** {@code amqp://user:password@127.0.0.1:port/}, as the script prints it. */
    public URI url() {
        return url;
    }

    /** A new connection to this node, for a test to publish and read with. */
    public Connection connect() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
            factory.setAutomaticRecoveryEnabled(false);
            // a broker that stops answering fails the test in seconds instead of holding it for 10 minutes
            factory.setChannelRpcTimeout(30_000);
            return factory.newConnection("c2a test");
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to RabbitMQ at " + url.getHost() + ":" + url.getPort(), e);
        }
    }

    private static URI readUrl(Path dir) {
        try {
            return URI.create(Files.readString(dir.resolve("url")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("scripts/rabbitmq start wrote no " + dir.resolve("url"), e);
        }
    }

    /** A node that a test starts, kills and starts again. */
    public static final class Own implements AutoCloseable {
        private final ProjectScript script;
        private final Path dir;
        private final Map<String, String> environment;

        private Own(ProjectScript script, Path dir, Duration consumerTimeout) {
            this.script = script;
            this.dir = dir;
            this.environment = Map.of("C2A_RABBITMQ_CONSUMER_TIMEOUT", Long.toString(consumerTimeout.toMillis()));
        }

        /** Starts it (again: on the port it had, with its queues and messages); returns once it answers. */
        public RabbitMq start() {
            script.run(List.of("start", dir.toString()), environment, true);
            return new RabbitMq(readUrl(dir));
        }

        /**
         * Saves the node's registry of quorum queues, as the broker does every 3 minutes: a test that
         * kills the node right after declaring its queues would otherwise lose them (scripts/rabbitmq).
         */
        public void sync() {
            script.run(List.of("sync", dir.toString()), true);
        }

        /** SIGKILL, as a crash. */
        public void kill() {
            script.run(List.of("kill", dir.toString()), true);
        }

        @Override
        public void close() {
            script.run(List.of("stop", dir.toString()), false);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a directory left in target harms no later run
            }
        }
    }
}
