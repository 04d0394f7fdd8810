package dev.c2a.api;

/** How much of a bounded pool that works for requests is in use: threads working, requests waiting. */
public record ExecutorUse(String name, int threads, int busy, int queued, int queueCapacity) {
}
