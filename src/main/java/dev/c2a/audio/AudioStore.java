package dev.c2a.audio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Audio files in one directory. Names derive from the job id and the claim's fencing token, never
 * from input: a worker that lost its lease writes a file nobody points to, so it cannot replace the
 * result of the worker that took the job over. Files are written under a temporary name and renamed
 * into place, so a reader never sees half a file.
 */
public final class AudioStore {
    private static final Pattern NAME = Pattern.compile("[0-9a-f-]{36}-\\d+(-\\d{3})?\\.[a-z0-9]{3,4}");

    private final Path dir;
    private final boolean sync;

    public AudioStore(Path dir, boolean sync) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.sync = sync;
    }

    public String fileName(String jobId, long token, String extension) {
        return jobId + "-" + token + "." + extension;
    }

    /** The file of chapter {@code index} (1-based) when a job is split into one file per chapter. */
    public String chapterFileName(String jobId, long token, int index, String extension) {
        return String.format("%s-%d-%03d.%s", jobId, token, index, extension);
    }

    /** Opens a temporary file for writing; {@link #commit} renames it into place. */
    public java.io.BufferedWriter temporaryWriter(String fileName) throws IOException {
        return Files.newBufferedWriter(temporary(fileName), java.nio.charset.StandardCharsets.UTF_8);
    }

    public Path temporary(String fileName) {
        return dir.resolve(fileName + ".part");
    }

    /**
     * Renames the finished temporary file into place, syncing its data first and the directory after
     * when durability asks for it. Each worker syncs its own file: the file system's journal merges
     * syncs that arrive together from many threads (one syncing thread for all was measured slower).
     */
    public void commit(String fileName) throws IOException {
        Path temp = temporary(fileName);
        if (sync) {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
        }
        Files.move(temp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        if (sync) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
    }

    /** The file for a name the ledger holds; empty when the name is not one we make or it is gone. */
    public Optional<Path> find(String fileName) {
        if (fileName == null || !NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        Path p = dir.resolve(fileName);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Removes every file, finished or temporary, of one claim of a job. */
    public void deleteClaim(String jobId, long token) {
        try (var files = Files.newDirectoryStream(dir, jobId + "-" + token + "[.-]*")) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // an orphan file costs disk, not correctness; the next run of the job uses a new name
        }
    }

    public void deleteQuietly(String fileName) {
        try {
            Files.deleteIfExists(temporary(fileName));
            Files.deleteIfExists(dir.resolve(fileName));
        } catch (IOException ignored) {
            // an orphan file costs disk, not correctness; the next run of the job uses a new name
        }
    }
}
