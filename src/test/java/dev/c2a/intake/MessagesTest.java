package dev.c2a.intake;

import dev.c2a.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {
    private static Inbound message(String body, Map<String, String> headers) {
        return new Inbound("m", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void a_json_body_is_the_request_of_post_jobs_with_where_its_result_goes() {
        Messages.Read r = Messages.read(message("{\"text\": \"Hi.\", \"voice\": \"en\", \"correlationId\": \"c1\","
                + " \"replyTo\": \"answers\", \"callbackUrl\": \"https://example.com/h\"}", Map.of()), 1000);
        assertThat(r.request().text()).isEqualTo("Hi.");
        assertThat(r.request().voice()).isEqualTo("en");
        assertThat(r.request().correlationId()).isEqualTo("c1");
        assertThat(r.request().callbackUrl()).isEqualTo("https://example.com/h");
        assertThat(r.replyTo()).isEqualTo("answers");
        assertThat(r.content()).isNull();
    }

    @Test
    void headers_fill_in_what_the_json_leaves_out_and_never_override_it() {
        Map<String, String> headers = Map.of("correlation-id", "from-header", "reply-to", "header-queue",
                "content-type", "application/json; charset=utf-8");
        Messages.Read fromHeaders = Messages.read(message("{\"text\": \"Hi.\"}", headers), 1000);
        assertThat(fromHeaders.request().correlationId()).isEqualTo("from-header");
        assertThat(fromHeaders.replyTo()).isEqualTo("header-queue");

        Messages.Read fromJson = Messages.read(message("{\"text\": \"Hi.\", \"correlationId\": \"json\","
                + " \"replyTo\": \"json-queue\"}", headers), 1000);
        assertThat(fromJson.request().correlationId()).isEqualTo("json");
        assertThat(fromJson.replyTo()).isEqualTo("json-queue");
    }

    @Test
    void a_body_of_a_content_type_c2a_reads_is_the_content_itself() {
        Messages.Read r = Messages.read(message("# Title\n\nText.", Map.of("content-type", "text/markdown")), 1000);
        assertThat(r.request().contentType()).isEqualTo("text/markdown");
        assertThat(new String(r.content(), StandardCharsets.UTF_8)).isEqualTo("# Title\n\nText.");
        assertThat(r.request().text()).isNull();
    }

    @Test
    void what_cannot_be_a_job_is_refused_with_what_is_wrong() {
        assertThatThrownBy(() -> Messages.read(message("{\"text\": ", Map.of()), 1000))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> Messages.read(message("", Map.of()), 1000)).hasMessage(
                "the message is empty; expected a JSON object");
        assertThatThrownBy(() -> Messages.read(message("{\"txt\": \"typo\"}", Map.of()), 1000))
                .hasMessageStartingWith("unknown field 'txt'");
        assertThatThrownBy(() -> Messages.read(message("x".repeat(1001), Map.of("content-type", "text/plain")), 1000))
                .hasMessageContaining("1001 bytes, over the 1000");
        assertThatThrownBy(() -> Messages.read(message("<x/>", Map.of("content-type", "image/png")), 1000))
                .hasMessageContaining("'image/png' is not a supported content type");
        assertThatThrownBy(() -> Messages.read(new Inbound("m", new byte[] {(byte) 0xff, '{'}, Map.of()), 1000))
                .hasMessageContaining("UTF-8");
    }
}
