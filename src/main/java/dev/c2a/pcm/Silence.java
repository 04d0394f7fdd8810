package dev.c2a.pcm;


import java.util.Arrays;

/**
 * Trims the silence an engine puts before and after each call, keeping a short margin, so the
 * pauses between sentences are the ones the job asked for and seams carry no long silences.
 */
public final class Silence {
    /** About -42 dBFS: below any speech sound, above dither and noise. */
    private static final int THRESHOLD = 256;
    private static final int LEAD_MILLIS = 15;
    private static final int TAIL_MILLIS = 40;

    private Silence() {
    }

    public static byte[] trim(byte[] pcm, PcmFormat format) {
        int samples = pcm.length / 2;
        int first = 0;
        while (first < samples && Math.abs(sample(pcm, first)) < THRESHOLD) {
            first++;
        }
        if (first == samples) {
            return new byte[0];
        }
        int last = samples - 1;
        while (last > first && Math.abs(sample(pcm, last)) < THRESHOLD) {
            last--;
        }
        int from = Math.max(0, first - format.sampleRate() * LEAD_MILLIS / 1000);
        int to = Math.min(samples, last + 1 + format.sampleRate() * TAIL_MILLIS / 1000);
        return from == 0 && to == samples ? pcm : Arrays.copyOfRange(pcm, from * 2, to * 2);
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
}
