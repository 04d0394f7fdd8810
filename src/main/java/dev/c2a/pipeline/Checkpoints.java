package dev.c2a.pipeline;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.Utterance;

import dev.c2a.job.StoredFile;
import dev.c2a.store.ObjectStore;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Spoken segments of a job kept in the {@link ObjectStore} while it runs ({@code checkpoints/<job>/<key>}),
 * keyed by a hash of what was spoken and how, so a job retried after a failure or a crash — on this
 * node or another — speaks only what is missing. Each object carries its length and a CRC: one
 * torn or damaged reads as missing, never as wrong audio. They are not synced: losing one costs
 * speaking it again.
 */
public final class Checkpoints {
    /** "C2AW": PCM and its words; objects of the format before ("C2AP", PCM only) read as missing. */
    private static final int MAGIC = 0x43324157;
    private static final String PREFIX = "checkpoints/";
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f-]{36}");

    private final ObjectStore store;

    public Checkpoints(ObjectStore store) {
        this.store = store;
    }

    /** A segment's audio: its format, its PCM, and the words the engine reported in it (times from its start). */
    public record Segment(PcmFormat format, byte[] pcm, List<Utterance.Word> words) {
    }

    /** The segment saved under {@code key}; empty when there is none, it is damaged, or the store cannot be read. */
    public Optional<Segment> load(String jobId, String key) {
        try {
            Optional<StoredFile> found = store.find(key(jobId, key));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try (DataInputStream in = new DataInputStream(found.get().open())) {
                return read(in);
            }
        } catch (IOException e) {
            // why: a checkpoint saves time only; a store that cannot be read means speaking it again
            return Optional.empty();
        }
    }

    private static Optional<Segment> read(DataInputStream in) throws IOException {
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
    }

    public void save(String jobId, String key, Segment segment) throws IOException {
        String name = key(jobId, key);
        CRC32 crc = new CRC32();
        crc.update(segment.pcm());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.pcm().length + 32 + 16 * segment.words().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
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
        store.put(name, bytes.toByteArray());
    }

    /**
     * A job's checkpoints for one run of it. The keys saved before are listed once, at the start:
     * a sentence never saved costs no request (against a remote store, a failed lookup per
     * sentence would cost a book minutes). What this run saves joins them, so a sentence the job
     * says again (a refrain, a repeated notice) is read back, not spoken again.
     */
    public final class Run {
        private final String jobId;
        private final Set<String> saved;

        private Run(String jobId, Set<String> saved) {
            this.jobId = jobId;
            this.saved = saved;
        }

        public Optional<Segment> load(String key) {
            return saved.contains(key) ? Checkpoints.this.load(jobId, key) : Optional.empty();
        }

        public void save(String key, Segment segment) throws IOException {
            Checkpoints.this.save(jobId, key, segment);
            saved.add(key);
        }
    }

    /** The checkpoints a run of {@code jobId} may resume from; none when the store cannot list them now. */
    public Run run(String jobId) {
        String prefix = prefix(jobId);
        Set<String> saved = new HashSet<>();
        try (Stream<ObjectStore.Entry> entries = store.list(prefix)) {
            entries.forEach(e -> saved.add(e.key().substring(prefix.length())));
        } catch (IOException | java.io.UncheckedIOException e) {
            // why go on: a checkpoint saves time only; without the list, the job speaks everything again
            saved.clear();
        }
        return new Run(jobId, saved);
    }

    /** Removes a job's checkpoints (it succeeded, or will not run again). */
    public void delete(String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            return;
        }
        try {
            store.deleteAll(prefix(jobId));
        } catch (IOException ignored) {
            // leftovers cost space only; the store's garbage collection removes them later
        }
    }

    /** Where a job's checkpoints are: {@code checkpoints/<job>/}. */
    private static String prefix(String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("bad checkpoint job id " + jobId);
        }
        return PREFIX + jobId + "/";
    }

    private static String key(String jobId, String key) {
        if (!key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("bad checkpoint name " + jobId + "/" + key);
        }
        return prefix(jobId) + key;
    }
}
