package dev.c2a.speech;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.pcm.Silence;
import dev.c2a.testing.Cancels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The behaviour every {@link SpeechEngine} must show, against the real engine. Subclass once per
 * engine (and per mode of one).
 *
 * <p>The rules: the format returned is the audio's (whole frames, the voice's declared rate);
 * every voice is found by its id, and a voice the engine does not have is an error retrying cannot
 * fix; a call stopped by its deadline or its cancel signal ends soon with an error, and the next
 * call works (helpers killed are replaced); text with nothing to say is refused, not retried; a
 * huge text ends cleanly. Times are asserted only as liveness ({@link #LIVENESS}): the machine
 * that runs the tests is shared.
 */
public abstract class SpeechEngineContract<E extends SpeechEngine> {
    /** Enough to keep any real engine busy for many seconds: minutes of speech (~65,000 characters). */
    protected static final String LONG_TEXT = "This sentence is long enough to keep an engine busy for a while. "
            .repeat(1000);
    private static final String HUGE_TEXT = "This sentence is long enough to keep an engine busy for a while. "
            .repeat(3100);
    /** A call that must end does so well within this, deadline or not; past it, it hangs. */
    private static final Duration LIVENESS = Duration.ofSeconds(30);

    protected E engine;

    protected abstract E start() throws Exception;

    /** The id of one of the engine's voices that speaks English. */
    protected abstract String englishVoice();

    /**
     * True for a stand-in that speaks no words (no-op): its audio is silence and every call ends at
     * once, so the cases about real speech and about stopping a call midway do not apply to it.
     */
    protected boolean standIn() {
        return false;
    }

    @BeforeEach
    void openEngine() throws Exception {
        engine = start();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    protected SpeechRequest request(String text, Duration deadline, CancelSignal cancel) {
        return new SpeechRequest(text, engine.voice(englishVoice()).orElseThrow(), 1.0, false, deadline, cancel);
    }

    private SpeechRequest request(String text) {
        return request(text, Duration.ofSeconds(30), new CancelSignal());
    }

    @Test
    void speaks_a_short_sentence_in_whole_frames_of_the_format_it_returns_at_the_voices_rate() throws Exception {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        PcmFormat format = engine.synthesize(request("The quick brown fox jumps over the lazy dog."), pcm);

        assertThat(pcm.size()).isPositive();
        assertWholeFrames(pcm.toByteArray(), format);
        int declared = engine.voice(englishVoice()).orElseThrow().sampleRate();
        if (declared > 0) {
            assertThat(format.sampleRate()).as("the rate the voice declares").isEqualTo(declared);
        }
        if (!standIn()) {
            assertThat(Silence.trim(pcm.toByteArray(), format).length).as("speech, not silence")
                    .isGreaterThan(format.bytesPerSecond() / 5);
        }
    }

    @Test
    void speaks_several_texts_in_one_call_as_one_utterance_each_in_order_in_the_same_format() throws Exception {
        PcmFormat alone = engine.synthesize(request("Hello there."), new ByteArrayOutputStream());
        List<String> texts = List.of("A short one.", "Then a rather longer sentence, with a few more words in it.",
                "Done.");

        List<Utterance> spoken = engine.synthesizeAll(texts, request(""));

        assertThat(spoken).hasSize(3);
        for (Utterance u : spoken) {
            assertThat(u.format()).isEqualTo(alone);
            assertThat(u.pcm()).isNotEmpty();
            assertWholeFrames(u.pcm(), u.format());
        }
        if (!standIn()) {
            assertThat(spoken.get(1).pcm().length).as("in order: the long text is the second")
                    .isGreaterThan(spoken.get(0).pcm().length).isGreaterThan(spoken.get(2).pcm().length);
        }
    }

    @Test
    void every_voice_has_its_own_id_and_is_found_by_it() {
        List<Voice> voices = engine.voices();
        assertThat(voices).isNotEmpty();
        Set<String> ids = new HashSet<>();
        for (Voice v : voices) {
            assertThat(v.id()).isNotBlank();
            assertThat(ids.add(v.id())).as("unique: " + v.id()).isTrue();
            assertThat(engine.voice(v.id())).as(v.id()).map(Voice::id).contains(v.id());
        }
        assertThat(engine.voice(englishVoice())).isPresent();
    }

    @Test
    void an_unknown_voice_is_an_error_that_retrying_cannot_fix() {
        Voice unknown = new Voice("xx-nonexistent", "xx", "none", null);
        SpeechRequest r = new SpeechRequest("Hello.", unknown, 1.0, false, Duration.ofSeconds(30), new CancelSignal());
        assertThatThrownBy(() -> ends(() -> engine.synthesize(r, new ByteArrayOutputStream())))
                .isInstanceOfSatisfying(SpeechException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void a_call_past_its_deadline_ends_with_an_error_worth_retrying_and_the_next_call_works() {
        assumeFalse(standIn(), "every call of a stand-in ends at once: no deadline passes during one");
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        assertThatThrownBy(() -> ends(() -> engine.synthesize(request(LONG_TEXT, Duration.ofMillis(300),
                new CancelSignal()), pcm)))
                .isInstanceOfSatisfying(SpeechException.class, e -> {
                    assertThat(e.retryable()).as("another try may have more time").isTrue();
                    assertThat(e.getMessage()).contains("within 300 ms");
                });
        speaksAgain();
    }

    @Test
    void a_cancel_stops_a_running_call_and_the_next_call_works() {
        assumeFalse(standIn(), "every call of a stand-in ends at once: a cancel cannot come during one");
        CancelSignal cancel = Cancels.firedAfter(Duration.ofMillis(300));
        assertThatThrownBy(() -> ends(() -> engine.synthesize(request(LONG_TEXT, Duration.ofSeconds(60), cancel),
                new ByteArrayOutputStream())))
                .isInstanceOf(SpeechException.class).hasMessageContaining("cancelled");
        speaksAgain();
    }

    @Test
    void a_call_whose_job_was_already_cancelled_is_refused_and_the_next_call_works() {
        CancelSignal cancel = new CancelSignal();
        cancel.fire("cancelled before the call");
        assertThatThrownBy(() -> ends(() -> engine.synthesize(request("Hello.", Duration.ofSeconds(30), cancel),
                new ByteArrayOutputStream())))
                .isInstanceOf(SpeechException.class).hasMessageContaining("cancelled before the call");
        speaksAgain();
    }

    @Test
    void text_with_nothing_to_say_is_refused_as_such_not_retried() {
        for (String nothing : new String[] {"", "  \n\t "}) {
            assertThatThrownBy(() -> ends(() -> engine.synthesize(request(nothing), new ByteArrayOutputStream())))
                    .as("'%s'", nothing)
                    .isInstanceOfSatisfying(SpeechException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("nothing to say");
                    });
        }
        speaksAgain();
    }

    @Test
    void a_huge_text_with_a_short_deadline_ends_cleanly_and_the_engine_keeps_working() {
        Throwable thrown = catchThrowable(() -> ends(() -> engine.synthesize(request(HUGE_TEXT,
                Duration.ofMillis(500), new CancelSignal()), OutputStream.nullOutputStream())));
        if (standIn()) {
            assertThat(thrown).isNull();
        } else {
            // the deadline's error, or a refusal that says the text is too long; never another failure
            assertThat(thrown).as("%,d characters cannot be spoken in 500 ms", HUGE_TEXT.length())
                    .isInstanceOfSatisfying(SpeechException.class, e -> assertThat(e.retryable()
                            ? e.getMessage().contains("within 500 ms") : e.getMessage().contains("characters"))
                            .as(e.getMessage()).isTrue());
        }
        speaksAgain();
    }

    private void speaksAgain() {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        ends(() -> engine.synthesize(request("And again."), pcm));
        assertThat(pcm.size()).as("the next call speaks").isPositive();
    }

    /** The call's outcome, which must come within {@link #LIVENESS}: a hang fails the test. */
    private static <T> T ends(ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(LIVENESS, call);
    }

    private static void assertWholeFrames(byte[] pcm, PcmFormat format) {
        assertThat(pcm.length % (2 * format.channels())).as("whole 16-bit frames of %s", format).isZero();
    }
}
