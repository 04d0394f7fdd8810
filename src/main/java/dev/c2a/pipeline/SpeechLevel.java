package dev.c2a.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Brings every spoken segment to one level, whichever engine spoke it: engines differ by up to
 * 12 dB (espeak-ng speaks loud, flite and MaryTTS softer), and a job or a catalog that mixes them
 * would jump in volume. The level is the mean power of the 20 ms frames that hold speech (frames
 * below -50 dBFS are pauses and do not count), brought to {@link #TARGET_DBFS}; the gain never
 * lifts a peak above -1 dBFS. Deterministic: the same segment always gets the same bytes.
 *
 * <p>This runs on every sentence of every job, so it is integer arithmetic, in place, in two passes
 * (a third, for the peak, only when the gain could lift a sample past -1 dBFS):
 * a first version with doubles and a copy cost the worker more JVM CPU than all the rest of a job.
 * Samples are copied a frame at a time into a {@code short[]} (a bulk copy the JIT turns into a
 * memory move) and worked on there, where the JIT vectorises the loops: read one by one through a
 * view of the byte array, the gain pass alone was over half of a worker's Java samples in a
 * profile of 200-character texts (about 0.65 ms for a 576 kB segment, against 0.02–0.3 ms now).
 */
final class SpeechLevel {
    /** About -21 LUFS for speech, near the EBU R128 broadcast level, with room for the peaks. */
    static final double TARGET_DBFS = -20.0;
    private static final double GATE_DBFS = -50.0;
    private static final int MAX_PEAK = (int) (32767 * Math.pow(10, -1 / 20.0));
    private static final double MAX_GAIN_DB = 24.0;
    private static final double FULL_SCALE_POWER = 32768.0 * 32768.0;
    /** Samples copied out and back at a time by the gain pass: small enough for the thread's allocation buffer. */
    private static final int CHUNK = 4096;
    private static final long GATE_POWER = (long) (FULL_SCALE_POWER * Math.pow(10, GATE_DBFS / 10));

    private SpeechLevel() {
    }

    /** What the level pass finds: the power of the voiced frames and how many samples they hold. */
    private record Measure(long power, long samples) {
        double dbfs() {
            return samples == 0 ? Double.NaN : 10 * Math.log10(power / (double) samples / FULL_SCALE_POWER);
        }
    }

    private static Measure measure(ShortBuffer samples, int sampleRate) {
        int frame = Math.max(1, sampleRate / 50);
        int count = samples.limit();
        short[] chunk = new short[Math.min(frame, Math.max(1, count))];
        long power = 0;
        long counted = 0;
        for (int start = 0; start < count; start += frame) {
            int length = Math.min(count - start, frame);
            samples.get(start, chunk, 0, length);
            long sum = 0;
            for (int i = 0; i < length; i++) {
                int s = chunk[i];
                // a square fits an int (at most 2^30); the frame's sum does not
                sum += s * s;
            }
            if (sum >= GATE_POWER * length) {
                power += sum;
                counted += length;
            }
        }
        return new Measure(power, counted);
    }

    /**
     * The largest magnitude of any sample. A pass of its own, taken only when the gain could lift a
     * sample past -1 dBFS: the JIT does not vectorise a running maximum, so in the level pass it
     * cost more than the rest of that pass, and a loud engine's speech (espeak-ng's) is turned down.
     */
    private static int peak(ShortBuffer samples) {
        int count = samples.limit();
        short[] chunk = new short[Math.min(CHUNK, count)];
        int max = 0;
        int min = 0;
        for (int start = 0; start < count; start += CHUNK) {
            int length = Math.min(count - start, CHUNK);
            samples.get(start, chunk, 0, length);
            for (int i = 0; i < length; i++) {
                max = Math.max(max, chunk[i]);
                min = Math.min(min, chunk[i]);
            }
        }
        return Math.max(max, -min);
    }

    private static ShortBuffer samples(byte[] pcm) {
        return ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    }

    /** The segment's speech level in dBFS (RMS of the frames above the gate); NaN when it is all silence. */
    static double level(byte[] pcm, int sampleRate) {
        return measure(samples(pcm), sampleRate).dbfs();
    }

    /** Brings the segment to the target level, changing {@code pcm} itself, and returns it. */
    static byte[] normalize(byte[] pcm, int sampleRate) {
        ShortBuffer samples = samples(pcm);
        Measure m = measure(samples, sampleRate);
        double level = m.dbfs();
        if (Double.isNaN(level)) {
            return pcm;
        }
        double gain = Math.pow(10, Math.min(MAX_GAIN_DB, TARGET_DBFS - level) / 20);
        if (gain * -Short.MIN_VALUE > MAX_PEAK) {
            gain = Math.min(gain, MAX_PEAK / (double) Math.max(1, peak(samples)));
        }
        if (Math.abs(gain - 1) < 0.01) {
            return pcm;
        }
        // gain in 16.16 fixed point; the peak bound above keeps every product inside 16 bits
        long g = Math.round(gain * 65536);
        int count = samples.limit();
        short[] chunk = new short[Math.min(CHUNK, count)];
        for (int start = 0; start < count; start += CHUNK) {
            int length = Math.min(count - start, CHUNK);
            samples.get(start, chunk, 0, length);
            for (int i = 0; i < length; i++) {
                int v = (int) ((chunk[i] * g + 32768) >> 16);
                chunk[i] = (short) (v < Short.MIN_VALUE ? Short.MIN_VALUE : (v > Short.MAX_VALUE ? Short.MAX_VALUE : v));
            }
            samples.put(start, chunk, 0, length);
        }
        return pcm;
    }
}
