package dev.c2a.captions;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** WebVTT carries word times inside each cue; SRT shows the sentence alone. */
class CaptionFormatsTest {
    private static final String JSON = """
            {"cues": [{"index": 1, "start": 0.5, "end": 2.0, "text": "It cost $3.50 <now>.", "chapter": 0,
              "source": {"start": 0, "end": 20},
              "words": [
                {"start": 0.5, "end": 0.7, "spoken": "It", "text": [0, 2], "source": {"start": 0, "end": 2}},
                {"start": 0.7, "end": 1.0, "spoken": "cost", "text": [3, 7], "source": {"start": 3, "end": 7}},
                {"start": 1.0, "end": 1.2, "spoken": "three", "text": [8, 13], "source": {"start": 8, "end": 13}},
                {"start": 1.2, "end": 1.6, "spoken": "dollars", "text": [8, 13], "source": {"start": 8, "end": 13}},
                {"start": 1.6, "end": 2.0, "spoken": "now", "text": [14, 19], "source": {"start": 14, "end": 19}}
              ]}], "chapters": [], "duration": 2.0}
            """;

    @Test
    void vtt_puts_a_timestamp_before_each_written_word_at_its_first_spoken_word() throws Exception {
        StringWriter vtt = new StringWriter();
        CaptionFormats.vtt(new StringReader(JSON), vtt);
        assertThat(vtt.toString()).isEqualTo("WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\n"
                + "It <00:00:00.700>cost <00:00:01.000>$3.50 <00:00:01.600>&lt;now&gt;.\n\n");
    }

    @Test
    void srt_shows_the_sentence_without_word_times() throws Exception {
        StringWriter srt = new StringWriter();
        CaptionFormats.srt(new StringReader(JSON), srt);
        assertThat(srt.toString()).isEqualTo("1\n00:00:00,500 --> 00:00:02,000\nIt cost $3.50 <now>.\n\n");
    }
}
