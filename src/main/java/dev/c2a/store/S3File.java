package dev.c2a.store;

import dev.c2a.job.AudioFormat;
import dev.c2a.job.StoredFile;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object as found by a HEAD request, read in byte ranges. A read gives the version that was
 * found, all of the range, or fails: each range is asked for with {@code If-Match} on the ETag found,
 * and the answer is checked too (its ETag, its length, the object's size in its Content-Range),
 * as not every server honours If-Match while an object is replaced. A read that would not match
 * {@link #size()} fails as {@link StoreUnavailableException}, since finding the object again works.
 */
record S3File(S3Client s3, String bucket, String objectKey, String key, String eTag, long size, S3Errors errors)
        implements StoredFile {

    @Override
    public String name() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public String mediaType() {
        return AudioFormat.mediaTypeOf(name());
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        if (length == 0) {
            // "bytes=5-4" is no range: S3 would answer with the whole object
            return InputStream.nullInputStream();
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(bucket).key(objectKey).ifMatch(eTag)
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (S3Exception e) {
            throw e.statusCode() == 412 ? errors.replaced("read " + key, e) : errors.of("read " + key, e);
        } catch (SdkException e) {
            throw errors.of("read " + key, e);
        }
        GetObjectResponse r = in.response();
        long expected = Math.min(length, size - offset);
        if (r.contentRange() == null) {
            in.abort();
            throw new IOException("s3 " + errors.where() + ": asked for a byte range of " + key
                    + ", the server answered with the whole object: it does not serve ranges");
        }
        if ((r.eTag() != null && !r.eTag().equals(eTag)) || r.contentLength() != expected
                || !r.contentRange().endsWith("/" + size)) {
            in.abort();
            throw errors.replaced("read " + key, null);
        }
        return new Whole(in, expected, this);
    }

    /**
     * The answer's body, failing rather than ending when the server sends fewer bytes than it
     * announced; a transfer that breaks fails as {@link StoreUnavailableException}, like a request
     * that does.
     */
    private static final class Whole extends FilterInputStream {
        private final S3File file;
        private long left;

        Whole(InputStream in, long length, S3File file) {
            super(in);
            this.left = length;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw broken(e);
            }
            return counted(b < 0 ? -1 : 1) < 0 ? -1 : b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            try {
                return (int) counted(super.read(buffer, offset, count));
            } catch (StoreUnavailableException e) {
                throw e;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        private long counted(long n) throws IOException {
            if (n < 0 && left > 0) {
                throw file.errors().unavailable("read " + file.key(), "the server's answer ended " + left
                        + " bytes short", null);
            }
            left -= Math.max(n, 0);
            return n;
        }

        private IOException broken(IOException e) {
            return e instanceof StoreUnavailableException ? e
                    : file.errors().unavailable("read " + file.key(), "the transfer broke: " + e.getMessage(), e);
        }
    }
}
