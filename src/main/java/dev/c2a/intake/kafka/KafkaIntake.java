package dev.c2a.intake.kafka;

import dev.c2a.config.IntakeSettings;
import dev.c2a.intake.AdapterStatus;
import dev.c2a.intake.Intake;
import dev.c2a.intake.IntakeAdapter;
import dev.c2a.intake.ResultPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.Optional;

/**
 * Takes jobs in from a Kafka topic as a member of a consumer group ({@code intake.<name>.type = kafka}):
 * offsets are committed by hand, per partition only up to the records the service accepted (or, in mode
 * on-result, whose jobs finished); refused records go to a dead-letter topic first. One idempotent
 * producer (acks=all) sends the dead letters and the result events. See {@link KafkaIntakeSettings} for
 * the settings and {@link ConsumerLoop} for how consuming goes.
 */
public final class KafkaIntake implements IntakeAdapter {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final KafkaIntakeSettings settings;
    private final KafkaStatus status;
    private final Producer<byte[], byte[]> producer;
    private final KafkaResults results;
    private ConsumerLoop loop;
    private Thread thread;

    private KafkaIntake(KafkaIntakeSettings settings) {
        this.settings = settings;
        this.status = new KafkaStatus(settings.name(), settings.mode().wireName());
        // connects only when it first sends: building it needs no broker
        this.producer = new KafkaProducer<>(settings.producerConfig());
        this.results = new KafkaResults(producer, settings.resultsTopic(), status);
    }

    /** Validates the settings (naming the key that is wrong); nothing connects before {@link #start}. */
    public static KafkaIntake create(IntakeSettings settings) {
        return new KafkaIntake(KafkaIntakeSettings.of(settings));
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
        loop = new ConsumerLoop(settings, intake, producer, status);
        thread = Thread.ofPlatform().name("intake-" + settings.name()).daemon().start(loop);
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
            loop.close();
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        producer.close(Duration.ofSeconds(5));
    }
}
