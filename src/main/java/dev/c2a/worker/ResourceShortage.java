package dev.c2a.worker;

import dev.c2a.speech.SpeechException;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a job that failed because the machine ran short — a full disk (ENOSPC), no file
 * descriptors left (EMFILE, ENFILE), no memory for a new process — from one that failed on its
 * own. why: such a failure says nothing about the job; charging it an attempt once failed every
 * queued job within seconds while descriptors ran out. The job is put back to wait instead.
 */
final class ResourceShortage {
    private static final String[][] SIGNS = {
            {"no space left on device", "the disk is full"},
            {"disk full", "the disk is full"},
            {"database or disk is full", "the disk is full"},
            {"too many open files", "the process has no file descriptors left"},
            {"error=24", "the process has no file descriptors left"},
            {"error=12", "the machine has no memory for a new process"},
            {"cannot allocate memory", "the machine has no memory for a new process"},
    };

    private ResourceShortage() {
    }

    /** What ran short, when {@code failure} (or a cause of it, or an engine's stderr) says so. */
    static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<String> sign = sign(t.getMessage());
            if (sign.isEmpty() && t instanceof SpeechException s) {
                sign = sign(s.stderr());
            }
            if (sign.isPresent()) {
                return sign;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> sign(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (String[] s : SIGNS) {
            if (t.contains(s[0])) {
                return Optional.of(s[1]);
            }
        }
        return Optional.empty();
    }
}
