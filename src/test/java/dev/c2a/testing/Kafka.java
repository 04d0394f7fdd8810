package dev.c2a.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Kafka broker for the tests tagged {@code kafka}: {@code scripts/kafka} starts one KRaft node in
 * {@code target/kafka-tests} the first time a test asks, once per JVM; a broker already running there is
 * reused, and stopped when the JVM exits only if this JVM started it. {@link #own()} is a broker of the
 * caller's own, for a test that kills and restarts it. The broker creates no topic on first use:
 * {@link #createTopics} does.
 */
public final class Kafka {
    /** The JUnit tag of the tests that need a broker: {@code @Tag(Kafka.TAG)}. */
    public static final String TAG = "kafka";
    private static Kafka shared;

    private final String bootstrapServers;

    private Kafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** This JVM's broker, started on first use. */
    public static synchronized Kafka shared() {
        if (shared == null) {
            ProjectScript script = ProjectScript.of("kafka");
            Path dir = script.root().resolve("target").resolve("kafka-tests");
            boolean wasRunning = script.run(List.of("url", dir.toString()), false) != null;
            shared = new Kafka(start(script, dir));
            if (!wasRunning) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> script.run(List.of("stop", dir.toString()), false),
                        "kafka-teardown"));
            }
        }
        return shared;
    }

    /** A broker of the caller's own, started, in a directory of its own under target/. */
    public static Own own() {
        ProjectScript script = ProjectScript.of("kafka");
        Own own = new Own(script, script.root().resolve("target").resolve("kafka-own-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt())));
        own.start();
        return own;
    }

    /** {@code 127.0.0.1:PORT}: what {@code bootstrap.servers} takes. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A name no other test uses: {@code prefix-} and random hex digits. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** Creates the topics, each with {@code partitions} partitions, and returns once the broker has them. */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = admin()) {
            admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + List.of(names) + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the topics; a broker that is gone or a topic that is not there is no error. */
    public void deleteTopics(Collection<String> names) {
        try (Admin admin = admin()) {
            admin.deleteTopics(names).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // left behind: the broker's data is the tests' own, and a later run uses other names
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The offsets the group committed, added up over its partitions: how many records it is past. */
    public long committed(String group) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the offsets of group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names of the broker's topics. */
    public Set<String> topics() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the topics of " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    private static String start(ProjectScript script, Path dir) {
        script.run(List.of("start", dir.toString()), true);
        try {
            return Files.readString(dir.resolve("url")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("scripts/kafka start wrote no url in " + dir, e);
        }
    }

    /**
     * A broker of a test's own: {@link #kill()} stops it with SIGKILL, {@link #start()} starts it again on
     * the same port with the same data, {@link #close()} stops it for good and removes its data.
     */
    public static final class Own implements AutoCloseable {
        private final ProjectScript script;
        private final Path dir;
        private Kafka kafka;

        private Own(ProjectScript script, Path dir) {
            this.script = script;
            this.dir = dir;
        }

        /** Starts it (again: on the port it had, with its topics and offsets); returns once it answers. */
        public Kafka start() {
            kafka = new Kafka(Kafka.start(script, dir));
            return kafka;
        }

        /** The broker as last started. */
        public Kafka kafka() {
            return kafka;
        }

        /** SIGKILL, as a crash. */
        public void kill() {
            script.run(List.of("kill", dir.toString()), true);
        }

        /** Stops it and removes its directory: each own broker is new, nothing of it is looked at later. */
        @Override
        public void close() {
            script.run(List.of("stop", dir.toString()), false);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // left in target/, which a clean build removes
            }
        }
    }
}
