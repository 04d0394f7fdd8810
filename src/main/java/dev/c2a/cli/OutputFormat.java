package dev.c2a.cli;

import dev.c2a.job.AudioFormat;

import java.nio.file.Path;

/** The audio format an output file's extension asks for ("book.m4b" → m4b); null to let the service choose. */
final class OutputFormat {
    private OutputFormat() {
    }

    static String of(Path output) {
        if (output == null) {
            return null;
        }
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : AudioFormat.forJob(name.substring(dot + 1)).map(AudioFormat::extension).orElse(null);
    }
}
