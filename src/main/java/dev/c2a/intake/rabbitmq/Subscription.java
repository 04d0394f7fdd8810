package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The consumer on the job queue, kept to the room there is. Its prefetch is the room when it
 * started, less what is already here and not yet accepted, so the broker sends about what room
 * allows. When room falls to half the prefetch the consumer is cancelled and started again with the
 * smaller one (a prefetch holds for the consumer it was set for); when room doubles, once what is
 * here was accepted; at 0 (the service full, paused or stopping) there is no consumer at all. What
 * is here beyond room waits, unacknowledged, until room returns.
 *
 * <p>Deliveries a cancelled consumer had are the channel's still: they are acknowledged as any other.
 * The client's thread only queues deliveries; the consuming thread does the rest.
 */
final class Subscription {
    private final Channel channel;
    private final String queue;
    private final BlockingQueue<Delivery> delivered = new LinkedBlockingQueue<>();
    private String tag;
    private int prefetch;
    /** Set by the client's thread when the broker cancelled the consumer (its queue was deleted). */
    private volatile boolean cancelledByBroker;

    Subscription(Channel channel, String queue) {
        this.channel = channel;
        this.queue = queue;
    }

    /** Waits up to {@code wait} for a delivery, then moves every one that arrived to {@code into}. */
    void drainTo(List<Delivery> into, Duration wait) throws InterruptedException {
        Delivery first = delivered.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
            into.add(first);
        }
        delivered.drainTo(into);
    }

    /**
     * Consumes, or stops, as {@code room} allows with {@code pending} deliveries here not yet accepted.
     *
     * @return whether a consumer is on the queue now
     */
    boolean follow(int room, int pending) throws IOException {
        if (cancelledByBroker) {
            cancelledByBroker = false;
            tag = null;
        }
        int wanted = room - pending;
        // why halves: room moves with every batch taken in and every job finished; a consumer started
        // again at each move took a cancel, a qos and a consume per round and cut intake by half
        boolean shrink = room <= prefetch / 2;
        boolean grow = room >= 2 * prefetch && pending == 0;
        if (tag != null && (wanted <= 0 || shrink || grow)) {
            channel.basicCancel(tag);
            tag = null;
        }
        if (tag == null && wanted > 0) {
            channel.basicQos(wanted);
            prefetch = wanted;
            tag = channel.basicConsume(queue, false, new Buffering(channel));
        }
        return tag != null;
    }

    private final class Buffering extends DefaultConsumer {
        Buffering(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            delivered.add(new Delivery(envelope, properties, body));
        }

        @Override
        public void handleCancel(String consumerTag) {
            cancelledByBroker = true;
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
            // the consuming thread sees the closed channel in ConsumerSession.isOpen()
        }
    }
}
