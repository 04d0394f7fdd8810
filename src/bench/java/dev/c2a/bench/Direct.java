package dev.c2a.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** An engine run directly, as a user would without c2a: the reference c2a's throughput is held to. */
interface Direct {
    /** Speaks one text into one WAV file. */
    void speak(String text, Path wav) throws Exception;

    /** Every text, {@code parallel} at a time, the i-th into i.wav under {@code wavs}. */
    default void speakAll(List<String> texts, int parallel, Path wavs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                Path wav = wavs.resolve(i + ".wav");
                all.add(pool.submit(() -> {
                    speak(text, wav);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
