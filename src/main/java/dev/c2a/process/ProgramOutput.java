package dev.c2a.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What a short-lived program printed (stdout and stderr together), and its exit code: versions, voice lists. */
public record ProgramOutput(int exit, String text) {

    /** Runs {@code command} to its end (at most 30 s); fails when it cannot start or does not end. */
    public static ProgramOutput of(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within 30 s");
            }
            return new ProgramOutput(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The text, when the program exited with 0. */
    public String ok() throws IOException {
        if (exit != 0) {
            throw new IOException("exit code " + exit + ": " + text.strip());
        }
        return text;
    }
}
