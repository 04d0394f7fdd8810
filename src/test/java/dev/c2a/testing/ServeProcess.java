package dev.c2a.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code c2a serve} in a child JVM on this JVM's class path: for benchmarks that measure the service
 * from outside, and for tests that kill it or send it signals.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving (http://\\S+)");
    private final Process process;
    private final String url;
    /** Everything the child printed, as it prints it. */
    private final StringBuffer log;

    private ServeProcess(Process process, String url, StringBuffer log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    public static ServeProcess start(Path data, String... args) throws IOException {
        return start(System.getProperty("java.class.path"), data, args);
    }

    /** With another class path: a test that must load classes from jars, as a deployed service does. */
    public static ServeProcess start(String classPath, Path data, String... args) throws IOException {
        List<String> command = new ArrayList<>(c2a(classPath));
        command.addAll(List.of("serve", "--data", data.toString(), "--port", "0"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuffer log = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
            url.completeExceptionally(new IllegalStateException("child exited before serving:\n" + log));
        });
        try {
            return new ServeProcess(p, url.get(60, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("child did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    /**
     * Writes an executable script to {@code file} that runs the c2a command line as {@link #start} does,
     * on this JVM's class path: a launcher for the project's scripts that start nodes themselves
     * ({@code C2A_LAUNCHER} of {@code scripts/cluster}), where {@code ./c2a} would build the jar first.
     */
    public static Path launcher(Path file) throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
        for (String word : c2a(System.getProperty("java.class.path"))) {
            script.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        Files.writeString(file, script.append(" \"$@\"\n"));
        if (!file.toFile().setExecutable(true)) {
            throw new IOException("could not make " + file + " executable");
        }
        return file;
    }

    /** The command that runs the c2a command line in a child JVM on {@code classPath}. */
    private static List<String> c2a(String classPath) {
        return List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-cp", classPath, "dev.c2a.cli.Main");
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** What the child printed so far. */
    public String log() {
        return log.toString();
    }

    /** SIGKILL: no shutdown hook, no drain. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: every thread of the child halts where it is, as on a node that stalls (a long GC, a frozen VM). */
    public void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a {@link #suspend suspended} child goes on from where it halted, unaware of the time that passed. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    // why kill(1): Java's Process can send only SIGTERM and SIGKILL
    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM; returns whether the process exited within the timeout. */
    public boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
