package dev.c2a.audio;

import java.util.Optional;

/** What a cover picture is by its first bytes, whatever it claims to be. */
final class CoverImage {
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private CoverImage() {
    }

    /** The ffmpeg demuxer that decodes these bytes as a picture; empty when they are not a JPEG or PNG. */
    static Optional<String> demuxer(byte[] bytes) {
        if (startsWith(bytes, JPEG)) {
            return Optional.of("jpeg_pipe");
        }
        if (startsWith(bytes, PNG)) {
            return Optional.of("png_pipe");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
