package dev.c2a.speech;

import dev.c2a.pcm.PcmFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineSetTest {

    /** Records how many of its calls overlap; each call takes 50 ms. */
    static final class Counting implements SpeechEngine {
        final String name;
        final int limit;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());

        Counting(String name, int limit) {
            this.name = name;
            this.limit = limit;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public List<Voice> voices() {
            return List.of(new Voice("a", "en-US", "A", null, 16_000), new Voice("b", "de", "B", null, 16_000));
        }

        @Override
        public int concurrencyLimit() {
            return limit;
        }

        @Override
        public String prepare(String text, Voice voice) {
            return name + ":" + text;
        }

        @Override
        public PcmFormat synthesize(SpeechRequest request, OutputStream pcm) throws SpeechException {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            texts.add(request.voice().id() + "/" + request.text());
            try {
                Thread.sleep(50);
                return new PcmFormat(16_000, 1);
            } catch (InterruptedException e) {
                throw new SpeechException("interrupted", null, true);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static SpeechRequest request(Voice v) {
        return new SpeechRequest("hi", v, 1.0, false, Duration.ofSeconds(10), new CancelSignal());
    }

    @Test
    void each_engine_keeps_its_own_limit_while_others_run_beside_it() throws Exception {
        Counting one = new Counting("one", 1);
        Counting three = new Counting("three", 3);
        EngineSet set = new EngineSet(List.of(one, three), Map.of());
        assertThat(set.concurrencyLimit()).isEqualTo(4);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Voice v = set.voice(i % 2 == 0 ? "one:a" : "three:a").orElseThrow();
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    set.synthesize(request(v), new ByteArrayOutputStream());
                } catch (SpeechException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(one.most.get()).isEqualTo(1);
        assertThat(three.most.get()).isBetween(2, 3);
        assertThat(one.texts).allMatch(t -> t.equals("a/hi")).as("the engine gets its own voice id").hasSize(4);
    }

    @Test
    void ids_are_engine_colon_voice_and_routing_and_preparing_go_to_the_voices_engine() {
        Counting first = new Counting("first", 2);
        Counting second = new Counting("second", 2);
        EngineSet set = new EngineSet(List.of(first, second), Map.of("de", "second:b"));
        assertThat(set.voices()).extracting(Voice::id).containsExactly("first:a", "first:b", "second:a", "second:b");
        assertThat(set.voice("en").orElseThrow().id()).as("the first engine for a language").isEqualTo("first:a");
        assertThat(set.voice("de").orElseThrow().id()).as("configured").isEqualTo("second:b");
        assertThat(set.voice("de-AT").orElseThrow().id()).as("no de-AT voice: de's").isEqualTo("second:b");
        assertThat(set.voice("fr")).isEmpty();
        assertThat(set.voice("SECOND:A").orElseThrow().id()).isEqualTo("second:a");
        assertThat(set.voice("third:a")).isEmpty();
        assertThat(set.voice("second:")).isEmpty();
        assertThat(set.prepare("x", set.voice("second:a").orElseThrow())).isEqualTo("second:x");
        assertThat(set.voice("first:a").orElseThrow().sampleRate()).isEqualTo(16_000);
    }

    @Test
    void a_voice_no_engine_has_is_an_error_retrying_cannot_fix() {
        EngineSet set = new EngineSet(List.of(new Counting("only", 1)), Map.of());
        assertThatThrownBy(() -> set.synthesize(request(new Voice("gone:x", "en", "x", null)),
                new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(SpeechException.class, e -> assertThat(e.retryable()).isFalse());
        assertThatThrownBy(() -> new EngineSet(List.of(new Counting("a", 1), new Counting("a", 1)), Map.of()))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> new EngineSet(List.of(new Counting("a", 1)), Map.of("not a tag!", "a:a")))
                .hasMessageContaining("not a BCP 47 language tag");
    }
}
