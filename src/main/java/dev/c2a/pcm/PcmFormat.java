package dev.c2a.pcm;

/** Signed 16-bit little-endian PCM. */
public record PcmFormat(int sampleRate, int channels) {
    public int bytesPerSecond() {
        return sampleRate * channels * 2;
    }
}
