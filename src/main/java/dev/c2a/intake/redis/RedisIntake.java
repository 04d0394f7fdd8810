package dev.c2a.intake.redis;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.AdapterStatus;
import dev.c2a.intake.Intake;
import dev.c2a.intake.IntakeAdapter;
import dev.c2a.intake.ResultPublisher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Takes jobs in from a Redis stream ({@code intake.<name>.type = redis}) as one consumer of a consumer
 * group that every c2a node shares, and publishes result events as entries of a stream. The message
 * id is the entry's id; the entry's body field is the message, its other fields its headers.
 *
 * <p>Each start of the service is a consumer of its own (host, process and a random incarnation), so
 * that another node's {@code XAUTOCLAIM} takes over what a crashed one left pending, and consumers of
 * past starts are removed once they hold nothing ({@link IdleConsumers}).
 */
public final class RedisIntake implements IntakeAdapter {
    private static final long JOIN_MILLIS = 10_000;

    private final RedisOptions options;
    private final StatusBoard status = new StatusBoard(Clock.systemUTC());
    private final StreamConsumer consumer;
    private final RedisResults results;
    private Thread thread;

    private RedisIntake(RedisOptions options) {
        this.options = options;
        String consumerName = consumerName();
        Connections connections = new Connections(options.url(), "c2a-" + options.name());
        this.consumer = new StreamConsumer(options, connections, consumerName, status);
        this.results = new RedisResults(options, connections, status);
    }

    /** Checks the settings (naming the key that is wrong) and builds the intake, not yet started. */
    public static RedisIntake create(IntakeSettings settings) {
        return new RedisIntake(RedisOptions.from(settings));
    }

    @Override
    public String name() {
        return options.name();
    }

    @Override
    public synchronized void start(Intake intake) {
        if (thread != null) {
            return;
        }
        consumer.intake(intake);
        thread = Thread.ofPlatform().name("intake-" + options.name()).daemon().start(consumer);
    }

    @Override
    public AdapterStatus status() {
        return status.snapshot(options.name(), options.mode().wireName());
    }

    @Override
    public Optional<ResultPublisher> results() {
        return Optional.of(results);
    }

    @Override
    public synchronized void close() {
        consumer.stop();
        if (thread != null) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                consumer.abort();
            }
        }
        results.close();
    }

    private static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
