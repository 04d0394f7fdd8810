package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.c2a.intake.Inbound;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InboundMessagesTest {

    private static Delivery delivery(AMQP.BasicProperties props) {
        return new Delivery(new Envelope(1, false, "", "jobs"), props, "{}".getBytes());
    }

    @Test
    void the_message_id_property_is_the_id_and_properties_become_lower_case_headers() {
        Inbound m = InboundMessages.of(delivery(new AMQP.BasicProperties.Builder().messageId("m-1")
                .contentType("text/plain").correlationId("c-1").replyTo("replies")
                .headers(Map.of("X-Trace", LongStringHelper.asLongString("t-1"), "x-count", 3)).build()), null);

        assertThat(m.messageId()).isEqualTo("m-1");
        assertThat(m.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("content-type", "text/plain",
                "correlation-id", "c-1", "reply-to", "replies", "x-trace", "t-1"));
    }

    @Test
    void without_the_property_the_named_header_gives_the_id_in_any_case() {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .headers(Map.of("x-request-id", LongStringHelper.asLongString("r-1"))).build();

        assertThat(InboundMessages.of(delivery(props), "X-Request-Id").messageId()).isEqualTo("r-1");
        assertThat(InboundMessages.of(delivery(props), null)).as("no header named: no id").isNull();
    }

    @Test
    void the_property_wins_over_the_header() {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId("m-1")
                .headers(Map.of("x-request-id", "r-1")).build();

        assertThat(InboundMessages.of(delivery(props), "x-request-id").messageId()).isEqualTo("m-1");
    }

    @Test
    void a_blank_id_is_no_id() {
        assertThat(InboundMessages.of(delivery(new AMQP.BasicProperties.Builder().messageId(" ").build()), null))
                .isNull();
    }
}
