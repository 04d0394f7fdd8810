package dev.c2a.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic English prose for tests and benchmarks: the same seed makes the same texts. */
public final class SampleTexts {
    private static final String[] WORDS = ("the service speaks every article that arrives from the queue while "
            + "operators watch workers and scale them when the morning news grows long chapters come in "
            + "with numbers like twelve and names like Doctor Smith who reads slowly and clearly to listeners "
            + "on trains buses and kitchens across the city before the weather turns").split(" ");

    private SampleTexts() {
    }

    /**
     * {@code chars} random letters, the same for the same seed: a text that no compressor (PostgreSQL's
     * TOAST, say) makes much smaller, so that its size on disk is its length.
     */
    public static String letters(int chars, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(chars);
        while (b.length() < chars) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    /** {@code count} texts of sentences, each text at least {@code chars} long, the same for the same seed. */
    public static List<String> make(int count, int chars, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder();
            while (b.length() < chars) {
                StringBuilder sentence = new StringBuilder();
                int words = 8 + random.nextInt(8);
                for (int w = 0; w < words; w++) {
                    sentence.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                sentence.setCharAt(0, Character.toUpperCase(sentence.charAt(0)));
                b.append(b.isEmpty() ? "" : " ").append(sentence).append('.');
            }
            texts.add(b.toString());
        }
        return texts;
    }
}
