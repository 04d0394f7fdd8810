package dev.c2a.intake.rabbitmq;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.AdapterStatus;
import dev.c2a.intake.Intake;
import dev.c2a.intake.IntakeAdapter;
import dev.c2a.intake.ResultPublisher;

import java.time.Clock;
import java.util.Optional;

/**
 * Takes jobs from a RabbitMQ quorum queue ({@code intake.<name>.type = rabbitmq}) and publishes
 * their result events back. Manual acknowledgements: in mode on-accept a message is acknowledged
 * once it is a job; in mode on-result once its job finished, the delivery held unacknowledged until
 * then (the broker's consumer_timeout must outlast the job deadline, which {@link #create} checks
 * against the configured {@code consumer-timeout}). A refused message is copied to the dead-letter
 * queue with its reason, confirmed, then acknowledged.
 */
public final class RabbitMqIntake implements IntakeAdapter {
    private final RabbitMqSettings settings;
    private final RabbitMqConnections connections;
    private final StatusBoard status;
    private final RabbitMqResults results;
    private final Clock clock;
    private ConsumeLoop loop;
    private Thread thread;

    private RabbitMqIntake(RabbitMqSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.connections = new RabbitMqConnections(settings);
        this.status = new StatusBoard(settings.name(), settings.mode().wireName(), clock);
        this.results = new RabbitMqResults(settings, connections, status);
    }

    /** Validates the settings (naming the key that is wrong); connects only at {@link #start}. */
    public static RabbitMqIntake create(IntakeSettings settings) {
        return new RabbitMqIntake(RabbitMqSettings.of(settings), Clock.systemUTC());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public synchronized void start(Intake intake) {
        if (thread != null) {
            return;
        }
        loop = new ConsumeLoop(settings, connections, intake, status, clock);
        thread = new Thread(loop, "intake-" + settings.name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public AdapterStatus status() {
        return status.snapshot();
    }

    @Override
    public Optional<ResultPublisher> results() {
        return Optional.of(results);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            loop.stop();
            try {
                // a step ends within 200 ms, or when an accept in progress returns
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        results.close();
    }
}
