package dev.c2a.text;

import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;

import java.math.BigDecimal;

/**
 * Numbers as words in one language, through ICU's spell-out rules. Not thread-safe (ICU's formatter
 * is not): each {@link Normalizer} holds its own.
 */
final class NumberWords {
    private final RuleBasedNumberFormat spell;
    private final String[] digits;
    private final String separator;

    /** @param separator between words: a space, or nothing for Chinese */
    NumberWords(ULocale locale, String[] digits, String separator) {
        this.spell = new RuleBasedNumberFormat(locale, RuleBasedNumberFormat.SPELLOUT);
        this.digits = digits;
        this.separator = separator;
    }

    /** "3497" → "three thousand four hundred ninety-seven"; "3.14" → "three point one four". */
    String cardinal(String number) {
        String plain = number.replace(",", "");
        if (plain.replace(".", "").replace("-", "").length() > 15) {
            return digits(plain);
        }
        BigDecimal value = new BigDecimal(plain);
        if (value.scale() > 0) {
            // ICU reads the fraction by its value; "3.05" must keep its zero: "three point zero five"
            String[] parts = plain.split("\\.", 2);
            return spell.format(new BigDecimal(parts[0]).longValue()) + separator + point() + separator
                    + digits(parts[1]);
        }
        return spell.format(value.longValue());
    }

    String ordinal(long n) {
        return rule("%spellout-ordinal", n);
    }

    String year(long n) {
        return rule("%spellout-numbering-year", n);
    }

    /** Each digit on its own: "2024" → "two zero two four" (二〇二四). */
    String digits(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(out.isEmpty() ? "" : separator).append(digits[c - '0']);
            }
        }
        return out.toString();
    }

    private String point() {
        String s = spell.format(new BigDecimal("0.5"));
        String zero = spell.format(0);
        String five = spell.format(5);
        return s.replace(zero, "").replace(five, "").strip();
    }

    private String rule(String name, long n) {
        for (String r : spell.getRuleSetNames()) {
            if (r.equals(name)) {
                return spell.format(n, name);
            }
        }
        return spell.format(n);
    }
}
