package dev.c2a.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;

import java.util.List;
import java.util.Map;

/**
 * Hanzi to tone-numbered pinyin ("银行" → "yin2 hang2"), for espeak-ng's pinyin voice, which reads
 * hanzi one character at a time and so says 银行 as yin2 xing2. HanLP's phrase dictionary picks the
 * reading of a polyphone from the word around it. Characters that are not hanzi are kept.
 */
public final class PinyinText {
    private static final Map<Character, String> PUNCTUATION = Map.ofEntries(
            Map.entry('，', ", "), Map.entry('。', ". "), Map.entry('！', "! "), Map.entry('？', "? "),
            Map.entry('；', "; "), Map.entry('：', ": "), Map.entry('、', ", "), Map.entry('（', " ("),
            Map.entry('）', ") "), Map.entry('“', " \""), Map.entry('”', "\" "), Map.entry('…', "... "),
            // the zero of written-out numbers ("二〇二一") is not a unified ideograph
            Map.entry('〇', " ling2 "));

    private PinyinText() {
    }

    public static String of(String text) {
        if (text.codePoints().noneMatch(c -> han(c) || c == '〇')) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() * 4);
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && han(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                appendWords(out, text.substring(start, i));
                continue;
            }
            char c = text.charAt(i++);
            String p = PUNCTUATION.get(c);
            out.append(p != null ? p : String.valueOf(c));
        }
        return out.toString().replaceAll(" +([,.!?;:])", "$1").replaceAll(" {2,}", " ").strip();
    }

    /** One syllable per character; a character the dictionary lacks is kept as it is. */
    private static void appendWords(StringBuilder out, String hanzi) {
        if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))) {
            out.append(' ');
        }
        List<Pinyin> syllables = HanLP.convertToPinyinList(hanzi);
        for (int k = 0; k < syllables.size(); k++) {
            Pinyin p = syllables.get(k);
            out.append(p == Pinyin.none5 ? String.valueOf(hanzi.charAt(k)) : p.name()).append(' ');
        }
    }

    /** CJK unified ideographs (basic block and extension A), which HanLP's dictionary covers. */
    private static boolean han(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
    }
}
