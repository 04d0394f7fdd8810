package dev.c2a.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 of text parts, each ended by a NUL (so "ab","c" and "a","bc" differ), then any bytes. */
public final class Sha256 {
    private Sha256() {
    }

    /** @param tail bytes hashed after the parts (a binary body), or null */
    public static String of(byte[] tail, String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            if (tail != null) {
                sha.update(tail);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
