package dev.c2a.intake.rabbitmq;

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

    ConsumeLoop(RabbitMqSettings settings, RabbitMqConnections connections, Intake intake, StatusBoard status, Clock clock) {
        this.settings = settings;
        this.connections = connections;
        this.intake = intake;
        this.status = status;
        this.clock = clock;
        this.backoff = new Backoff(settings.reconnectMax());
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
            try (ConsumerSession session = ConsumerSession.open(settings, intake, status, clock, connections.open("consumer"))) {
                status.connected(true);
                backoff.reset();
                LOG.info("intake {}: connected to {}, consuming {}", settings.name(),
                        RabbitMqSettings.redact(settings.url().toString()), settings.queue());
                while (!stopped() && session.isOpen()) {
                    session.step();
                }
                if (!stopped()) {
                    status.failed(session.whyClosed());
                    LOG.warn("intake {}: {}", settings.name(), session.whyClosed());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                String reason = RabbitMqConnections.describe(e);
                status.failed(reason);
                LOG.warn("intake {}: {}", settings.name(), reason);
            } finally {
                status.connected(false);
            }
            if (!stopped()) {
                pause(backoff.next());
            }
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
