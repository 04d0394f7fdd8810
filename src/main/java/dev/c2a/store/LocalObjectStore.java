package dev.c2a.store;

import dev.c2a.job.StoredFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Objects as files in one directory, a key being the file's path below it. A file is written under
 * a hidden temporary name (a dot first, which no key has) and renamed into place, so a reader
 * never sees half of one. With {@code sync}, {@link #put(Map)} syncs the files' data before the
 * renames and each directory once after them: a put that returned survives a power cut.
 */
public final class LocalObjectStore implements ObjectStore {
    /** What {@link #hidden} appends to a file's name: a dot, a UUID, ".tmp". */
    private static final int HIDDEN_TAIL = 1 + 36 + 4;

    private final Path root;
    private final boolean sync;

    public LocalObjectStore(Path root, boolean sync) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        this.sync = sync;
    }

    /**
     * Moves each file into place: a rename when it is on this store's file system (the staging
     * directory inside the data directory), else a copy under a hidden name, then a rename. Each
     * worker syncs its own files: the file system's journal merges syncs that arrive together from
     * many threads (one syncing thread for all was measured slower). For the same reason a job's
     * files (its audio and its captions) are synced at the same time, not one after the other.
     */
    @Override
    public void put(Map<String, Path> files) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        if (sync) {
            forceAll(List.copyOf(files.values()));
        }
        Set<Path> dirs = new LinkedHashSet<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path target = path(f.getKey());
            createParent(target);
            try {
                Files.move(f.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Path temp = hidden(target);
                try {
                    Files.copy(f.getValue(), temp, StandardCopyOption.REPLACE_EXISTING);
                    if (sync) {
                        force(temp);
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            dirs.add(target.getParent());
        }
        if (sync) {
            for (Path d : dirs) {
                try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
                    ch.force(true);
                }
            }
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        Path target = path(key);
        createParent(target);
        Path temp = hidden(target);
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<StoredFile> find(String key) throws IOException {
        Path p = path(key);
        try {
            return Files.isRegularFile(p) ? Optional.of(LocalFile.of(p, p.getFileName().toString())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<URI> url(String key, String downloadName, Duration ttl) {
        ObjectStore.checkKey(key);
        return Optional.empty();
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    /** Also removes what a crash left under hidden names there, and the directories emptied. */
    @Override
    public void deleteAll(String prefix) throws IOException {
        Path start = start(prefix);
        if (!Files.exists(start)) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        // one file at a time: a book has thousands of checkpoints, and listing them first costs heap
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else if (keyOf(p).startsWith(prefix) || hiddenUnder(p, prefix)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path d : dirs.reversed()) {
            if (!d.equals(root) && (keyOf(d) + "/").startsWith(prefix)) {
                try {
                    Files.deleteIfExists(d);
                } catch (DirectoryNotEmptyException ignored) {
                    // another key still lives there
                }
            }
        }
    }

    @Override
    public Stream<Entry> list(String prefix) throws IOException {
        Path start = start(prefix);
        if (!Files.isDirectory(start)) {
            return Stream.empty();
        }
        // the key is checked before the file is looked at: audio/<job>- walks one flat directory of them all
        return files(start)
                .filter(p -> !p.getFileName().toString().startsWith(".") && keyOf(p).startsWith(prefix))
                .map(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        return a.isRegularFile() ? new Entry(keyOf(p), a.size(), a.lastModifiedTime().toInstant()) : null;
                    } catch (NoSuchFileException e) {
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .filter(e -> e != null && e.key().startsWith(prefix));
    }

    /**
     * The files under {@code dir}, read lazily, one directory at a time. why not Files.walk: it fails
     * the whole walk when a directory goes while it walks (a job's checkpoints removed as it
     * succeeds), and a listing for garbage collection runs beside such removals all day.
     */
    private static Stream<Path> files(Path dir) {
        DirectoryStream<Path> entries;
        try {
            entries = Files.newDirectoryStream(dir);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StreamSupport.stream(entries.spliterator(), false).onClose(() -> {
            try {
                entries.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).flatMap(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? files(p) : Stream.of(p));
    }

    @Override
    public String describe() {
        return "local " + root;
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path path(String key) {
        return root.resolve(ObjectStore.checkKey(key));
    }

    /** The directory to walk for {@code prefix}: the part of it up to its last {@code /}. */
    private Path start(String prefix) {
        ObjectStore.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    }

    private String keyOf(Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /** A hidden temporary file ({@link #hidden}) whose key would start with {@code prefix} once renamed. */
    private boolean hiddenUnder(Path p, String prefix) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") || !name.endsWith(".tmp") || name.length() < 1 + 1 + HIDDEN_TAIL) {
            return false;
        }
        String parent = keyOf(p.getParent());
        String key = (parent.isEmpty() ? "" : parent + "/") + name.substring(1, name.length() - HIDDEN_TAIL);
        return key.startsWith(prefix);
    }

    /**
     * Makes the directory a file goes into, when it is not there yet. why look first: a put is on
     * every job's way (and every checkpoint's), and createDirectories on a directory that exists
     * throws and catches an exception inside, stack trace and all.
     */
    private static void createParent(Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
    }

    private static Path hidden(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void forceAll(List<Path> files) throws IOException {
        List<Future<?>> syncs = new ArrayList<>();
        try (var threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("c2a-sync").factory())) {
            for (Path f : files.subList(1, files.size())) {
                syncs.add(threads.submit(() -> force(f)));
            }
            force(files.get(0));
            for (Future<?> s : syncs) {
                s.get();
            }
        } catch (ExecutionException e) {
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
}
