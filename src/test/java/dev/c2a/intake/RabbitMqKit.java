package dev.c2a.intake;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.c2a.testing.RabbitMq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RabbitMQ for {@code IntakeAdapterContract}: each channel is a job queue, its dead-letter queue and
 * its results queue on the node of {@link RabbitMq#server()}, declared as c2a declares them (a
 * producer may publish before c2a starts), removed by {@link Channel#close()}.
 */
public final class RabbitMqKit implements BrokerKit {
    /** The delivery limit the channels' queues are declared with, and their settings say. */
    static final int DELIVERY_LIMIT = 5;

    @Override
    public String type() {
        return "rabbitmq";
    }

    @Override
    public BrokerKit.Channel newChannel() {
        return new Queues(RabbitMq.server());
    }

    @Override
    public Own own() {
        return own(Duration.ofMinutes(30));
    }

    /** A node of the caller's own with this consumer_timeout, started. */
    public Own own(Duration consumerTimeout) {
        RabbitMq.Own node = RabbitMq.own(consumerTimeout);
        RabbitMq started;
        try {
            started = node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return new Own() {
            /** Its queues are declared, then the node's registry of them saved, as for queues in service. */
            @Override
            public BrokerKit.Channel newChannel() {
                Queues queues = new Queues(started);
                node.sync();
                return queues;
            }

            @Override
            public void kill() {
                node.kill();
            }

            @Override
            public void start() {
                node.start();
            }

            @Override
            public void close() {
                node.close();
            }
        };
    }

    /**
     * One test's queues. Its connection is opened again when the node went away and came back (same
     * port), so a test may read results after a restart.
     */
    static final class Queues implements BrokerKit.Channel {
        private final RabbitMq node;
        private final String queue = "t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        private final String deadLetterQueue = queue + ".dead";
        private final String resultsQueue = queue + ".results";
        private final List<String> results = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private Connection connection;

        Queues(RabbitMq node) {
            this.node = node;
            try {
                com.rabbitmq.client.Channel ch = channel();
                ch.queueDeclare(deadLetterQueue, true, false, false, Map.of("x-queue-type", "quorum"));
                ch.queueDeclare(resultsQueue, true, false, false, Map.of("x-queue-type", "quorum"));
                ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum",
                        "x-delivery-limit", DELIVERY_LIMIT, "x-dead-letter-exchange", "",
                        "x-dead-letter-routing-key", deadLetterQueue));
                ch.close();
            } catch (Exception e) {
                throw new IllegalStateException("declaring the test's queues failed", e);
            }
        }

        /** The job queue's name. */
        String queue() {
            return queue;
        }

        /** Messages ready in the job queue (not those delivered and not yet acknowledged). */
        long ready() throws IOException {
            com.rabbitmq.client.Channel ch = channel();
            long count = ch.queueDeclarePassive(queue).getMessageCount();
            try {
                ch.close();
            } catch (Exception e) {
                // counted; the channel goes with its connection
            }
            return count;
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("type", "rabbitmq", "url", node.url().toString(), "queue", queue,
                    "dead-letter-queue", deadLetterQueue, "results-queue", resultsQueue,
                    "delivery-limit", Integer.toString(DELIVERY_LIMIT), "reconnect-max", "1s");
        }

        @Override
        public synchronized void publish(List<Message> messages) throws Exception {
            com.rabbitmq.client.Channel ch = channel();
            ch.confirmSelect();
            for (Message m : messages) {
                ch.basicPublish("", queue, true, properties(m), m.body());
            }
            ch.waitForConfirmsOrDie(10_000);
            ch.close();
        }

        private static AMQP.BasicProperties properties(Message m) {
            Map<String, Object> headers = new HashMap<>();
            AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().messageId(m.id()).deliveryMode(2);
            m.headers().forEach((name, value) -> {
                switch (name) {
                    case Inbound.CONTENT_TYPE -> props.contentType(value);
                    case Inbound.CORRELATION_ID -> props.correlationId(value);
                    case Inbound.REPLY_TO -> props.replyTo(value);
                    default -> headers.put(name, value);
                }
            });
            return props.headers(headers).build();
        }

        @Override
        public synchronized List<String> results(int atLeast, Duration wait) throws Exception {
            Instant until = Instant.now().plus(wait);
            do {
                for (GetResponse r : drain(resultsQueue)) {
                    results.add(new String(r.getBody(), StandardCharsets.UTF_8));
                }
            } while (results.size() < atLeast && pause(until));
            return List.copyOf(results);
        }

        @Override
        public synchronized List<DeadLetter> deadLetters(int atLeast, Duration wait) throws Exception {
            Instant until = Instant.now().plus(wait);
            do {
                for (GetResponse r : drain(deadLetterQueue)) {
                    Map<String, Object> headers = r.getProps().getHeaders();
                    Object reason = headers == null ? null : headers.get("x-c2a-reason");
                    deadLetters.add(new DeadLetter(r.getBody(), reason == null ? null : reason.toString()));
                }
            } while (deadLetters.size() < atLeast && pause(until));
            return List.copyOf(deadLetters);
        }

        private List<GetResponse> drain(String name) throws IOException {
            com.rabbitmq.client.Channel ch = channel();
            List<GetResponse> got = new ArrayList<>();
            for (GetResponse r = ch.basicGet(name, true); r != null; r = ch.basicGet(name, true)) {
                got.add(r);
            }
            try {
                ch.close();
            } catch (Exception e) {
                // the messages are taken; a channel that did not close cleanly goes with its connection
            }
            return got;
        }

        private static boolean pause(Instant until) throws InterruptedException {
            if (Instant.now().isAfter(until)) {
                return false;
            }
            Thread.sleep(50);
            return true;
        }

        private com.rabbitmq.client.Channel channel() throws IOException {
            if (connection == null || !connection.isOpen()) {
                connection = node.connect();
            }
            return connection.createChannel();
        }

        @Override
        public synchronized void close() {
            try {
                com.rabbitmq.client.Channel ch = channel();
                for (String name : List.of(queue, deadLetterQueue, resultsQueue)) {
                    ch.queueDelete(name);
                }
                connection.close();
            } catch (Exception e) {
                // the node may be gone already (an own node closed first); its queues go with it
            }
        }
    }
}
