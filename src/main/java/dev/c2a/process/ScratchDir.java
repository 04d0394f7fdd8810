package dev.c2a.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * This process's scratch directory, {@code c2a-scratch-PID} in the system's temporary directory:
 * engines' per-call WAV files and the extracted espeak-ng helper. A process killed with SIGKILL
 * cleans nothing up, so the first use here removes the directories of processes that are gone.
 * why not the data directory: engines are made before, and apart from, the service's storage.
 */
public final class ScratchDir {
    private static final String PREFIX = "c2a-scratch-";
    private static volatile Path dir;

    private ScratchDir() {
    }

    /** The directory, made (and the dead processes' ones removed) on first use. */
    public static Path get() {
        Path d = dir;
        if (d == null) {
            synchronized (ScratchDir.class) {
                if (dir == null) {
                    dir = create();
                }
                d = dir;
            }
        }
        return d;
    }

    private static Path create() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeLeftovers(tmp);
        try {
            return Files.createDirectories(tmp.resolve(PREFIX + ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory in " + tmp, e);
        }
    }

    /** Removes the scratch directories whose process is no longer alive. */
    static void removeLeftovers(Path tmp) {
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                String pid = p.getFileName().toString().substring(PREFIX.length());
                if (pid.matches("\\d{1,10}") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    continue;
                }
                deleteTree(p);
            }
        } catch (IOException e) {
            // leftovers cost disk, not correctness
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
