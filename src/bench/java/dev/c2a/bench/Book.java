package dev.c2a.bench;

import dev.c2a.C2aServer;
import dev.c2a.api.JobRequest;
import dev.c2a.service.Service;
import dev.c2a.testing.SampleBook;

import java.util.Base64;

/**
 * (f) A generated EPUB book to audio, one job on one worker: wall time as WAV, MP3 and M4B (the
 * encoder's share is the difference from WAV; ffmpeg runs beside the worker), then the peak live
 * heap of the M4B job against a book a tenth its size.
 */
record Book(int chars, int chapters) implements Target {
    @Override
    public void run(Bench bench) throws Exception {
        bench.out().printf("(f) a generated EPUB of %,d characters in %d chapters, one job on one worker (espeak-ng),"
                + " durability process%n", chars, chapters);
        byte[] big = SampleBook.epub("Bench Book", "c2a", SampleBook.generated(chapters, chars / chapters));
        byte[] small = SampleBook.epub("Bench Book", "c2a", SampleBook.generated(chapters, chars / 10 / chapters));
        try (C2aServer c2a = bench.server("book", "espeak-ng", 1, "process")) {
            Service service = c2a.service();
            Jobs.runOne(service, epub(small, "mp3"));
            double wav = Bench.seconds(() -> Jobs.runOne(service, epub(big, "wav")));
            double mp3 = Bench.seconds(() -> Jobs.runOne(service, epub(big, "mp3")));
            double m4b = Bench.seconds(() -> Jobs.runOne(service, epub(big, "m4b")));
            bench.out().printf("    wall time: WAV %.1f s, MP3 %.1f s (+%.1f%% over WAV, target < 15%%), M4B %.1f s (+%.1f%%)%n",
                    wav, mp3, (mp3 / wav - 1) * 100, m4b, (m4b / wav - 1) * 100);
            long smallPeak = LiveHeap.peakDuring(service, epub(small, "m4b"));
            long bigPeak = LiveHeap.peakDuring(service, epub(big, "m4b"));
            bench.out().printf("    peak live heap (M4B): %,d chars %.1f MiB, %,d chars %.1f MiB, ratio %.2f%n%n", chars / 10,
                    smallPeak / 1048576.0, chars, bigPeak / 1048576.0, (double) bigPeak / smallPeak);
        }
    }

    private static JobRequest epub(byte[] book, String format) {
        return new JobRequest(null, "epub", Base64.getEncoder().encodeToString(book), null, format, null,
                null, null, null);
    }
}
