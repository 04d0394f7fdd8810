package dev.c2a.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit, generically: callers hand in work and block; everything that is waiting is handled
 * as one batch, so one expensive step (a transaction commit, a disk sync) serves many callers. A
 * caller is answered only after its batch is handled. Batches are handled one at a time.
 *
 * <p>A caller that finds no batch being handled handles its own at once, on its own thread, with
 * whatever else waits (a virtual thread never does); a caller that finds one in progress leaves
 * its item to the batcher's thread, which takes all that gathered meanwhile as the next batch.
 * why: handing each item to a thread and back cost two wake-ups and context switches per write
 * whenever the service was not saturated; with jobs POSTed one at a time the JVM's CPU per
 * 200-character text fell from 9.6–11.1 to 8.8–9.2 ms (BENCHMARKS.md, session 14).
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

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final LinkedBlockingQueue<Item<I, O>> pending = new LinkedBlockingQueue<>();
    /** Held while a batch is handled, by the batcher's thread or by a caller handling its own. */
    private final ReentrantLock handling = new ReentrantLock();
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
            throw closedError();
        }
        if (handling.isHeldByCurrentThread()) {
            throw new IllegalStateException("a batch handler submitted to its own " + thread.getName());
        }
        Item<I, O> item = new Item<>(input);
        // why not on a virtual thread: a handler in native code (SQLite's) would pin its carrier for
        // the whole batch, a disk sync included. why not while the thread waits for the lock: it
        // holds the oldest waiting item, which a caller taking the lock first would overtake
        if (!Thread.currentThread().isVirtual() && !handling.hasQueuedThreads() && handling.tryLock()) {
            try {
                if (closed) {
                    throw closedError();
                }
                List<Item<I, O>> batch = new ArrayList<>();
                batch.add(item);
                drainAndHandle(batch);
            } finally {
                handling.unlock();
            }
        } else {
            pending.add(item);
            // why: the thread may have ended between the check above and the add, leaving the item to no one
            if (closed && pending.remove(item)) {
                throw closedError();
            }
        }
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
                handling.lock();
                try {
                    drainAndHandle(batch);
                } finally {
                    handling.unlock();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Throwable t) {
                // why: the batch thread must outlive anything thrown around a batch, or every later caller would hang
                LOG.error("{} failed around a batch", thread.getName(), t);
                batch.forEach(i -> i.fail(t));
            } finally {
                batch.clear();
            }
        }
    }

    /** Adds what waits to {@code batch}, up to the bound, and handles it; the caller holds {@link #handling}. */
    private void drainAndHandle(List<Item<I, O>> batch) {
        pending.drainTo(batch, maxBatch - batch.size());
        handle(batch);
    }

    /** Handles one batch and answers every item in it, whatever the handler does. */
    private void handle(List<Item<I, O>> batch) {
        try {
            handler.handle(batch);
        } catch (Throwable t) {
            // why: the batch thread must outlive any one bad batch, or every later caller would hang
            LOG.error("{} failed a batch", thread.getName(), t);
            batch.forEach(i -> i.fail(t));
        } finally {
            batch.forEach(i -> i.fail(new IllegalStateException("batch handler left the item unanswered")));
        }
    }

    /**
     * Handles what is already waiting, then stops the thread; returns once no batch is being
     * handled and fails what is left, so what the handler uses may be closed after. Waits for the
     * thread at most {@link #CLOSE_WAIT}, longer than a batch waits for a database lock.
     */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handling.lock();
        try {
            for (Item<I, O> left = pending.poll(); left != null; left = pending.poll()) {
                left.fail(closedError());
            }
        } finally {
            handling.unlock();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(thread.getName() + " is closed");
    }

    /** Items waiting for a batch (for tests). */
    int waiting() {
        return pending.size();
    }

    /** Whether the batcher's thread holds an item and waits to handle its batch (for tests). */
    boolean threadWaitsToHandle() {
        return handling.hasQueuedThread(thread);
    }
}
