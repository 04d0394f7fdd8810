package dev.c2a.batch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit: who handles a batch, what a batch holds, and that every caller gets its own answer. */
class BatcherTest {
    private static final String NAME = "test-batcher";

    /** Records each batch (its inputs and the thread that handled it) and answers each input doubled. */
    private static final class Recorder implements Batcher.Handler<Integer, Integer> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public void handle(List<Batcher.Item<Integer, Integer>> batch) throws Exception {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                batches.add(batch.stream().map(Batcher.Item::input).toList());
                threads.add(Thread.currentThread().getName());
                entered.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
                batch.forEach(i -> i.complete(i.input() * 2));
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void anIdleBatcherHandlesTheCallersItemOnTheCallersThread() {
        Recorder r = new Recorder();
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, r)) {
            assertEquals(42, b.submit(21));
            assertEquals(List.of(List.of(21)), r.batches);
            assertEquals(List.of(Thread.currentThread().getName()), r.threads);
        }
    }

    @Test
    void aVirtualThreadLeavesItsItemToTheBatchersThread() throws Exception {
        Recorder r = new Recorder();
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, r)) {
            int[] answer = new int[1];
            Thread.ofVirtual().start(() -> answer[0] = b.submit(4)).join();
            assertEquals(8, answer[0]);
            assertEquals(List.of(NAME), r.threads);
        }
    }

    @Test
    void whatArrivesWhileABatchIsHandledIsTheNextBatchOnTheBatchersThread() throws Exception {
        Recorder r = new Recorder();
        r.entered = new CountDownLatch(1);
        r.release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, r)) {
            Future<Integer> first = callers.submit(() -> b.submit(1));
            assertTrue(r.entered.await(30, TimeUnit.SECONDS));
            List<Future<Integer>> later = new ArrayList<>();
            for (int i = 2; i <= 6; i++) {
                int input = i;
                later.add(callers.submit(() -> b.submit(input)));
            }
            // the batcher's thread holds one of the five and waits for the lock; four wait in the queue
            awaitTrue(() -> b.threadWaitsToHandle() && b.waiting() == 4, "the five callers waiting");
            r.release.countDown();
            assertEquals(2, first.get(30, TimeUnit.SECONDS));
            for (int i = 0; i < later.size(); i++) {
                assertEquals((i + 2) * 2, later.get(i).get(30, TimeUnit.SECONDS));
            }
            assertEquals(2, r.batches.size(), "one batch for the five that waited: " + r.batches);
            assertEquals(List.of(2, 3, 4, 5, 6), r.batches.get(1).stream().sorted().toList());
            assertEquals(NAME, r.threads.get(1));
            assertEquals(1, r.mostInside.get(), "batches are handled one at a time");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailedBatchFailsEachOfItsCallersAndTheNextBatchRuns() {
        AtomicInteger calls = new AtomicInteger();
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("disk full");
            }
            batch.forEach(i -> i.complete(i.input()));
        })) {
            Batcher.BatchException e = assertThrows(Batcher.BatchException.class, () -> b.submit(1));
            assertEquals("disk full", e.getMessage());
            assertEquals(7, b.submit(7));
        }
    }

    @Test
    void anItemTheHandlerLeftUnansweredFailsNamingThat() {
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, batch -> {
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.submit(1));
            assertTrue(e.getMessage().contains("unanswered"), e.getMessage());
        }
    }

    @Test
    void aHandlerSubmittingToItsOwnBatcherIsRefusedNotDeadlocked() {
        List<Batcher<Integer, Integer>> self = new ArrayList<>();
        List<Exception> seen = new ArrayList<>();
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, batch -> {
            try {
                self.getFirst().submit(99);
            } catch (IllegalStateException e) {
                seen.add(e);
            }
            batch.forEach(i -> i.complete(i.input()));
        })) {
            self.add(b);
            assertEquals(5, b.submit(5));
            assertEquals(1, seen.size());
            assertTrue(seen.getFirst().getMessage().contains("its own"), seen.getFirst().getMessage());
        }
    }

    @Test
    void closeWaitsForACallersBatchAndLaterSubmitsAreRefused() throws Exception {
        Recorder r = new Recorder();
        r.entered = new CountDownLatch(1);
        r.release = new CountDownLatch(1);
        Batcher<Integer, Integer> b = new Batcher<>(NAME, 8, r);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> running = threads.submit(() -> b.submit(3));
            assertTrue(r.entered.await(30, TimeUnit.SECONDS));
            Future<?> closing = threads.submit(b::close);
            // the batcher's own thread ends at once; close must still wait for the caller's batch
            awaitTrue(() -> !threadAlive(NAME), "the batcher's thread ended");
            assertThrows(java.util.concurrent.TimeoutException.class, () -> closing.get(300, TimeUnit.MILLISECONDS));
            r.release.countDown();
            closing.get(30, TimeUnit.SECONDS);
            assertEquals(6, running.get());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.submit(4));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void callersRacingACloseAreEachAnsweredOrRefusedNeverLeftWaiting() throws Exception {
        Recorder r = new Recorder();
        Batcher<Integer, Integer> b = new Batcher<>(NAME, 16, r);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        try {
                            assertEquals(i * 2, b.submit(i));
                            answered.incrementAndGet();
                        } catch (IllegalStateException e) {
                            assertTrue(e.getMessage().contains("closed"), e.getMessage());
                            refused.incrementAndGet();
                            return;
                        }
                    }
                }));
            }
            awaitTrue(() -> answered.get() > 500, "some answers before the close");
            b.close();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(6, refused.get(), "every caller refused once the batcher closed");
            int handled;
            synchronized (r.batches) {
                handled = r.batches.stream().mapToInt(List::size).sum();
            }
            assertEquals(answered.get(), handled, "each handled item answered, none handled and refused");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void manyCallersEachGetTheirOwnAnswerAndNothingIsHandledTwice() throws Exception {
        Recorder r = new Recorder();
        int threads = 8;
        int each = 400;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (Batcher<Integer, Integer> b = new Batcher<>(NAME, 16, r)) {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                done.add(callers.submit(() -> {
                    for (int i = base; i < base + each; i++) {
                        if (b.submit(i) != i * 2) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : done) {
                assertTrue(f.get(120, TimeUnit.SECONDS));
            }
            List<Integer> handled;
            synchronized (r.batches) {
                handled = r.batches.stream().flatMap(List::stream).sorted().toList();
                assertFalse(r.batches.stream().anyMatch(x -> x.size() > 16), "no batch above its bound");
            }
            assertEquals(threads * each, handled.size());
            assertEquals(threads * each, handled.stream().distinct().count());
            assertEquals(1, r.mostInside.get(), "batches are handled one at a time");
        } finally {
            callers.shutdownNow();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
