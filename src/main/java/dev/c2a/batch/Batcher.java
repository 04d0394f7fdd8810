package dev.c2a.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit, generically: callers hand in work and block; one thread takes everything that is
 * waiting and handles it as one batch, so one expensive step (a transaction commit, a disk sync)
 * serves many callers. A caller is answered only after its batch is handled.
 */
public final class Batcher<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** Handles one batch; must complete or fail every item. Items left open fail with what it throws. */
    @FunctionalInterface
    public interface Handler<I, O> {
        void handle(List<Item<I, O>> batch) throws Exception;
    }

    /** One caller's input and the answer it waits for. */
    public static final class Item<I, O> {
        private final I input;
        private final CompletableFuture<O> result = new CompletableFuture<>();

        Item(I input) {
            this.input = input;
        }

        public I input() {
            return input;
        }

        public void complete(O value) {
            result.complete(value);
        }

        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    /** The batch handler failed this caller's item; the cause says how. */
    public static final class BatchException extends RuntimeException {
        BatchException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final LinkedBlockingQueue<Item<I, O>> pending = new LinkedBlockingQueue<>();
    private final Handler<I, O> handler;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean closed;

    public Batcher(String threadName, int maxBatch, Handler<I, O> handler) {
        this.handler = handler;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
    }

    /**
     * Blocks until the item's batch is handled. Unchecked exceptions of the handler come back as
     * they are; checked ones wrapped in {@link BatchException}.
     */
    public O submit(I input) {
        if (closed) {
            throw new IllegalStateException(thread.getName() + " is closed");
        }
        Item<I, O> item = new Item<>(input);
        pending.add(item);
        try {
            return item.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new BatchException(e.getCause());
        }
    }

    private void run() {
        List<Item<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed || !pending.isEmpty()) {
            try {
                Item<I, O> first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, maxBatch - 1);
                handler.handle(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Throwable t) {
                // why: the batch thread must outlive any one bad batch, or every later caller would hang
                LOG.error("{} failed a batch", thread.getName(), t);
                batch.forEach(i -> i.fail(t));
            } finally {
                batch.forEach(i -> i.fail(new IllegalStateException("batch handler left the item unanswered")));
                batch.clear();
            }
        }
    }

    /** Handles what is already waiting, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
