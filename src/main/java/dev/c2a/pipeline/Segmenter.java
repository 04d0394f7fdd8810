package dev.c2a.pipeline;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.text.FilteredBreakIteratorBuilder;
import com.ibm.icu.util.ULocale;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Splits text into sentences without copying it: ICU's sentence rules (which also break after
 * Chinese 。！？), with breaks suppressed after common abbreviations such as "Dr." and "e.g.".
 */
public final class Segmenter {
    private static final List<String> ABBREVIATIONS = List.of("Dr.", "Mr.", "Mrs.", "Ms.", "Mx.", "Prof.", "St.",
            "Sr.", "Jr.", "Mt.", "No.", "Nos.", "vs.", "etc.", "e.g.", "i.e.", "cf.", "approx.", "Inc.", "Ltd.",
            "Co.", "Corp.", "Dept.", "Fig.", "Gen.", "Gov.", "Capt.", "Lt.", "Col.", "Sgt.", "Rev.", "Hon.",
            "Ave.", "Rd.", "Blvd.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
            "Oct.", "Nov.", "Dec.", "a.m.", "p.m.", "U.S.", "U.K.");

    private final BreakIterator prototype;

    public Segmenter(String language) {
        FilteredBreakIteratorBuilder builder = FilteredBreakIteratorBuilder.getInstance(ULocale.ENGLISH);
        for (String a : ABBREVIATIONS) {
            builder.suppressBreakAfter(a);
            builder.suppressBreakAfter(a.toLowerCase(java.util.Locale.ROOT));
        }
        this.prototype = builder.wrapIteratorWithFilter(
                BreakIterator.getSentenceInstance(ULocale.forLanguageTag(language)));
    }

    /** A sentence: its range in the text. */
    public record Sentence(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    public Iterable<Sentence> sentences(CharSequence text) {
        return () -> new SentenceIterator(text, (BreakIterator) prototype.clone());
    }

    public int count(CharSequence text) {
        int n = 0;
        for (Sentence ignored : sentences(text)) {
            n++;
        }
        return n;
    }

    /** Yields non-blank sentences, trimmed of surrounding white space. */
    private static final class SentenceIterator implements Iterator<Sentence> {
        private final CharSequence text;
        private final BreakIterator breaker;
        private int start;
        private Sentence next;

        SentenceIterator(CharSequence text, BreakIterator breaker) {
            this.text = text;
            this.breaker = breaker;
            breaker.setText(text.toString());
            this.start = breaker.first();
            advance();
        }

        private void advance() {
            next = null;
            while (next == null) {
                int end = breaker.next();
                if (end == BreakIterator.DONE) {
                    return;
                }
                int s = start;
                int e = end;
                start = end;
                while (s < e && Character.isWhitespace(text.charAt(s))) {
                    s++;
                }
                while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                    e--;
                }
                if (e > s) {
                    next = new Sentence(s, e);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Sentence next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Sentence current = next;
            advance();
            return current;
        }
    }
}
