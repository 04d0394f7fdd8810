package dev.c2a.audio;

import java.util.concurrent.TimeUnit;

/**
 * The ffmpeg program (setting {@code ffmpeg}) and whether it runs. Only WAV at the engine's rate can
 * be written without it; jobs asking for more are refused at submit while it is missing.
 */
public record Encoder(String program, boolean available) {

    /** Runs {@code program -version} once to see whether it is there. */
    public static Encoder find(String program) {
        try {
            Process p = new ProcessBuilder(program, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) {
                p.destroyForcibly();
            }
            return new Encoder(program, ok);
        } catch (java.io.IOException e) {
            return new Encoder(program, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Encoder(program, false);
        }
    }
}
