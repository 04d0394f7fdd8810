package dev.c2a.pipeline;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.Utterance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Spoken segments of a job kept on disk while it runs, keyed by a hash of what was spoken and how,
 * so a job retried after a failure or a crash speaks only what is missing. Each file carries its
 * length and a CRC: a file torn by a crash reads as missing, never as wrong audio. Files are
 * written under a temporary name and renamed. They are not synced: losing one costs speaking it again.
 */
public final class Checkpoints {
    /** "C2AW": PCM and its words; files of the format before ("C2AP", PCM only) read as missing. */
    private static final int MAGIC = 0x43324157;
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f-]{36}");

    private final Path root;

    public Checkpoints(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /** A segment's audio: its format, its PCM, and the words the engine reported in it (times from its start). */
    public record Segment(PcmFormat format, byte[] pcm, List<Utterance.Word> words) {
    }

    public Optional<Segment> load(String jobId, String key) {
        Path file = file(jobId, key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            PcmFormat format = new PcmFormat(in.readInt(), in.readInt());
            int length = in.readInt();
            long crc = in.readLong();
            byte[] pcm = in.readNBytes(length);
            CRC32 check = new CRC32();
            check.update(pcm);
            int count = in.readInt();
            List<Utterance.Word> words = new ArrayList<>(Math.max(0, Math.min(count, 10_000)));
            for (int i = 0; i < count; i++) {
                words.add(new Utterance.Word(in.readInt(), in.readInt(), in.readLong()));
            }
            return pcm.length == length && check.getValue() == crc ? Optional.of(new Segment(format, pcm, words))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(String jobId, String key, Segment segment) throws IOException {
        Path file = file(jobId, key);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(key + ".part");
        CRC32 crc = new CRC32();
        crc.update(segment.pcm());
        try (OutputStream os = Files.newOutputStream(temp); DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(MAGIC);
            out.writeInt(segment.format().sampleRate());
            out.writeInt(segment.format().channels());
            out.writeInt(segment.pcm().length);
            out.writeLong(crc.getValue());
            out.write(segment.pcm());
            out.writeInt(segment.words().size());
            for (Utterance.Word w : segment.words()) {
                out.writeInt(w.start());
                out.writeInt(w.end());
                out.writeLong(w.millis());
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a job's checkpoints (it succeeded, or will not run again). */
    public void delete(String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            return;
        }
        Path dir = root.resolve(jobId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        // one file at a time: a book has thousands, and listing them all first costs megabytes of heap
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // leftovers cost disk only; a later delete of the same job removes them
        }
    }

    private Path file(String jobId, String key) {
        if (!JOB_ID.matcher(jobId).matches() || !key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("bad checkpoint name " + jobId + "/" + key);
        }
        return root.resolve(jobId).resolve(key);
    }
}
