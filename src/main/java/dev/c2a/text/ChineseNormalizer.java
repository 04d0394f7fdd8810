package dev.c2a.text;

import com.ibm.icu.util.ULocale;

import java.util.regex.Pattern;

/**
 * Mandarin: numbers in hanzi (3497 → 三千四百九十七, 3.14 → 三点一四), years digit by digit
 * (2024年 → 二〇二四年), percentages (45% → 百分之四十五), times (10:30 → 十点三十分), currency.
 */
final class ChineseNormalizer implements Normalizer {
    private static final String NUMBER = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";
    private static final Pattern YEAR = Pattern.compile("(\\d{2,4})\\s?年");
    private static final Pattern TIME = Pattern.compile("\\b([01]?\\d|2[0-3])[:：]([0-5]\\d)\\b");
    private static final Pattern PERCENT = Pattern.compile("(" + NUMBER + ")\\s?[%％]");
    private static final Pattern YUAN = Pattern.compile("[¥￥]\\s?(" + NUMBER + ")");
    private static final Pattern DOLLAR = Pattern.compile("\\$\\s?(" + NUMBER + ")");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1\\d{10}(?!\\d)");
    private static final Pattern NUMBER_TOKEN = Pattern.compile("(-?)(" + NUMBER + ")");

    private final NumberWords words = new NumberWords(ULocale.CHINESE, new String[] {"〇", "一", "二", "三", "四",
            "五", "六", "七", "八", "九"}, "");

    @Override
    public AlignedText normalize(AlignedText s) {
        s = s.replace(Rules.EMAIL, m -> Rules.email(m.group(), "at", "dot"));
        s = s.replace(Rules.URL, m -> Rules.host(m.group(), "dot"));
        s = s.replace(MOBILE, m -> words.digits(m.group()));
        s = s.replace(YEAR, m -> words.digits(m.group(1)) + "年");
        s = s.replace(TIME, m -> words.cardinal(m.group(1)) + "点"
                + (m.group(2).equals("00") ? "整" : words.cardinal(m.group(2)) + "分"));
        s = s.replace(PERCENT, m -> "百分之" + words.cardinal(m.group(1)));
        s = s.replace(YUAN, m -> words.cardinal(m.group(1)) + "元");
        s = s.replace(DOLLAR, m -> words.cardinal(m.group(1)) + "美元");
        return s.replace(NUMBER_TOKEN, m -> (m.group(1).isEmpty() ? "" : "负") + words.cardinal(m.group(2)));
    }
}
