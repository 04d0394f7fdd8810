package dev.c2a.store;

import dev.c2a.job.AudioFormat;
import dev.c2a.job.StoredFile;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A stored file in the local directory, read in ranges without loading it into memory. */
record LocalFile(Path path, String name, long size) implements StoredFile {

    static LocalFile of(Path path, String downloadName) throws IOException {
        return new LocalFile(path, downloadName, Files.size(path));
    }

    @Override
    public String mediaType() {
        return AudioFormat.mediaTypeOf(path.getFileName().toString());
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        InputStream in = Files.newInputStream(path);
        in.skipNBytes(offset);
        return new FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, offset, (int) Math.min(count, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }
}
