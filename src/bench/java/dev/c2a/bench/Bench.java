package dev.c2a.bench;

import dev.c2a.C2a;
import dev.c2a.C2aServer;
import dev.c2a.speech.SpeechEngine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the targets run: the scratch directory, the printed figures, and services on fresh data
 * directories. Directories are deleted only when the bench ends: on a file system mounted with
 * {@code discard}, deleting thousands of files slows the disk syncs of whatever is measured next.
 */
final class Bench implements AutoCloseable {
    private final Path work;
    private final PrintWriter out;
    private final List<Path> scratch = new ArrayList<>();

    Bench(Path work, PrintWriter out) throws IOException {
        this.work = Files.createDirectories(work);
        this.out = out;
    }

    PrintWriter out() {
        return out;
    }

    /** A file in the scratch directory that stays when the bench ends. */
    Path kept(String name) {
        return work.resolve(name);
    }

    /** A fresh directory (not yet created), deleted when the bench ends. */
    Path scratch(String name) {
        Path dir = work.resolve(name + "-" + System.nanoTime());
        scratch.add(dir);
        return dir;
    }

    /** A service on a fresh data directory. */
    C2aServer server(String name, String engine, int workers, String durability) throws IOException {
        return C2a.builder().dataDir(scratch(name)).port(0).workers(workers).engine(engine)
                .set("durability", durability).set("max-attempts", "1").start();
    }

    /** A service whose only engine is {@code engine}, an instance the target steers. */
    C2aServer server(String name, SpeechEngine engine, int workers, String durability) throws IOException {
        return steered(name, engine, workers).set("durability", durability).start();
    }

    /** The builder of such a service on a fresh data directory, for a target that sets more before it starts. */
    C2a.Builder steered(String name, SpeechEngine engine, int workers) {
        return C2a.builder().dataDir(scratch(name)).port(0).workers(workers).engines(engine).set("max-attempts", "1");
    }

    /** A service whose only engine is a remote speech server at {@code url}. */
    C2aServer remoteServer(String name, String url, int workers) throws IOException {
        return C2a.builder().dataDir(scratch(name)).port(0).workers(workers).engine("remote").set("remote-url", url)
                .set("max-attempts", "1").start();
    }

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e9;
    }

    @Override
    public void close() throws IOException {
        for (Path dir : scratch) {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
