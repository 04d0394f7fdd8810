package dev.c2a.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * espeak-ng's word events become word cues: in order, inside their sentence and the audio, each
 * pointing to where it was written in the caption and in the original content, through
 * normalisation ("$3.50" read as four words is one written range).
 */
class WordCaptionsTest {
    @TempDir
    static Path dir;
    static Service service;

    @BeforeAll
    static void open() {
        service = C2a.builder().dataDir(dir).engine("espeak-ng").workers(1).open();
    }

    @AfterAll
    static void close() {
        service.close();
    }

    @Test
    void words_are_timed_in_order_and_trace_back_through_normalisation() throws Exception {
        String text = "It cost $3.50 on 2024-03-15. Dr. Smith arrived at 10:30, about 25% late.";
        JsonNode captions = run(new JobRequest(text, null, null, null, "wav", null, null, null, null));

        JsonNode cues = captions.path("cues");
        assertThat(cues.size()).isEqualTo(2);
        double last = 0;
        List<String> money = new ArrayList<>();
        for (JsonNode cue : cues) {
            String written = cue.path("text").asText();
            JsonNode words = cue.path("words");
            assertThat(words.size()).as(written).isGreaterThanOrEqualTo(written.split(" ").length);
            for (JsonNode w : words) {
                double start = w.path("start").asDouble();
                assertThat(start).isGreaterThanOrEqualTo(last).isBetween(cue.path("start").asDouble(),
                        cue.path("end").asDouble());
                assertThat(w.path("end").asDouble()).isBetween(start, cue.path("end").asDouble());
                last = start;
                String inCaption = written.substring(w.path("text").get(0).asInt(), w.path("text").get(1).asInt());
                String inContent = text.substring(w.path("source").path("start").asInt(),
                        w.path("source").path("end").asInt());
                assertThat(inContent).as("the content and the caption show the same written word").isEqualTo(inCaption);
                if (inCaption.equals("$3.50")) {
                    money.add(w.path("spoken").asText());
                }
                if (w.path("spoken").asText().equalsIgnoreCase("Doctor")) {
                    assertThat(inCaption).isEqualTo("Dr.");
                }
            }
        }
        assertThat(money).containsExactly("three", "dollars", "and", "fifty", "cents");
        assertThat(last).isLessThanOrEqualTo(captions.path("duration").asDouble());
    }

    @Test
    void word_ranges_point_into_the_markup_of_an_html_page() throws Exception {
        String html = "<html><body><article><h1>Prices</h1><p>Bread costs <b>$2</b> today.</p></article></body></html>";
        JsonNode captions = run(new JobRequest(null, null, null, null, "wav", null, null, null, null)
                .withContent("text/html", html));

        List<String> written = new ArrayList<>();
        for (JsonNode cue : captions.path("cues")) {
            for (JsonNode w : cue.path("words")) {
                written.add(html.substring(w.path("source").path("start").asInt(), w.path("source").path("end").asInt()));
            }
        }
        assertThat(written).contains("Prices", "Bread", "costs", "$2", "today");
    }

    @Test
    void webvtt_carries_the_word_times() throws Exception {
        String id = service.submit(JobRequest.ofText("One two three four five six.")).job().id();
        await().atMost(Duration.ofMinutes(1)).until(() -> service.job(id).state().isFinal());
        String vtt = new String(service.captions(id, "vtt").bytes(), StandardCharsets.UTF_8);
        assertThat(vtt).containsPattern("One <00:00:00\\.\\d{3}>two <00:00:0\\d\\.\\d{3}>three");
    }

    @Test
    void an_engine_without_word_events_keeps_sentence_cues_and_says_so(@TempDir Path other) throws Exception {
        assertThat(service.engines()).singleElement().satisfies(e -> assertThat(e.wordTimings()).isTrue());
        try (Service cli = C2a.builder().dataDir(other).engine("espeak-ng-cli").workers(1).open()) {
            assertThat(cli.engines()).singleElement().satisfies(e -> assertThat(e.wordTimings()).isFalse());
            String id = cli.submit(JobRequest.ofText("One two three. Four five six.")).job().id();
            await().atMost(Duration.ofMinutes(1)).until(() -> cli.job(id).state().isFinal());
            JsonNode cues = Json.MAPPER.readTree(cli.captions(id, "json").bytes()).path("cues");
            assertThat(cues.size()).isEqualTo(2);
            for (JsonNode cue : cues) {
                assertThat(cue.path("words").isMissingNode() || cue.path("words").isEmpty()).as(cue.toString()).isTrue();
            }
        }
    }

    private static JsonNode run(JobRequest request) throws Exception {
        String id = service.submit(request).job().id();
        await().atMost(Duration.ofMinutes(1)).until(() -> service.job(id).state().isFinal());
        assertThat(service.job(id).state()).as(String.valueOf(service.job(id).lastError())).isEqualTo(JobState.SUCCEEDED);
        return Json.MAPPER.readTree(service.captions(id, "json").bytes());
    }
}
