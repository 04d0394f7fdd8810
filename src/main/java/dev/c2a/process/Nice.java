package dev.c2a.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prefix of every batch subprocess (speech engines, encoders). why: speech and encoding may take
 * every core; at a lower CPU priority they still get every idle cycle, but the control plane
 * (status, submit) is answered first when all workers are busy.
 */
public final class Nice {
    public static final List<String> PREFIX = Files.isExecutable(Path.of("/usr/bin/nice"))
            ? List.of("/usr/bin/nice", "-n", "10") : List.of();

    private Nice() {
    }
}
