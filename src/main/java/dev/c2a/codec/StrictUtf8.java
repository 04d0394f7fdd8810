package dev.c2a.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes that must be UTF-8 to the letter. why: {@code new String(bytes, UTF_8)} turns a bad
 * sequence into U+FFFD and speaks it as if it were the user's text; here it is an error that names
 * the byte offset, so the user can find it. A leaf: it imports nothing else from this project, so
 * every layer may use it.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /**
     * The text of {@code bytes}.
     *
     * @param what names the bytes in the error, e.g. "the request body"
     * @throws IllegalArgumentException "{what} is not valid UTF-8 (bad byte sequence at offset N)"
     *         for a malformed or truncated sequence
     */
    public static String decode(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // one char per byte at most: a 4-byte sequence becomes 2 chars
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new IllegalArgumentException(what + " is not valid UTF-8 (bad byte sequence at offset "
                    + in.position() + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
