package dev.c2a.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An EPUB's ZIP entries, read once with bounds: the total decompressed size and the entry count are
 * checked while inflating (the sizes a ZIP declares are not trusted), so a ZIP bomb stops at the
 * bound instead of filling memory. Markup is kept; other entries are counted and dropped, and
 * their names remembered: the one picture c2a uses, the cover, is read again when it is asked for
 * ({@link #picture}), so a book full of images never sits in memory.
 *
 * <p>The markup kept is bounded by the heap, not only by max-expanded-bytes (256 MiB by default,
 * more than a small heap holds): all of it by a sixteenth of the heap, and one document by 16 MiB or
 * a sixty-fourth of the heap, because a document is parsed into a tree many times its size.
 */
final class EpubArchive {
    static final int MAX_ENTRIES = 10_000;
    private static final int BUFFER = 64 * 1024;

    static final int MAX_PICTURE = 16 << 20;
    static final long MAX_DOCUMENT = 16 << 20;

    private final byte[] zip;
    private final Map<String, byte[]> entries = new HashMap<>();
    private final Set<String> names = new HashSet<>();

    /** @param heapBytes the most the JVM's heap may grow to ({@link Runtime#maxMemory()}) */
    EpubArchive(byte[] zip, long maxExpandedBytes, long heapBytes) {
        this.zip = zip;
        if (zip.length < 4 || zip[0] != 'P' || zip[1] != 'K') {
            throw ContentException.invalid("the EPUB is not a ZIP archive (it does not start with PK)");
        }
        long maxDocument = Math.min(MAX_DOCUMENT, heapBytes / 64);
        // max-expanded-bytes bounds the markup too, and is checked first: this bound only acts below it
        long maxMarkup = heapBytes / 16;
        long total = 0;
        long markup = 0;
        int count = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            byte[] buf = new byte[BUFFER];
            while ((e = in.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw ContentException.tooLarge("the EPUB has more than " + MAX_ENTRIES + " files");
                }
                boolean keep = !e.isDirectory() && kept(e.getName());
                names.add(normalize(e.getName()));
                ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxExpandedBytes) {
                        throw ContentException.tooLarge("the EPUB expands to more than " + maxExpandedBytes
                                + " bytes (setting max-expanded-bytes); it may be a ZIP bomb");
                    }
                    if (kept != null) {
                        if (kept.size() + n > maxDocument) {
                            throw ContentException.tooLarge("the EPUB's " + normalize(e.getName())
                                    + " is larger than " + maxDocument + " bytes, the most one document may be"
                                    + " (16 MiB, or 1/64 of the Java heap if less)");
                        }
                        markup += n;
                        if (markup > maxMarkup) {
                            throw ContentException.tooLarge("the EPUB's documents come to more than " + maxMarkup
                                    + " bytes, the most one EPUB may hold in memory (1/16 of the Java heap)");
                        }
                        kept.write(buf, 0, n);
                    }
                }
                if (kept != null) {
                    entries.put(normalize(e.getName()), kept.toByteArray());
                }
            }
        } catch (ZipException e) {
            throw ContentException.invalid("the EPUB is not a valid ZIP archive: " + e.getMessage());
        } catch (IOException e) {
            throw ContentException.invalid("the EPUB could not be read: " + e.getMessage());
        }
        if (count == 0) {
            throw ContentException.invalid("the EPUB is not a valid ZIP archive: it has no files");
        }
    }

    private static boolean kept(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".xml") || n.endsWith(".opf") || n.endsWith(".ncx") || n.endsWith(".xhtml")
                || n.endsWith(".html") || n.endsWith(".htm");
    }

    /** Resolves {@code href} relative to the directory of {@code base}, as the OPF and nav documents use them. */
    static String resolve(String base, String href) {
        String path = java.net.URLDecoder.decode(href.split("#", 2)[0], StandardCharsets.UTF_8);
        String dir = base.contains("/") ? base.substring(0, base.lastIndexOf('/') + 1) : "";
        return normalize(dir + path);
    }

    private static String normalize(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.replace('\\', '/').split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    /** A picture entry read again from the archive; empty when missing or over {@link #MAX_PICTURE}. */
    Optional<byte[]> picture(String name) {
        if (!names.contains(name)) {
            return Optional.empty();
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (normalize(e.getName()).equals(name)) {
                    byte[] bytes = in.readNBytes(MAX_PICTURE + 1);
                    return bytes.length > MAX_PICTURE ? Optional.empty() : Optional.of(bytes);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    byte[] bytes(String name) {
        byte[] b = entries.get(name);
        if (b == null) {
            throw ContentException.invalid("the EPUB has no file " + name);
        }
        return b;
    }

    String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
