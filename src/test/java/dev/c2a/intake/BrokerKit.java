package dev.c2a.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real broker for {@code IntakeAdapterContract}, started by the project's own script once per
 * test run (RabbitMQ, Kafka, Redis). Each test takes a {@link Channel} of its own on it.
 */
public interface BrokerKit {

    /** The adapter type: {@code rabbitmq}, {@code kafka} or {@code redis}. */
    String type();

    /** A fresh queue/topic/stream, result destination and dead-letter destination on the shared broker. */
    Channel newChannel();

    /**
     * A broker of the caller's own, started, that {@link Own#kill()} stops with SIGKILL and
     * {@link Own#start()} starts again on the same port with the same data.
     */
    Own own();

    interface Own extends AutoCloseable {
        Channel newChannel();

        /** SIGKILL: no clean shutdown, unflushed state lost as a crash loses it. */
        void kill();

        /** Starts it again (after {@link #kill}) on the same port and data; returns once it answers. */
        void start();

        @Override
        void close();
    }

    /** One test's destinations on a broker. */
    interface Channel extends AutoCloseable {

        /**
         * The adapter's settings for this channel, keys without the {@code intake.<name>.} prefix,
         * {@code type} included: what a user writes in the configuration file.
         */
        Map<String, String> settings();

        /** Publishes in order and returns once the broker holds them durably (confirms, acks). */
        void publish(List<Message> messages) throws Exception;

        /**
         * Every result event published to the channel's result destination so far, in order, each
         * the event's JSON; waits up to {@code wait} for at least {@code atLeast} of them.
         * Duplicates are kept: the contract counts them.
         */
        List<String> results(int atLeast, Duration wait) throws Exception;

        /** The dead-lettered messages so far; waits up to {@code wait} for at least {@code atLeast}. */
        List<DeadLetter> deadLetters(int atLeast, Duration wait) throws Exception;

        @Override
        void close();
    }

    /**
     * A message to publish: its id as the broker carries it (RabbitMQ's message-id property; Kafka's
     * record key; ignored by Redis, whose entry ids are its own), its body, its headers.
     */
    record Message(String id, byte[] body, Map<String, String> headers) {
    }

    /** A dead-lettered message: its body as published, and the reason c2a gave. */
    record DeadLetter(byte[] body, String reason) {
    }
}
