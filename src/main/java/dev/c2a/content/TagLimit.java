package dev.c2a.content;

/**
 * Refuses markup with more tags than its parsed tree may cost. jsoup's tree with source positions
 * takes about 900 bytes of heap for each tag: 110 times the size of markup as dense as
 * {@code <p>x</p>}, so a byte bound alone lets 16 MiB of it fill 1.7 GiB. One tag for each 4 KiB of
 * heap keeps a document's tree under a quarter of the heap. Counted before parsing, as the
 * {@code <} characters, which are at least the tags.
 */
final class TagLimit {
    private final long maxTags;

    /** @param heapBytes the most the JVM's heap may grow to ({@link Runtime#maxMemory()}) */
    TagLimit(long heapBytes) {
        this.maxTags = heapBytes / 4096;
    }

    /** @param what the markup, as a message names it: "the HTML", "the EPUB's OEBPS/ch1.xhtml" */
    String check(String markup, String what) {
        long tags = 0;
        for (int i = 0; i < markup.length(); i++) {
            if (markup.charAt(i) == '<') {
                tags++;
            }
        }
        if (tags > maxTags) {
            throw ContentException.tooLarge(what + " has " + tags + " tags; at most " + maxTags
                    + " are read (one for each 4 KiB of the Java heap)");
        }
        return markup;
    }
}
