package dev.c2a.content;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSML, validated and then degraded to what every engine can do: text in paragraphs and sentences,
 * {@code <break>} as silence, {@code <sub alias>} as its alias, {@code say-as} characters spelled out.
 * Prosody, emphasis, voice and phoneme markup keep their text; no tag is ever spoken. DTDs and
 * external entities are refused (no XXE).
 */
final class SsmlReader implements ContentReader {
    private static final Pattern TIME = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s)\\s*");
    private static final Map<String, Integer> STRENGTH = Map.of("none", 0, "x-weak", 100, "weak", 200,
            "medium", 400, "strong", 700, "x-strong", 1200);
    static final int MAX_BREAK_MILLIS = 10_000;

    @Override
    public Document read(Content content, ReadingPolicy policy) {
        String text = content.text();
        Handler handler = new Handler(text);
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.newSAXParser().parse(new InputSource(new StringReader(text)), handler);
        } catch (SAXParseException e) {
            throw ContentException.invalid("SSML is not valid at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (ContentException e) {
            throw e;
        } catch (Exception e) {
            throw ContentException.invalid("SSML could not be read: " + e.getMessage());
        }
        return new Document(null, null, handler.language, null, handler.out.chapters(), false);
    }

    private static final class Handler extends DefaultHandler {
        final ChapterBuilder out = new ChapterBuilder(null, null);
        final int[] lineStarts;
        final Deque<String> open = new ArrayDeque<>();
        Locator locator;
        MappedText current = new MappedText();
        String language;
        /** Inside {@code <sub>}: its alias was spoken, its text is not. */
        int suppressed;
        /** Inside {@code say-as interpret-as="characters"}. */
        int spelled;

        Handler(String text) {
            this.lineStarts = starts(text);
        }

        static int[] starts(String text) {
            int lines = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lines++;
                }
            }
            int[] s = new int[lines];
            int line = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    s[line++] = i + 1;
                }
            }
            return s;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        int offset() {
            int line = Math.max(1, Math.min(locator.getLineNumber(), lineStarts.length));
            return lineStarts[line - 1] + Math.max(0, locator.getColumnNumber() - 1);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXParseException {
            String name = localName.isEmpty() ? qName : localName;
            if (open.isEmpty() && !name.equals("speak")) {
                throw new SAXParseException("the root element must be <speak>, not <" + qName + ">", locator);
            }
            if (open.isEmpty()) {
                String lang = atts.getValue("xml:lang");
                language = lang == null || lang.isBlank() ? null : lang.strip();
            }
            open.push(name);
            switch (name) {
                case "p", "s" -> flush();
                case "break" -> {
                    flush();
                    out.add(Block.pause(breakMillis(atts)));
                }
                case "sub" -> {
                    String alias = atts.getValue("alias");
                    if (alias != null) {
                        current.separate().append(alias, offset(), offset()).separate();
                        suppressed++;
                    }
                }
                case "say-as" -> {
                    String as = String.valueOf(atts.getValue("interpret-as")).toLowerCase(Locale.ROOT);
                    if (as.equals("characters") || as.equals("spell-out") || as.equals("verbatim")) {
                        spelled++;
                    }
                }
                default -> { }
            }
        }

        int breakMillis(Attributes atts) throws SAXParseException {
            String time = atts.getValue("time");
            if (time != null) {
                Matcher m = TIME.matcher(time);
                if (!m.matches()) {
                    throw new SAXParseException("<break time=\"" + time + "\"> is not a time such as 500ms or 2s",
                            locator);
                }
                double v = Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
                return (int) Math.min(MAX_BREAK_MILLIS, Math.round(v));
            }
            String strength = atts.getValue("strength");
            if (strength == null) {
                return STRENGTH.get("medium");
            }
            Integer ms = STRENGTH.get(strength.strip());
            if (ms == null) {
                throw new SAXParseException("<break strength=\"" + strength + "\"> is not one of "
                        + String.join(", ", STRENGTH.keySet().stream().sorted().toList()), locator);
            }
            return ms;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String name = open.pop();
            switch (name) {
                case "p", "s" -> flush();
                case "sub" -> suppressed = Math.max(0, suppressed - 1);
                case "say-as" -> spelled = Math.max(0, spelled - 1);
                default -> { }
            }
            if (open.isEmpty()) {
                flush();
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (suppressed > 0 || open.isEmpty()) {
                return;
            }
            String s = new String(ch, start, length);
            int end = offset();
            int from = Math.max(0, end - length);
            if (spelled > 0) {
                current.separate().append(String.join(" ", s.strip().split("")), from, end).separate();
            } else {
                current.append(s.replaceAll("\\s+", " "), from, end);
            }
        }

        void flush() {
            if (!current.isBlank()) {
                out.add(Block.paragraph(current));
            }
            current = new MappedText();
        }
    }
}
