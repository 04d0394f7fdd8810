package dev.c2a.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictUtf8Test {
    @Test
    void valid_utf8_decodes_to_its_text_including_supplementary_characters() {
        String text = "café 中文 \uD83C\uDFB5";
        assertThat(StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8), "x")).isEqualTo(text);
        assertThat(StrictUtf8.decode(new byte[0], "x")).isEmpty();
    }

    @Test
    void a_malformed_sequence_is_an_error_naming_what_and_the_byte_offset() {
        byte[] bytes = {'a', 'b', (byte) 0xC3, 0x28};
        assertThatThrownBy(() -> StrictUtf8.decode(bytes, "the file"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the file is not valid UTF-8 (bad byte sequence at offset 2)");
    }

    @Test
    void a_sequence_cut_off_at_the_end_is_an_error_too() {
        byte[] bytes = {'a', (byte) 0xE4, (byte) 0xB8};
        assertThatThrownBy(() -> StrictUtf8.decode(bytes, "the body"))
                .hasMessage("the body is not valid UTF-8 (bad byte sequence at offset 1)");
    }

    @Test
    void an_encoded_surrogate_or_overlong_form_is_refused() {
        assertThatThrownBy(() -> StrictUtf8.decode(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "x"))
                .hasMessageContaining("offset 0");
        assertThatThrownBy(() -> StrictUtf8.decode(new byte[]{'/', (byte) 0xC0, (byte) 0xAF}, "x"))
                .hasMessageContaining("offset 1");
    }
}
