package dev.c2a.api;

import java.time.Duration;

/** One listener's events of {@code GET /v1/events}, ready to write as Server-Sent Events. */
public interface EventStream extends AutoCloseable {

    /** The next event, or null when none came within {@code wait}. */
    String next(Duration wait) throws InterruptedException;

    /** True once it fell too far behind: the stream should end so the client reconnects. */
    boolean dropped();

    @Override
    void close();
}
