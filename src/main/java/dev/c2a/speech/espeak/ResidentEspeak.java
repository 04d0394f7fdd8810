package dev.c2a.speech.espeak;

import dev.c2a.process.StderrTail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code c2a-espeak} helper process (src/main/c): espeak-ng loaded once, speaking request after
 * request. Used by one call at a time; a helper that was killed or misbehaved is discarded.
 */
final class ResidentEspeak implements AutoCloseable {
    private final Process process;
    private final OutputStream requests;
    private final DataInputStream responses;
    private final StderrTail stderr;
    private final int sampleRate;

    private ResidentEspeak(Process process) throws IOException {
        this.process = process;
        this.requests = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.responses = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.stderr = new StderrTail(process.getErrorStream());
        this.sampleRate = readInt();
    }

    static ResidentEspeak start(List<String> prefix, String helper) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(helper);
        Process p = new ProcessBuilder(command).start();
        try {
            return new ResidentEspeak(p);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new IOException("the espeak-ng helper did not start: " + e.getMessage(), e);
        }
    }

    int sampleRate() {
        return sampleRate;
    }

    Process process() {
        return process;
    }

    String stderr() {
        return stderr.text();
    }

    /** What a request came to: done, or failed with espeak-ng's reason. */
    record Outcome(boolean done, String message) {
    }

    /** A word espeak-ng reported: its code point position in the text (from 0), its length, and when it begins. */
    record WordEvent(int position, int length, int millis) {
    }

    Outcome speak(String voice, int wordsPerMinute, boolean ssml, String text, OutputStream pcm) throws IOException {
        return speak(voice, wordsPerMinute, ssml, text, pcm, null);
    }

    /** As {@link #speak}, and with {@code words} not null, the words espeak-ng reports go there. */
    Outcome speak(String voice, int wordsPerMinute, boolean ssml, String text, OutputStream pcm,
                  List<WordEvent> words) throws IOException {
        byte[] v = voice.getBytes(StandardCharsets.UTF_8);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        writeInt(v.length);
        requests.write(v);
        writeInt(wordsPerMinute);
        writeInt((ssml ? 1 : 0) | (words != null ? 2 : 0));
        writeInt(t.length);
        requests.write(t);
        requests.flush();
        byte[] buffer = new byte[1 << 16];
        for (int n = readInt(); n != 0; n = readInt()) {
            if (n == -1) {
                byte[] message = new byte[readInt()];
                responses.readFully(message);
                return new Outcome(false, new String(message, StandardCharsets.UTF_8));
            }
            if (n == -2) {
                int type = readInt();
                int a = readInt();
                int b = readInt();
                int millis = readInt();
                if (type == 1 && words != null) {
                    words.add(new WordEvent(a - 1, b, millis));
                }
                continue;
            }
            while (n > 0) {
                int chunk = Math.min(n, buffer.length);
                responses.readFully(buffer, 0, chunk);
                pcm.write(buffer, 0, chunk);
                n -= chunk;
            }
        }
        return new Outcome(true, null);
    }

    private void writeInt(int value) throws IOException {
        requests.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private int readInt() throws IOException {
        byte[] b = new byte[4];
        responses.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
