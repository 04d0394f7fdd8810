package dev.c2a.job;

/** The audio a job produced. {@code file} is relative to the audio directory and never user input. */
public record JobResult(String file, double durationSeconds, long bytes, int sampleRate, String format,
                        int segments) {
}
