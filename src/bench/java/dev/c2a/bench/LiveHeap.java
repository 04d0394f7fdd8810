package dev.c2a.bench;

import dev.c2a.api.JobRequest;
import dev.c2a.service.Service;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap in use after a full GC. Without the GC, the peak of used heap measures how far the
 * collector let garbage grow, which depends on how long a job runs, not on what it holds.
 */
final class LiveHeap {
    private LiveHeap() {
    }

    static long bytes() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** The peak while one job runs, sampled every 100 ms. */
    static long peakDuring(Service service, JobRequest request) throws Exception {
        AtomicLong peak = new AtomicLong(bytes());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(bytes(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Jobs.runOne(service, request);
        } finally {
            running.set(false);
            sampler.join();
        }
        return peak.get();
    }
}
