package dev.c2a.intake.rabbitmq;

import dev.c2a.intake.Backoff;
import dev.c2a.intake.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The adapter's consuming thread: connects, runs a {@link ConsumerSession} until its connection or
 * channel fails (the broker went away, or closed a channel whose delivery outlived its
 * consumer_timeout), then connects again after a capped exponential backoff. Survives every error
 * until {@link #stop}.
 */
final class ConsumeLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeLoop.class);

    private final RabbitMqSettings settings;
    private final RabbitMqConnections connections;
    private final Intake intake;
    private final StatusBoard status;
    private final Clock clock;
    private final Backoff backoff;
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** The last failure logged as a warning: the same one again (a broker down for minutes) goes to debug. */
    private String lastWarned;

    ConsumeLoop(RabbitMqSettings settings, RabbitMqConnections connections, Intake intake, StatusBoard status,
                Clock clock) {
        this.settings = settings;
        this.connections = connections;
        this.intake = intake;
        this.status = status;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofMillis(200), settings.reconnectMax());
    }

    /** Asks the thread to end: it does within one step (200 ms, or an accept in progress). */
    void stop() {
        stopping.countDown();
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    @Override
    public void run() {
        while (!stopped()) {
            try (ConsumerSession session = ConsumerSession.open(settings, intake, status, clock,
                    connections.open("consumer"))) {
                status.connected(true);
                backoff.reset();
                lastWarned = null;
                LOG.info("intake {}: connected to {}, consuming {}", settings.name(),
                        RabbitMqSettings.redact(settings.url().toString()), settings.queue());
                while (!stopped() && session.isOpen()) {
                    session.step();
                }
                if (!stopped()) {
                    failed(session.whyClosed());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed(RabbitMqConnections.describe(e));
            } finally {
                status.connected(false);
            }
            if (!stopped()) {
                pause(backoff.next());
            }
        }
    }

    private void failed(String reason) {
        status.failed(reason);
        if (reason.equals(lastWarned)) {
            LOG.debug("intake {}: {}", settings.name(), reason);
        } else {
            LOG.warn("intake {}: {} (connecting again with backoff)", settings.name(), reason);
            lastWarned = reason;
        }
    }

    private void pause(Duration wait) {
        try {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }
}
