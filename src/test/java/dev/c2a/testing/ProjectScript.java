package dev.c2a.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's scripts ({@code scripts/postgres}, {@code scripts/s3}), run by a test kit to
 * start, find and stop the servers the tests use, or by a test of the script, as a person would run it.
 */
public record ProjectScript(Path root, String name) {

    /** The script {@code scripts/NAME} of the project this test runs in. */
    public static ProjectScript of(String name) {
        return new ProjectScript(projectRoot(name), name);
    }

    /**
     * Runs {@code scripts/NAME ARGS}; returns its output, or null when it failed and {@code required}
     * is false. Its output is kept, not inherited: this JVM's standard output belongs to the test
     * runner. A first start may install a package or fetch a server, hence the long wait.
     */
    public String run(List<String> args, boolean required) {
        return run(args, Map.of(), required);
    }

    /** The same, with these environment variables added to the script's. */
    public String run(List<String> args, Map<String, String> environment, boolean required) {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts").resolve(name).toString()));
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            String output = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() == 0) {
                return output;
            }
            if (required) {
                throw new IllegalStateException("scripts/" + name + " " + String.join(" ", args) + " failed:\n" + output);
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("could not run scripts/" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/" + name + " " + args, e);
        }
    }

    /** The directory with scripts/NAME: the working directory (as under Maven) or one above it. */
    private static Path projectRoot(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts").resolve(name))) {
                return p;
            }
        }
        throw new IllegalStateException("no scripts/" + name + " in " + Path.of("").toAbsolutePath() + " or above it");
    }
}
