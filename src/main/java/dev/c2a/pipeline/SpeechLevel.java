package dev.c2a.pipeline;

/**
 * Brings every spoken segment to one level, whichever engine spoke it: engines differ by up to
 * 12 dB (espeak-ng speaks loud, flite and MaryTTS softer), and a job or a catalog that mixes them
 * would jump in volume. The level is the mean power of the 20 ms frames that hold speech (frames
 * below -50 dBFS are pauses and do not count), brought to {@link #TARGET_DBFS}; the gain never
 * lifts a peak above -1 dBFS. Deterministic: the same segment always gets the same bytes.
 */
final class SpeechLevel {
    /** About -23 LUFS for speech: the EBU R128 broadcast level, with room for the peaks. */
    static final double TARGET_DBFS = -20.0;
    private static final double GATE_DBFS = -50.0;
    private static final double MAX_PEAK = 32767 * Math.pow(10, -1 / 20.0);
    private static final double MAX_GAIN_DB = 24.0;

    private SpeechLevel() {
    }

    /** The segment's speech level in dBFS (RMS of the frames above the gate); NaN when it is all silence. */
    static double level(byte[] pcm, int sampleRate) {
        int frame = Math.max(1, sampleRate / 50);
        int samples = pcm.length / 2;
        double gate = 32768 * 32768 * Math.pow(10, GATE_DBFS / 10);
        double power = 0;
        long counted = 0;
        for (int start = 0; start < samples; start += frame) {
            int end = Math.min(samples, start + frame);
            double sum = 0;
            for (int i = start; i < end; i++) {
                double s = sample(pcm, i);
                sum += s * s;
            }
            if (sum / (end - start) >= gate) {
                power += sum;
                counted += end - start;
            }
        }
        return counted == 0 ? Double.NaN : 10 * Math.log10(power / counted / (32768.0 * 32768.0));
    }

    /** The segment at the target level (a new array), or the same one when it needs no change. */
    static byte[] normalize(byte[] pcm, int sampleRate) {
        double level = level(pcm, sampleRate);
        if (Double.isNaN(level)) {
            return pcm;
        }
        double gain = Math.pow(10, Math.min(MAX_GAIN_DB, TARGET_DBFS - level) / 20);
        int peak = 1;
        for (int i = 0; i < pcm.length / 2; i++) {
            peak = Math.max(peak, Math.abs(sample(pcm, i)));
        }
        gain = Math.min(gain, MAX_PEAK / peak);
        if (Math.abs(gain - 1) < 0.01) {
            return pcm;
        }
        byte[] out = new byte[pcm.length - pcm.length % 2];
        for (int i = 0; i < out.length / 2; i++) {
            int v = (int) Math.round(sample(pcm, i) * gain);
            v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
}
