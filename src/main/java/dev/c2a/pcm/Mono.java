package dev.c2a.pcm;

/**
 * Speech is trimmed, levelled, laid out and encoded as one channel. An engine that speaks in more
 * (a remote server's stereo WAV) is mixed down here, once, as its audio is received; everything
 * after counts a sample as two bytes.
 */
public final class Mono {
    private Mono() {
    }

    /** {@code pcm} in {@code format} as mono: each frame's channels averaged; the same array when already mono. */
    public static byte[] of(byte[] pcm, PcmFormat format) {
        int channels = format.channels();
        if (channels == 1) {
            return pcm;
        }
        int frames = pcm.length / (2 * channels);
        byte[] out = new byte[frames * 2];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = 2 * (f * channels + c);
                sum += (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
            }
            int v = Math.round((float) sum / channels);
            out[2 * f] = (byte) v;
            out[2 * f + 1] = (byte) (v >> 8);
        }
        return out;
    }

    public static PcmFormat of(PcmFormat format) {
        return new PcmFormat(format.sampleRate(), 1);
    }
}
