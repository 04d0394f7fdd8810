package dev.c2a.store;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/**
 * The SDK's unchecked exceptions as the store's checked ones, each message naming the endpoint and
 * the bucket: {@link StoreUnavailableException} when trying again later may work (no connection, a
 * timeout, a server error, throttling), a plain {@link IOException} when a person must act (no such
 * bucket, credentials refused, anything else the server rejects).
 */
final class S3Errors {
    /** Errors S3 answers with a status below 500 that still mean "later" (RequestTimeout is a 400). */
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "RequestTimeout",
            "Throttling", "ThrottlingException", "ServiceUnavailable", "InternalError");
    private static final Set<String> CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired");

    private final S3Options options;

    S3Errors(S3Options options) {
        this.options = options;
    }

    String where() {
        return options.where();
    }

    /** {@code e}, thrown while trying to {@code what} ("read audio/j-1.mp3"), as the store's exception. */
    IOException of(String what, SdkException e) {
        String failed = "s3 " + options.where() + ": could not " + what + ": ";
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException interrupted = new InterruptedIOException(failed + "interrupted");
            interrupted.initCause(e);
            return interrupted;
        }
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null
                    ? s.awsErrorDetails().errorCode() : "";
            String answer = status + (code.isEmpty() ? "" : " " + code);
            if (status >= 500 || status == 429 || s.isThrottlingException() || TRANSIENT.contains(code)) {
                return new StoreUnavailableException(failed + "the server answered " + answer + "; try again later", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new IOException(failed + "the bucket does not exist (" + answer + ")", e);
            }
            if (CREDENTIALS.contains(code)) {
                return new IOException(failed + "the server refused the credentials (access key "
                        + (options.accessKey() != null ? options.accessKey() : "from the AWS SDK's default chain")
                        + "): " + answer + " " + messageOf(s), e);
            }
            if (status == 403) {
                return new IOException(failed + "access denied (" + answer + "): check the credentials' permissions"
                        + " on the bucket", e);
            }
            if (status == 301 || "AuthorizationHeaderMalformed".equals(code)) {
                return new IOException(failed + "the bucket is in another region than " + options.region()
                        + s.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                                .map(r -> " (it is in " + r + ")").orElse("") + ": " + answer, e);
            }
            return new IOException(failed + answer + " " + messageOf(s), e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
            return new IOException(failed + "no credentials: set the s3 access key and secret key, or give the AWS SDK"
                    + " its own (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, an instance's role)", e);
        }
        if (e instanceof SdkClientException) {
            // no answer at all: refused or reset connections, timeouts, an unknown host
            return new StoreUnavailableException(failed + "unreachable: " + e.getMessage(), e);
        }
        return new IOException(failed + e.getMessage(), e);
    }

    /** A read of an object that was replaced since it was found (its ETag or size no longer matches). */
    StoreUnavailableException replaced(String what, SdkException e) {
        return unavailable(what, "it was replaced since it was found; find it again", e);
    }

    StoreUnavailableException unavailable(String what, String why, Throwable cause) {
        return new StoreUnavailableException("s3 " + options.where() + ": could not " + what + ": " + why, cause);
    }

    private static String messageOf(AwsServiceException s) {
        String message = s.awsErrorDetails() != null ? s.awsErrorDetails().errorMessage() : null;
        return message != null ? message : s.getMessage();
    }
}
