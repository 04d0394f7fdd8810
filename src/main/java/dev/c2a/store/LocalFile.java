package dev.c2a.store;

import dev.c2a.job.AudioFormat;
import dev.c2a.job.StoredFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stored file in the local directory, read in ranges without loading it into memory. A file
 * replaced by one of another size since it was found is not read (its bytes would not match
 * {@link #size()}): that read fails as {@link StoreUnavailableException}, since finding it again works.
 */
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
        FileChannel ch = FileChannel.open(path);
        try {
            if (ch.size() != size) {
                throw new StoreUnavailableException(path + " was replaced while being read; find it again", null);
            }
            return new BoundedInputStream(Channels.newInputStream(ch.position(offset)), length);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
