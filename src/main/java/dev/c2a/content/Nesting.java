package dev.c2a.content;

/**
 * How deep readers follow nested markup. Readers walk their trees recursively, and parsers build
 * as deep a tree as the input nests: 100,000 nested quotes or elements are a few hundred KB. So a
 * reader measures the depth first, without recursion, and refuses content nested deeper than this.
 */
public final class Nesting {
    public static final int MAX_DEPTH = 100;

    private Nesting() {
    }

    /** @param nests what nests how deep, e.g. "the HTML nests elements 50000 deep" */
    public static ContentException tooDeep(String nests) {
        return ContentException.invalid(nests + "; at most " + MAX_DEPTH + " levels are read");
    }
}
