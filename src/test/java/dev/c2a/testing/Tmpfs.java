package dev.c2a.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own (a tmpfs of a few MB), for tests of a full disk: mounted under
 * {@code target}, unmounted by {@link #close()}. Mounting needs root, which the test machines and
 * CI are; elsewhere the test fails saying so rather than pass without having run.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    public static Tmpfs mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "tmpfs-");
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Fills the file system until only about {@code leftBytes} are free, with a file {@link #unfill} removes. */
    public void fill(long leftBytes) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        long size = Math.max(0, free - leftBytes);
        byte[] chunk = new byte[1 << 16];
        try (var out = Files.newOutputStream(dir.resolve("ballast"))) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    public void unfill() throws IOException {
        Files.deleteIfExists(dir.resolve("ballast"));
    }

    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
        Files.deleteIfExists(dir);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (a tmpfs needs root): " + out.strip());
        }
    }
}
