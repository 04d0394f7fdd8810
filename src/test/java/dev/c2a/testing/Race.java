package dev.c2a.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs bodies on several threads started together, for tests of what two writers at once may do. */
public final class Race {
    private Race() {
    }

    /** One racer; {@code thread} is its number, from 0. */
    @FunctionalInterface
    public interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code threads} bodies at once (started together); fails with the first error any of them hit. */
    public static void run(int threads, Body body) throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.run(n);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : running) {
            t.join();
        }
        assertThat(errors).as("errors in the racing threads").isEmpty();
    }
}
