package dev.c2a.pcm;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The RIFF/WAVE header: read from an engine's stream, written for our files. */
public final class Wav {
    public static final int HEADER_BYTES = 44;

    private Wav() {
    }

    /**
     * Reads chunks up to the start of the {@code data} chunk and returns the PCM format; the stream
     * is then positioned at the first sample. Sizes in the header are ignored: engines writing to a
     * pipe cannot know them.
     */
    public static PcmFormat readHeader(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] riff = new byte[12];
        data.readFully(riff);
        if (!"RIFF".equals(ascii(riff, 0)) || !"WAVE".equals(ascii(riff, 8))) {
            throw new IOException("not a WAV stream");
        }
        PcmFormat format = null;
        byte[] chunk = new byte[8];
        while (true) {
            try {
                data.readFully(chunk);
            } catch (EOFException e) {
                throw new IOException("WAV stream ended before its data chunk");
            }
            String id = ascii(chunk, 0);
            int size = ByteBuffer.wrap(chunk, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if ("data".equals(id)) {
                if (format == null) {
                    throw new IOException("WAV stream has no fmt chunk");
                }
                return format;
            }
            byte[] body = new byte[Math.max(0, Math.min(size, 1 << 16))];
            data.readFully(body);
            if ("fmt ".equals(id)) {
                ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                short encoding = b.getShort(0);
                short channels = b.getShort(2);
                int rate = b.getInt(4);
                short bits = b.getShort(14);
                if (encoding != 1 || bits != 16) {
                    throw new IOException("expected 16-bit PCM, got encoding " + encoding + " with " + bits + " bits");
                }
                format = new PcmFormat(rate, channels);
            }
        }
    }

    /** A canonical 44-byte header for {@code dataBytes} of PCM. */
    public static byte[] header(PcmFormat format, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) format.channels()).putInt(format.sampleRate())
                .putInt(format.bytesPerSecond()).putShort((short) (format.channels() * 2)).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.array();
    }

    /**
     * A whole WAV in memory that was written as a stream ({@link #header} with sizes unknown), given
     * its real sizes: the data is all that follows the canonical 44-byte header.
     */
    public static byte[] withSizes(byte[] wav) {
        int data = wav.length - HEADER_BYTES;
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, 36 + data);
        b.putInt(40, data);
        return wav;
    }

    private static String ascii(byte[] b, int offset) {
        return new String(b, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
