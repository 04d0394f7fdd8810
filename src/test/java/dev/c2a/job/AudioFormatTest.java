package dev.c2a.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.c2a.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One format model, named as each endpoint names it: a job by extension, OpenAI's response_format by codec. */
class AudioFormatTest {
    @Test
    void each_endpoint_accepts_exactly_the_names_its_openapi_schema_lists() throws IOException {
        JsonNode api;
        try (InputStream in = AudioFormat.class.getResourceAsStream("/openapi.json")) {
            api = Json.MAPPER.readTree(in);
        }
        JsonNode jobFormats = api.path("components").path("schemas").path("JobRequest").path("properties")
                .path("format").path("enum");
        JsonNode speechFormats = api.path("paths").path("/v1/audio/speech").path("post").path("requestBody")
                .path("content").path("application/json").path("schema").path("properties").path("response_format")
                .path("enum");

        assertThat(AudioFormat.jobNames()).containsExactlyElementsOf(texts(jobFormats));
        assertThat(AudioFormat.speechNames()).containsExactlyInAnyOrderElementsOf(texts(speechFormats));
    }

    @Test
    void ogg_for_a_job_and_opus_for_openai_are_one_format_and_neither_takes_the_other_s_names() {
        assertThat(AudioFormat.forJob("ogg")).contains(AudioFormat.OGG);
        assertThat(AudioFormat.forSpeech("opus")).contains(AudioFormat.OGG);
        assertThat(AudioFormat.forJob("opus")).isEmpty();
        assertThat(AudioFormat.forJob("pcm")).isEmpty();
        assertThat(AudioFormat.forJob("aac")).isEmpty();
        assertThat(AudioFormat.forSpeech("ogg")).isEmpty();
        assertThat(AudioFormat.forSpeech("m4b")).isEmpty();
        assertThat(AudioFormat.forSpeech(" MP3 ")).contains(AudioFormat.MP3);
    }

    @Test
    void a_rate_the_codec_does_not_take_becomes_the_highest_it_does() {
        assertThat(AudioFormat.PCM.rateFor(22050)).as("OpenAI's pcm is 24 kHz").isEqualTo(24000);
        assertThat(AudioFormat.OGG.rateFor(22050)).isEqualTo(48000);
        assertThat(AudioFormat.OGG.rateFor(16000)).isEqualTo(16000);
        assertThat(AudioFormat.MP3.rateFor(22050)).isEqualTo(22050);
        assertThat(AudioFormat.FLAC.rateFor(96000)).isEqualTo(48000);
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("the schema lists the names").isTrue();
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
