package dev.c2a.speech;

import dev.c2a.process.Nice;
import dev.c2a.process.StderrTail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine program for one call (at the engines' lower priority): the text on its stdin, killed
 * when the call's deadline passes or its job is cancelled, its failure told apart from those.
 */
public final class EngineProcess {
    private final String engine;
    private final Deadlines deadlines;

    /** @param engine the engine's name, for messages */
    public EngineProcess(String engine, Deadlines deadlines) {
        this.engine = engine;
        this.deadlines = deadlines;
    }

    /**
     * Runs {@code args} with {@code text} on stdin, for at most {@code deadline}; returns what it
     * printed when {@code keepOutput} (else its output is discarded: it writes a file).
     */
    public byte[] run(SpeechRequest request, Duration deadline, String text, List<String> args, boolean keepOutput)
            throws SpeechException {
        List<String> command = new ArrayList<>(Nice.PREFIX);
        command.addAll(args);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (!keepOutput) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            process = builder.start();
        } catch (IOException e) {
            throw new SpeechException("cannot start " + engine + ": " + e.getMessage(), null, true);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        try (Deadlines.Armed armed = deadlines.arm(deadline, process::destroyForcibly);
             AutoCloseable onCancel = request.cancel().onFire(process::destroyForcibly)) {
            byte[] out = new byte[0];
            if (keepOutput) {
                // why a thread of its own: a program that prints while it reads would fill the pipe
                // back to us and wait on it, while we waited on it to read the rest of its input
                Thread feeder = Thread.ofVirtual().start(() -> feed(process, text));
                try (InputStream in = process.getInputStream()) {
                    out = in.readAllBytes();
                } catch (IOException e) {
                    // why: a killed process's output may be closed under the read ("Stream closed");
                    // that is the deadline's or the cancel's doing, told below, not a failure
                    if (!armed.passed() && !request.cancel().fired()) {
                        throw e;
                    }
                }
                feeder.join();
            } else {
                feed(process, text);
            }
            int exit = process.waitFor();
            String errors = stderr.textAtEnd();
            if (exit != 0 || errors.startsWith("Error") || errors.contains("\nError") || armed.passed()
                    || request.cancel().fired()) {
                throw WavCommand.ended(engine, request, armed, errors, engine + " failed (exit code " + exit + "): "
                        + lastLine(errors));
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted", null, true);
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new SpeechException(engine + " call failed: " + e.getMessage(), null, true);
        }
    }

    private static void feed(Process process, String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the process died or was killed; its exit and stderr tell why
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
