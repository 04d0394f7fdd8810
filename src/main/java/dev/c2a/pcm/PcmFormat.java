package dev.c2a.pcm;

/**
 * Signed 16-bit little-endian PCM. why here, with {@link Wav}: engines ({@code speech}) speak it
 * and sinks ({@code audio}) write it, and neither of those packages needs the other.
 */
public record PcmFormat(int sampleRate, int channels) {
    public int bytesPerSecond() {
        return sampleRate * channels * 2;
    }
}
