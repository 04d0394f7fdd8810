package dev.c2a.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.C2a;
import dev.c2a.api.JobRequest;
import dev.c2a.job.JobState;
import dev.c2a.json.Json;
import dev.c2a.service.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Sentences spoken a paragraph at a time (the resident espeak-ng helper) are laid out as if each had
 * been spoken alone (the espeak-ng command line, one call per sentence): the same cues, each as long
 * within a few tens of milliseconds (espeak-ng phrases a sentence a little differently inside a
 * paragraph).
 */
class ParagraphCallsTest {
    private static final String TEXT = "It was a bright cold day in April. The clocks were striking thirteen. "
            + "Winston Smith slipped quickly through the glass doors, though not quickly enough. "
            + "The hallway smelt of boiled cabbage and old rag mats.\n\n"
            + "At one end of it a coloured poster had been tacked to the wall. It depicted simply an enormous face, "
            + "more than a metre wide. It cost $3.50 on 2024-03-15.";

    @TempDir
    Path dir;

    @Test
    void a_paragraph_call_lays_out_each_sentence_as_long_as_when_spoken_alone() throws Exception {
        JsonNode paragraphs = captions("espeak-ng");
        JsonNode alone = captions("espeak-ng-cli");

        assertThat(paragraphs.path("cues").size()).isEqualTo(alone.path("cues").size()).isEqualTo(7);
        for (int i = 0; i < alone.path("cues").size(); i++) {
            JsonNode p = paragraphs.path("cues").get(i);
            JsonNode a = alone.path("cues").get(i);
            assertThat(p.path("text").asText()).isEqualTo(a.path("text").asText());
            // measured: most within 10 ms; espeak-ng's phrasing in a paragraph moved one by 50 ms
            assertThat(length(p)).as(p.path("text").asText()).isCloseTo(length(a), within(0.060));
        }
        assertThat(paragraphs.path("duration").asDouble()).isCloseTo(alone.path("duration").asDouble(), within(0.2));
    }

    private static double length(JsonNode cue) {
        return cue.path("end").asDouble() - cue.path("start").asDouble();
    }

    private JsonNode captions(String engine) throws Exception {
        try (Service service = C2a.builder().dataDir(dir.resolve(engine)).engine(engine).workers(1).open()) {
            String id = service.submit(JobRequest.ofText(TEXT)).job().id();
            await().atMost(Duration.ofMinutes(1)).until(() -> service.job(id).state().isFinal());
            assertThat(service.job(id).state()).isEqualTo(JobState.SUCCEEDED);
            return Json.MAPPER.readTree(service.captions(id, "json").bytes());
        }
    }
}
