package dev.c2a.store;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file too large for one PutObject, uploaded part by part, each part read from the file as it is
 * sent (never the whole file in memory; read again if the SDK retries the part). The object appears
 * whole when the upload completes; an upload that fails is aborted, so its parts are not kept (and
 * billed) on the server.
 */
final class S3MultipartUpload {
    /** S3 takes at most this many parts in one upload. */
    private static final int MAX_PARTS = 10_000;

    private S3MultipartUpload() {
    }

    static void upload(S3Client s3, String bucket, String objectKey, String contentType, Path file, long size,
                       long partSize) {
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey).contentType(contentType)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int n = 1; (long) (n - 1) * part < size; n++) {
                long offset = (n - 1) * part;
                long length = Math.min(part, size - offset);
                int number = n;
                String eTag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(id).partNumber(number)
                                .contentLength(length),
                        RequestBody.fromContentProvider(() -> slice(file, offset, length), length, "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(id).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | Error e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(id));
            } catch (RuntimeException abortFailed) {
                // the server's lifecycle rule for incomplete uploads, if any, removes the parts later
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private static InputStream slice(Path file, long offset, long length) {
        InputStream in = null;
        try {
            in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new BoundedInputStream(in, length);
        } catch (IOException e) {
            closeQuietly(in, e);
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream in, IOException failure) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
