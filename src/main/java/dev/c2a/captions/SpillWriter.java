package dev.c2a.captions;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps what is written in memory up to a limit, then moves it to a file and writes there. A short
 * job's captions stay a String (stored in its ledger row, no file to sync); a book's go to disk
 * as they are made.
 */
final class SpillWriter extends Writer {
    private final Path file;
    private final int limit;
    private StringBuilder memory = new StringBuilder();
    private Writer disk;

    SpillWriter(Path file, int limit) {
        this.file = file;
        this.limit = limit;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        if (disk != null) {
            disk.write(chars, offset, length);
            return;
        }
        memory.append(chars, offset, length);
        if (memory.length() > limit) {
            disk = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            disk.append(memory);
            memory = null;
        }
    }

    /** What was written, when it stayed under the limit; null when it went to the file. */
    String inMemory() {
        return memory == null ? null : memory.toString();
    }

    @Override
    public void flush() throws IOException {
        if (disk != null) {
            disk.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (disk != null) {
            disk.close();
        }
    }
}
