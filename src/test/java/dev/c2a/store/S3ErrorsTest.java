package dev.c2a.store;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of the SDK's failures mean "try again later", and what each message tells a person. */
class S3ErrorsTest {
    private final S3Errors errors = new S3Errors(S3Options.of("c2a").withEndpoint(URI.create("http://127.0.0.1:9000"))
            .withCredentials("AK", "secret"));

    @Test
    void server_errors_throttling_and_no_connection_are_unavailable() {
        assertThat(translate(answer(500, "InternalError"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(answer(503, "SlowDown"))).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("s3 http://127.0.0.1:9000 bucket c2a: could not read audio/j-1.mp3: the server answered"
                        + " 503 SlowDown; try again later");
        assertThat(translate(answer(429, "TooManyRequests"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(answer(400, "RequestTimeout"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused")))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("unreachable: Unable to execute HTTP request: Connection refused");
    }

    @Test
    void what_a_person_must_fix_is_a_plain_failure_saying_what() {
        assertThat(translate(answer(404, "NoSuchBucket"))).isExactlyInstanceOf(IOException.class)
                .hasMessageEndingWith("the bucket does not exist (404 NoSuchBucket)");
        assertThat(translate(answer(403, "SignatureDoesNotMatch"))).isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("the server refused the credentials (access key AK): 403 SignatureDoesNotMatch");
        assertThat(translate(answer(403, "AccessDenied"))).isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("access denied (403 AccessDenied): check the credentials' permissions");
        assertThat(translate(SdkClientException.create("Unable to load credentials from any of the providers")))
                .isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("no credentials: set the s3 access key and secret key");
        assertThat(translate(answer(400, "InvalidArgument"))).isExactlyInstanceOf(IOException.class)
                .hasMessageEndingWith("could not read audio/j-1.mp3: 400 InvalidArgument the message");
    }

    private IOException translate(SdkException e) {
        return errors.of("read audio/j-1.mp3", e);
    }

    private static S3Exception answer(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("the message").build()).build();
    }
}
