package dev.c2a.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the last 2 kB a process writes to stderr, read on a platform daemon thread. why: a read of
 * a process pipe blocks in native code and pins a virtual thread's carrier; two such readers once
 * held both carriers of a two-core machine and the HTTP server, on virtual threads too, never ran
 * again.
 */
public final class StderrTail {
    private static final int KEEP = 2_000;
    private final StringBuilder text = new StringBuilder();
    private final CountDownLatch ended = new CountDownLatch(1);

    public StderrTail(InputStream err) {
        Thread.ofPlatform().daemon().name("c2a-stderr").start(() -> {
            byte[] buffer = new byte[1024];
            try (err) {
                for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
                    append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process is gone; what it said is kept
            } finally {
                ended.countDown();
            }
        });
    }

    private synchronized void append(String s) {
        text.append(s);
        if (text.length() > KEEP) {
            text.delete(0, text.length() - KEEP);
        }
    }

    /** What was read so far. */
    public synchronized String text() {
        return text.toString().trim();
    }

    /** Everything, once the process closed stderr (it has exited), or what came within 2 s. */
    public String textAtEnd() {
        try {
            ended.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return text();
    }
}
