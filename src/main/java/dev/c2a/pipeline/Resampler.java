package dev.c2a.pipeline;

/**
 * Changes the sample rate of 16-bit mono PCM, for a job whose sentences come from engines that
 * speak at different rates (flite at 16 kHz, espeak-ng at 22.05 kHz). Windowed-sinc interpolation
 * (Blackman window, 16 zero crossings each side), with the cut-off at the lower of the two Nyquist
 * frequencies, so that going down does not fold high sounds back as noise.
 */
final class Resampler {
    private static final int HALF_WIDTH = 16;

    private Resampler() {
    }

    static byte[] resample(byte[] pcm, int from, int to) {
        if (from == to) {
            return pcm;
        }
        int inSamples = pcm.length / 2;
        int outSamples = (int) ((long) inSamples * to / from);
        double ratio = (double) to / from;
        double cutoff = Math.min(1.0, ratio);
        double width = HALF_WIDTH / cutoff;
        byte[] out = new byte[outSamples * 2];
        for (int n = 0; n < outSamples; n++) {
            double t = n / ratio;
            int first = (int) Math.ceil(t - width);
            int last = (int) Math.floor(t + width);
            double sum = 0;
            for (int k = Math.max(0, first); k <= Math.min(inSamples - 1, last); k++) {
                double x = (k - t) * cutoff;
                sum += sample(pcm, k) * cutoff * sinc(x) * blackman((k - t) / width);
            }
            int v = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
            out[2 * n] = (byte) v;
            out[2 * n + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** The Blackman window over [-1, 1]. */
    private static double blackman(double x) {
        if (Math.abs(x) >= 1) {
            return 0;
        }
        double p = Math.PI * (x + 1);
        return 0.42 - 0.5 * Math.cos(p) + 0.08 * Math.cos(2 * p);
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
}
