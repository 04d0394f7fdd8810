package dev.c2a.audio;

import dev.c2a.job.AudioFormat;

/**
 * How to encode: the format, the output sample rate (null: the engine's when the codec takes it),
 * bitrate for lossy formats, an optional loudness target, and the tags.
 */
public record Encoding(AudioFormat format, Integer sampleRate, int kbps, Double loudness, Tags tags) {

    /** Title, artist (author) and album tags, and a cover picture; any may be null. */
    public record Tags(String title, String artist, String album, byte[] cover, String coverType) {
        public static final Tags NONE = new Tags(null, null, null, null, null);
    }

    /** Speech streamed to a client: the format's own rate and bitrate, no loudness target, no tags. */
    public static Encoding streamed(AudioFormat format) {
        return new Encoding(format, null, format.defaultKbps(), null, Tags.NONE);
    }

    /** The rate of the file: the one asked for, else the engine's when the codec takes it, else the codec's highest. */
    public int outputRate(int inputRate) {
        return sampleRate != null ? sampleRate : format.rateFor(inputRate);
    }

    /** Plain WAV at the engine's rate needs no encoder. */
    public boolean direct() {
        return direct(format, sampleRate, loudness);
    }

    public static boolean direct(AudioFormat format, Integer sampleRate, Double loudness) {
        return format == AudioFormat.WAV && sampleRate == null && loudness == null;
    }
}
