package dev.c2a.intake.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether one consumer is connected, from its own metrics (asking the broker would block): a connection
 * open (one being made counts too, so also) a response within the last 10 s (a paused consumer still
 * heartbeats every 3 s). The client reconnects by itself and throws nothing while the broker is away,
 * so this is where the loss shows: in status as an error at once when a connection is lost, after a
 * grace of 5 s when a new consumer has not connected yet; cleared when it connects again.
 */
final class ConnectionWatch {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String bootstrapServers;
    private final KafkaStatus status;
    private final long made = System.nanoTime();
    private MetricName connectionCount;
    private MetricName responseTotal;
    private double responsesSeen;
    private long lastResponse;
    private boolean reported;

    ConnectionWatch(String bootstrapServers, KafkaStatus status) {
        this.bootstrapServers = bootstrapServers;
        this.status = status;
    }

    /** Looks at the consumer's metrics, reports a loss (or its end) to status, and says whether it is connected. */
    boolean check(Consumer<byte[], byte[]> c) {
        boolean connected = connected(c.metrics());
        if (connected) {
            if (reported) {
                status.succeeded();
            }
            reported = false;
        } else if (!reported && (status.connected || System.nanoTime() - made > GRACE_NANOS)) {
            status.failed("connecting to " + bootstrapServers, new IllegalStateException("no broker answers"));
            reported = true;
        }
        return connected;
    }

    private boolean connected(Map<MetricName, ? extends Metric> metrics) {
        if (connectionCount == null) {
            connectionCount = metric(metrics, "connection-count");
            responseTotal = metric(metrics, "response-total");
        }
        double responses = value(metrics, responseTotal);
        if (responses > responsesSeen) {
            responsesSeen = responses;
            lastResponse = System.nanoTime();
        }
        return value(metrics, connectionCount) > 0 && responsesSeen > 0
                && System.nanoTime() - lastResponse < SILENCE_NANOS;
    }

    private static MetricName metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.keySet().stream().filter(m -> m.name().equals(name) && m.group().equals("consumer-metrics"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the consumer has no metric " + name));
    }

    private static double value(Map<MetricName, ? extends Metric> metrics, MetricName name) {
        Metric m = metrics.get(name);
        return m == null ? 0 : ((Number) m.metricValue()).doubleValue();
    }
}
