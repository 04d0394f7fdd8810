package dev.c2a.pipeline;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.Utterance;
import dev.c2a.store.LocalObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkpoint gives back the segment it kept, words and all, or nothing: never a torn or older one. */
class CheckpointsTest {
    private static final String JOB = "01234567-89ab-cdef-0123-456789abcdef";
    private static final String KEY = "a".repeat(64);

    @TempDir
    Path dir;

    @Test
    void a_saved_segment_comes_back_with_its_words() throws Exception {
        Checkpoints checkpoints = new Checkpoints(new LocalObjectStore(dir, false));
        Checkpoints.Segment segment = new Checkpoints.Segment(new PcmFormat(22050, 1), new byte[] {1, 2, 3, 4},
                List.of(new Utterance.Word(0, 5, 0), new Utterance.Word(6, 11, 305)));

        checkpoints.save(JOB, KEY, segment);
        Checkpoints.Segment back = checkpoints.load(JOB, KEY).orElseThrow();

        assertThat(back.format()).isEqualTo(segment.format());
        assertThat(back.pcm()).isEqualTo(segment.pcm());
        assertThat(back.words()).isEqualTo(segment.words());
    }

    @Test
    void a_torn_file_reads_as_missing() throws Exception {
        Checkpoints checkpoints = new Checkpoints(new LocalObjectStore(dir, false));
        checkpoints.save(JOB, KEY, new Checkpoints.Segment(new PcmFormat(22050, 1), new byte[1000], List.of()));
        Path file = dir.resolve("checkpoints").resolve(JOB).resolve(KEY);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 600));

        assertThat(checkpoints.load(JOB, KEY)).isEmpty();
    }

    @Test
    void a_jobs_checkpoints_go_together_and_leave_other_jobs_alone() throws Exception {
        Checkpoints checkpoints = new Checkpoints(new LocalObjectStore(dir, false));
        String other = JOB.replace('0', '1');
        Checkpoints.Segment segment = new Checkpoints.Segment(new PcmFormat(22050, 1), new byte[10], List.of());
        checkpoints.save(JOB, KEY, segment);
        checkpoints.save(JOB, "b".repeat(64), segment);
        checkpoints.save(other, KEY, segment);

        checkpoints.delete(JOB);

        assertThat(checkpoints.load(JOB, KEY)).isEmpty();
        assertThat(checkpoints.load(JOB, "b".repeat(64))).isEmpty();
        assertThat(checkpoints.load(other, KEY)).isPresent();
        assertThat(dir.resolve("checkpoints").resolve(JOB)).doesNotExist();
    }
}
