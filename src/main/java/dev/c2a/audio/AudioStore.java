package dev.c2a.audio;

import dev.c2a.job.StoredFile;

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


    public Path temporary(String fileName) {
        return dir.resolve(fileName + ".part");
    }

    /**
     * Renames a job's finished temporary files into place. When durability asks for it, the files'
     * data is synced first and the directory once after all renames. Each worker syncs its own
     * files: the file system's journal merges syncs that arrive together from many threads (one
     * syncing thread for all was measured slower). For the same reason a job's files (its audio
     * and its captions) are synced at the same time, not one after the other.
     */
    public void commit(java.util.List<String> fileNames) throws IOException {
        if (sync) {
            forceAll(fileNames);
        }
        for (String name : fileNames) {
            Files.move(temporary(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        if (sync) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
    }

    private void forceAll(java.util.List<String> fileNames) throws IOException {
        java.util.List<java.util.concurrent.Future<?>> syncs = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("c2a-sync").factory())) {
            for (String name : fileNames.subList(1, fileNames.size())) {
                syncs.add(threads.submit(() -> force(temporary(name))));
            }
            force(temporary(fileNames.get(0)));
            for (var s : syncs) {
                s.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing", e);
        }
    }

    private static Void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
        return null;
    }

    /** The file for a name the ledger holds; empty when the name is not one we make or it is gone. */
    public Optional<Path> find(String fileName) {
        if (fileName == null || !NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        Path p = dir.resolve(fileName);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * A stored file opened for reading, offered to clients as {@code downloadName}; empty when the
     * name is not one we make or the file is gone.
     */
    public Optional<StoredFile> open(String fileName, String downloadName) {
        Optional<Path> found = find(fileName);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalFile.of(found.get(), downloadName));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Removes every file, finished or temporary, of one claim of a job. */
    public void deleteClaim(String jobId, long token) {
        try {
            deleteMatching(jobId + "-" + token + "[.-]*");
        } catch (IOException ignored) {
            // an orphan file costs disk, not correctness; the next run of the job uses a new name
        }
    }

    /** Removes every file of every claim of a job: the job itself is being deleted. */
    public void deleteJob(String jobId) {
        try {
            deleteMatching(jobId + "-*");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the files of job " + jobId + " could not be removed", e);
        }
    }

    private void deleteMatching(String glob) throws IOException {
        try (var files = Files.newDirectoryStream(dir, glob)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
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
