package dev.c2a.audio;

import dev.c2a.job.StoredFile;
import dev.c2a.store.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A job's audio files: written by its claim into the local staging directory (ffmpeg needs a
 * seekable file for MP4 chapters), then published to the {@link ObjectStore} under {@code audio/}
 * when the job is done, where every node can serve them. Names derive from the job id and the
 * claim's fencing token, never from input: a worker that lost its lease publishes files nobody
 * points to, so it cannot replace the result of the worker that took the job over.
 */
public final class AudioStore {
    /** The key prefix of published audio, captions, playlists and chapter files. */
    public static final String PREFIX = "audio/";
    private static final Pattern NAME = Pattern.compile("[0-9a-f-]{36}-\\d+(-\\d{3})?\\.[a-z0-9]{3,4}");

    private final ObjectStore store;
    private final Path staging;

    public AudioStore(ObjectStore store, Path staging) throws IOException {
        this.store = store;
        this.staging = Files.createDirectories(staging);
    }

    /**
     * A store whose staging directory starts empty: what a previous run of this node staged
     * belongs to claims that ended with it (their jobs run again under new names).
     */
    public static AudioStore clearedStaging(ObjectStore store, Path staging) throws IOException {
        AudioStore audio = new AudioStore(store, staging);
        audio.deleteStaged("*.part");
        return audio;
    }

    public String fileName(String jobId, long token, String extension) {
        return jobId + "-" + token + "." + extension;
    }

    /** The file of chapter {@code index} (1-based) when a job is split into one file per chapter. */
    public String chapterFileName(String jobId, long token, int index, String extension) {
        return String.format("%s-%d-%03d.%s", jobId, token, index, extension);
    }

    /** Where a claim writes the file it will publish as {@code fileName}: in the staging directory. */
    public Path temporary(String fileName) {
        return staging.resolve(fileName + ".part");
    }

    /** Publishes a claim's finished files, then removes what is left of them in staging. */
    public void publish(List<String> fileNames) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : fileNames) {
            files.put(PREFIX + name, temporary(name));
        }
        store.put(files);
        for (Path staged : files.values()) {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * A published file, offered to clients as {@code downloadName}; empty when the name is not one
     * we make or the file is gone.
     *
     * @throws dev.c2a.store.StoreUnavailableException when the store cannot be reached
     */
    public Optional<StoredFile> open(String fileName, String downloadName) throws IOException {
        if (fileName == null || !NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        return store.find(PREFIX + fileName).map(f -> f.named(downloadName));
    }

    /** A URL clients may fetch a published file from themselves, when the store hands such URLs out. */
    public Optional<URI> url(String fileName, String downloadName, Duration ttl) {
        if (fileName == null || !NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        return store.url(PREFIX + fileName, downloadName, ttl);
    }

    /** Removes every file, staged or published, of one claim of a job. */
    public void deleteClaim(String jobId, long token) throws IOException {
        Pattern claim = Pattern.compile(Pattern.quote(PREFIX + jobId + "-" + token) + "[.-].*");
        deleteStaged(jobId + "-" + token + "[.-]*");
        try (Stream<ObjectStore.Entry> published = store.list(PREFIX + jobId + "-")) {
            for (ObjectStore.Entry e : (Iterable<ObjectStore.Entry>) published::iterator) {
                if (claim.matcher(e.key()).matches()) {
                    store.delete(e.key());
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Removes every file of every claim of a job: the job itself is being deleted. */
    public void deleteJob(String jobId) throws IOException {
        deleteStaged(jobId + "-*");
        store.deleteAll(PREFIX + jobId + "-");
    }

    /** Removes a staged file of a claim that will not publish it (the job failed or was stopped). */
    public void discardStaged(String fileName) {
        try {
            Files.deleteIfExists(temporary(fileName));
        } catch (IOException ignored) {
            // an orphan file costs disk, not correctness; the next run of the job uses a new name
        }
    }

    private void deleteStaged(String glob) throws IOException {
        try (var files = Files.newDirectoryStream(staging, glob)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }
}
