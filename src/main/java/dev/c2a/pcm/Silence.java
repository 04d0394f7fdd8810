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
        return cut(pcm, kept(pcm, format));
    }

    /** The samples {@link #kept} found; the same array when nothing is cut off. */
    public static byte[] cut(byte[] pcm, int[] kept) {
        return kept[0] == 0 && kept[1] == pcm.length / 2 ? pcm : Arrays.copyOfRange(pcm, kept[0] * 2, kept[1] * 2);
    }

    /**
     * The samples {@link #trim} keeps, {@code {from, to}}: what was said {@code t} ms into the
     * untrimmed audio is {@code t - from * 1000 / rate} ms into the trimmed one.
     */
    public static int[] kept(byte[] pcm, PcmFormat format) {
        int samples = pcm.length / 2;
        int first = 0;
        while (first < samples && Math.abs(sample(pcm, first)) < THRESHOLD) {
            first++;
        }
        if (first == samples) {
            return new int[] {0, 0};
        }
        int last = samples - 1;
        while (last > first && Math.abs(sample(pcm, last)) < THRESHOLD) {
            last--;
        }
        int from = Math.max(0, first - format.sampleRate() * LEAD_MILLIS / 1000);
        int to = Math.min(samples, last + 1 + format.sampleRate() * TAIL_MILLIS / 1000);
        return new int[] {from, to};
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
}
