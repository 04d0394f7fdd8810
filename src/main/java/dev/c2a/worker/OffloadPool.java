package dev.c2a.worker;

import dev.c2a.api.BusyException;
import dev.c2a.api.ExecutorUse;
import dev.c2a.api.InvalidRequestException;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A few platform threads for work a request asks for but that must not run on the HTTP server's
 * threads: reading and planning content (parsers can be CPU-heavy on hostile input) and speech made
 * on request (engine pipes block). The pool and its queue are bounded: when both are full the
 * caller gets a {@link BusyException} (503 with Retry-After) at once, and the HTTP server keeps its
 * threads for everyone else. A budget bounds how long a caller waits for one task.
 */
public final class OffloadPool implements AutoCloseable {
    private final String name;
    private final String what;
    private final int queueCapacity;
    private final ThreadPoolExecutor executor;
    private final Duration budget;

    /**
     * @param name   short, for status and thread names ("content")
     * @param what   what the pool does, for messages ("reading content")
     * @param budget how long one task may take, waiting included; null for no bound
     */
    public OffloadPool(String name, String what, int threads, int queued, Duration budget) {
        this.name = name;
        this.what = what;
        this.queueCapacity = queued;
        this.budget = budget;
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued),
                Thread.ofPlatform().name("c2a-" + name + "-", 0).daemon().factory());
        executor.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on the pool and returns its result; its exceptions reach the caller as they are. */
    public <T> T call(Callable<T> task) throws Exception {
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new BusyException("the service is busy " + what + " for other requests; try again in a second",
                    Duration.ofSeconds(1));
        }
        try {
            return budget == null ? future.get() : future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw InvalidRequestException.invalid(what + " took longer than " + budget.toSeconds()
                    + " s; the content is too complex to read at once: send it in parts");
        } catch (InterruptedException | CancellationException e) {
            future.cancel(true);
            throw e;
        }
    }

    /** {@link #call} for work that throws only unchecked exceptions (reading content, validating). */
    public <T> T supply(java.util.function.Supplier<T> task) {
        try {
            return call(task::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("the request was interrupted while " + what, Duration.ofSeconds(1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public ExecutorUse use() {
        return new ExecutorUse(name, executor.getMaximumPoolSize(), executor.getActiveCount(), executor.getQueue().size(),
                queueCapacity);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
