package dev.c2a.speech.flite;

import dev.c2a.testing.TestEngines;
import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechEngineContract;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.Voice;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real flite, as Debian installs it: what is particular to it (the rest: {@link SpeechEngineContract}). */
class FliteEngineTest extends SpeechEngineContract<FliteEngine> {
    @Override
    protected FliteEngine start() {
        return FliteEngine.start("flite", TestEngines.DEADLINES);
    }

    @Override
    protected String englishVoice() {
        return "slt";
    }

    private SpeechRequest request(String text, String voice, double speed) {
        return new SpeechRequest(text, engine.voice(voice).orElseThrow(), speed, false, Duration.ofSeconds(30),
                new CancelSignal());
    }

    @Test
    void lists_its_voices_best_first_without_the_clock_only_voice() {
        assertThat(engine.version()).matches("\\d+\\.\\d+");
        assertThat(engine.voices()).extracting(Voice::id).startsWith("slt", "rms", "awb").doesNotContain("awb_time");
        assertThat(engine.voice("en").orElseThrow().id()).isEqualTo("slt");
        assertThat(engine.voice("en-GB").orElseThrow().id()).isEqualTo("awb");
        assertThat(engine.voice("de")).isEmpty();
        assertThat(FliteEngine.parse("Voices available: kal awb_time slt extra\n"))
                .extracting(Voice::id).containsExactly("slt", "kal", "extra");
    }

    @Test
    void speaks_english_at_its_voices_rate_and_speed_shortens_it() throws Exception {
        ByteArrayOutputStream normal = new ByteArrayOutputStream();
        PcmFormat f = engine.synthesize(request("The quick brown fox jumps over the lazy dog.", "slt", 1.0), normal);
        assertThat(f).isEqualTo(new PcmFormat(16_000, 1));
        double seconds = normal.size() / 2.0 / 16_000;
        assertThat(seconds).isBetween(1.5, 5.0);
        ByteArrayOutputStream fast = new ByteArrayOutputStream();
        engine.synthesize(request("The quick brown fox jumps over the lazy dog.", "slt", 2.0), fast);
        assertThat(fast.size()).isLessThan(normal.size() * 7 / 10);
        ByteArrayOutputStream kal = new ByteArrayOutputStream();
        assertThat(engine.synthesize(request("Hello.", "kal", 1.0), kal)).isEqualTo(new PcmFormat(8_000, 1));
    }

    @Test
    void text_that_looks_like_an_option_is_spoken_not_obeyed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.synthesize(request("-voice /etc/passwd --help", "slt", 1.0), out);
        assertThat(out.size()).isGreaterThan(16_000);
    }

    @Test
    void a_voice_it_does_not_list_is_refused_before_flite_runs() {
        Voice path = new Voice("/tmp/evil.flitevox", "en", "x", null);
        assertThatThrownBy(() -> engine.synthesize(new SpeechRequest("Hi.", path, 1.0, false, Duration.ofSeconds(5),
                new CancelSignal()), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(SpeechException.class, e -> assertThat(e.retryable()).isFalse());
    }
}
