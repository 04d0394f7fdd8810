package dev.c2a.store;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3OptionsTest {

    @Test
    void defaults_are_aws_us_east_1_no_prefix_and_8_mib_parts() {
        S3Options o = S3Options.of("c2a");

        assertThat(o.endpoint()).isNull();
        assertThat(o.region()).isEqualTo("us-east-1");
        assertThat(o.prefix()).isEmpty();
        assertThat(o.partSize()).isEqualTo(8 << 20);
        assertThat(o.where()).isEqualTo("AWS us-east-1 bucket c2a");
        assertThat(o.withRegion(" ").region()).isEqualTo("us-east-1");
    }

    @Test
    void a_prefix_is_a_key_beginning_ending_with_a_slash() {
        assertThat(S3Options.of("b").withPrefix("c2a").prefix()).isEqualTo("c2a/");
        assertThat(S3Options.of("b").withPrefix("team/c2a/").prefix()).isEqualTo("team/c2a/");
        assertThat(S3Options.of("b").withPrefix(null).prefix()).isEmpty();
        assertThatThrownBy(() -> S3Options.of("b").withPrefix("../c2a"))
                .hasMessage("s3 prefix must be like a key (c2a/, team/c2a/), was '../c2a/'");
        assertThatThrownBy(() -> S3Options.of("b").withPrefix("/c2a/")).hasMessageContaining("s3 prefix");
    }

    @Test
    void each_wrong_setting_is_named() {
        assertThatThrownBy(() -> S3Options.of(" ")).hasMessage("s3 bucket must be set");
        assertThatThrownBy(() -> S3Options.of("b").withPartSize((5 << 20) - 1)).hasMessageContaining("s3 part size must be");
        assertThatThrownBy(() -> S3Options.of("b").withCredentials("key", null))
                .hasMessageContaining("s3 access key and secret key go together");
        assertThatThrownBy(() -> S3Options.of("b").withEndpoint(URI.create("ftp://host/")))
                .hasMessageContaining("s3 endpoint must be an http:// or https:// URL");
        assertThatThrownBy(() -> S3Options.of("b").withEndpoint(URI.create("localhost:9000")))
                .hasMessageContaining("s3 endpoint");
    }

    @Test
    void the_secret_key_is_never_shown() {
        S3Options o = S3Options.of("b").withEndpoint(URI.create("http://127.0.0.1:9000")).withCredentials("AK", "s3cr3t");

        assertThat(o.toString()).contains("access key AK").doesNotContain("s3cr3t");
    }

    @Test
    void a_download_name_is_offered_as_is_or_encoded_when_not_plain_ascii() {
        assertThat(S3ObjectStore.contentDisposition("book.mp3")).isEqualTo("inline; filename=\"book.mp3\"");
        assertThat(S3ObjectStore.contentDisposition("Ünïcode \"q\".mp3")).isEqualTo(
                "inline; filename=\"_n_code _q_.mp3\"; filename*=UTF-8''%C3%9Cn%C3%AFcode%20%22q%22.mp3");
    }
}
