package dev.c2a.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpeechLevelTest {
    private static byte[] tone(double amplitude, int millis, int silenceMillis) {
        int rate = 16_000;
        int n = rate * (millis + silenceMillis) / 1000;
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < rate * millis / 1000; i++) {
            int v = (int) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * 220 * i / rate));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }

    @Test
    void loud_and_soft_speech_end_at_the_same_level_and_pauses_do_not_count() {
        byte[] loud = SpeechLevel.normalize(tone(0.7, 1000, 0), 16_000);
        byte[] soft = SpeechLevel.normalize(tone(0.05, 1000, 3000), 16_000);
        assertThat(SpeechLevel.level(loud, 16_000)).isCloseTo(SpeechLevel.TARGET_DBFS, org.assertj.core.data.Offset.offset(0.2));
        assertThat(SpeechLevel.level(soft, 16_000)).isCloseTo(SpeechLevel.TARGET_DBFS, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void the_gain_never_clips_and_silence_is_left_alone() {
        byte[] spiky = tone(0.01, 1000, 0);
        spiky[1000] = (byte) 0xff;
        spiky[1001] = (byte) 0x7f;
        byte[] out = SpeechLevel.normalize(spiky, 16_000);
        int peak = 0;
        for (int i = 0; i < out.length / 2; i++) {
            peak = Math.max(peak, Math.abs((short) ((out[2 * i] & 0xff) | (out[2 * i + 1] << 8))));
        }
        assertThat(peak).isLessThanOrEqualTo(29_205);
        byte[] silence = new byte[3200];
        assertThat(SpeechLevel.normalize(silence, 16_000)).isSameAs(silence).containsOnly(0);
    }

    @Test
    void every_sample_gets_the_same_gain_across_the_chunks_and_a_stray_last_byte_stays() {
        // 10,007 samples: two whole chunks of the gain pass, a partial one, and a frame cut short
        byte[] in = java.util.Arrays.copyOf(tone(0.05, 625, 0), 10_007 * 2 + 1);
        in[in.length - 1] = 42;
        byte[] out = SpeechLevel.normalize(in.clone(), 16_000);
        double gain = sample(out, 4) / (double) sample(in, 4);
        assertThat(gain).isGreaterThan(2);
        for (int i = 0; i < 10_007; i++) {
            assertThat((double) sample(out, i)).as("sample %d", i).isCloseTo(sample(in, i) * gain,
                    org.assertj.core.data.Offset.offset(1.0 + Math.abs(sample(in, i)) * 0.001));
        }
        assertThat(out[out.length - 1]).isEqualTo((byte) 42);
    }

    private static short sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }

    @Test
    void resampling_keeps_length_and_pitch() {
        byte[] at16 = tone(0.5, 1000, 0);
        byte[] at22 = Resampler.resample(at16, 16_000, 22_050);
        assertThat(at22.length / 2).isEqualTo(22_050);
        // zero crossings count the 220 Hz tone: ~440 a second at any rate
        int crossings = 0;
        for (int i = 1; i < at22.length / 2; i++) {
            short a = (short) ((at22[2 * i - 2] & 0xff) | (at22[2 * i - 1] << 8));
            short b = (short) ((at22[2 * i] & 0xff) | (at22[2 * i + 1] << 8));
            if ((a < 0) != (b < 0)) {
                crossings++;
            }
        }
        assertThat(crossings).isBetween(435, 445);
        assertThat(SpeechLevel.level(at22, 22_050)).isCloseTo(SpeechLevel.level(at16, 16_000),
                org.assertj.core.data.Offset.offset(0.3));
    }
}
