package dev.c2a.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Writes to a subprocess's stdin from its own thread, through a buffer of up to {@code maxBytes}.
 * why: a pipe holds 64 KiB; writing a sentence's PCM straight into it makes the worker wait for the
 * encoder, and the encoder then waits for the next sentence, so speech and encoding take turns
 * instead of running on two cores at once. With the buffer the worker only waits when the encoder
 * is a whole buffer behind; memory stays bounded.
 */
final class PipeWriter {
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final int maxBytes;
    private final Semaphore room;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4096);
    private final Thread thread;
    private volatile IOException failure;

    PipeWriter(OutputStream out, int maxBytes, String name) {
        this.out = out;
        this.maxBytes = maxBytes;
        this.room = new Semaphore(maxBytes);
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::drain);
    }

    /** Queues a copy of the bytes; blocks while the buffer is full. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        check();
        byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        try {
            room.acquire(permits(copy));
            chunks.put(copy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while queueing audio for the encoder", e);
        }
        check();
    }

    /** Writes what is queued, then closes the stream. */
    void close() throws IOException {
        try {
            chunks.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the encoder was being fed", e);
        }
        check();
    }

    /** Stops without writing what is queued (the encoder is being killed). */
    void abort() {
        thread.interrupt();
    }

    private void drain() {
        try (out) {
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == END) {
                    return;
                }
                out.write(chunk);
                room.release(permits(chunk));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new IOException("stopped");
        } finally {
            room.release(maxBytes);
        }
    }

    private int permits(byte[] chunk) {
        return Math.min(chunk.length, maxBytes);
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
