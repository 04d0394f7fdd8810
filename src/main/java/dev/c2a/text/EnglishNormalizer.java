package dev.c2a.text;

import com.ibm.icu.util.ULocale;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * English: each rule rewrites one kind of token, most specific first (a phone number before a plain
 * number, a date before a year), so that a later rule never sees digits an earlier one consumed.
 */
final class EnglishNormalizer implements Normalizer {
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December");
    private static final String MONTH_NAMES = "(January|February|March|April|May|June|July|August|September|October"
            + "|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?"
            + "|Dec\\.?)";
    private static final String NUMBER = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";

    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w.])(\\+\\d{1,3}[ .-]?)?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?![\\w.])");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])\\b");
    private static final Pattern MONTH_DAY = Pattern.compile("\\b" + MONTH_NAMES
            + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?");
    private static final Pattern DAY_MONTH = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTH_NAMES
            + "(?:,?\\s+(\\d{4})\\b)?");
    private static final Pattern TIME = Pattern.compile(
            "\\b([01]?\\d|2[0-3]):([0-5]\\d)(?::[0-5]\\d)?(?:\\s*([AaPp])\\.?\\s?[Mm]\\.?(?![a-z]))?");
    private static final Pattern CURRENCY = Pattern.compile(
            "([$€£¥])\\s?(" + NUMBER + ")(?:\\s?(thousand|million|billion|trillion|[kKmMbB])\\b)?");
    private static final Pattern PERCENT = Pattern.compile("(-?)(" + NUMBER + ")\\s?%");
    private static final Pattern ORDINAL = Pattern.compile("\\b(\\d+)(st|nd|rd|th)\\b");
    private static final Pattern DECADE = Pattern.compile("\\b(1[1-9]|20)(\\d)0s\\b");
    private static final Pattern YEAR = Pattern.compile("(?<![\\d,.$€£¥-])\\b(1[1-9]\\d\\d|20\\d\\d)\\b(?![,.]\\d|\\s?%)");
    private static final Pattern NUMBER_TOKEN = Pattern.compile("(?<![\\w.])(-?)(" + NUMBER + ")(?![\\w])");
    private static final Pattern NUMBER_SIGN = Pattern.compile("#(\\d+)\\b");
    private static final Map<String, String[]> UNITS = units();
    private static final Pattern UNIT = Pattern.compile("(?<![\\w.])(-?)(" + NUMBER + ")\\s?("
            + String.join("|", UNITS.keySet().stream().map(Pattern::quote).toList()) + ")(?![\\w/])");
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("Mr.", "Mister"), Map.entry("Mrs.", "Missus"), Map.entry("Ms.", "Miz"),
            Map.entry("Prof.", "Professor"), Map.entry("Jr.", "Junior"), Map.entry("Sr.", "Senior"),
            Map.entry("Mt.", "Mount"), Map.entry("Ave.", "Avenue"), Map.entry("Rd.", "Road"),
            Map.entry("Blvd.", "Boulevard"), Map.entry("e.g.", "for example"), Map.entry("i.e.", "that is"),
            Map.entry("etc.", "et cetera"), Map.entry("vs.", "versus"), Map.entry("approx.", "approximately"),
            Map.entry("Fig.", "Figure"), Map.entry("Dept.", "Department"), Map.entry("Gov.", "Governor"),
            Map.entry("Gen.", "General"), Map.entry("Capt.", "Captain"), Map.entry("Lt.", "Lieutenant"),
            Map.entry("Sgt.", "Sergeant"), Map.entry("Col.", "Colonel"), Map.entry("Rev.", "Reverend"),
            Map.entry("Hon.", "Honorable"), Map.entry("Inc.", "Incorporated"), Map.entry("Ltd.", "Limited"),
            Map.entry("Corp.", "Corporation"), Map.entry("Co.", "Company"), Map.entry("No.", "Number"));
    private static final Pattern ABBREVIATION = Pattern.compile("(?<![\\w.])(" + String.join("|",
            ABBREVIATIONS.keySet().stream().sorted((a, b) -> b.length() - a.length()).map(Pattern::quote).toList())
            + ")(?!\\w)");
    /** "Dr." and "St.": a title before a name, a street after one. */
    private static final Pattern TITLE_OR_STREET = Pattern.compile("(?<![\\w.])(Dr|St)\\.(?!\\w)");
    private static final Pattern AMPERSAND = Pattern.compile("&");

    private final NumberWords words = new NumberWords(ULocale.ENGLISH, new String[] {"zero", "one", "two",
            "three", "four", "five", "six", "seven", "eight", "nine"}, " ");

    @Override
    public AlignedText normalize(AlignedText s) {
        s = s.replace(Rules.EMAIL, m -> Rules.email(m.group(), "at", "dot"));
        s = s.replace(Rules.URL, m -> Rules.host(m.group(), "dot"));
        s = s.replace(PHONE, m -> phone(m.group()));
        s = s.replace(ISO_DATE, m -> date(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(1)));
        s = s.replace(MONTH_DAY, m -> date(month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        s = s.replace(DAY_MONTH, m -> "the " + words.ordinal(Integer.parseInt(m.group(1))) + " of "
                + MONTHS.get(month(m.group(2)) - 1) + (m.group(3) == null ? "" : " " + year(m.group(3))));
        s = s.replace(TIME, m -> time(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        s = s.replace(CURRENCY, m -> money(m.group(1), m.group(2), m.group(3)));
        s = s.replace(PERCENT, m -> sign(m.group(1)) + words.cardinal(m.group(2)) + " percent");
        s = s.replace(DECADE, m -> decade(m.group(1) + m.group(2) + "0"));
        s = s.replace(UNIT, m -> sign(m.group(1)) + words.cardinal(m.group(2)) + " "
                + unit(m.group(3), m.group(2)));
        s = s.replace(ORDINAL, m -> words.ordinal(Long.parseLong(m.group(1))));
        s = s.replace(NUMBER_SIGN, m -> "number " + m.group(1));
        s = s.replace(YEAR, m -> year(m.group(1)));
        s = s.replace(NUMBER_TOKEN, m -> sign(m.group(1)) + words.cardinal(m.group(2)));
        s = titleOrStreet(s);
        s = s.replace(ABBREVIATION, m -> ABBREVIATIONS.get(m.group(1)));
        return s.replace(AMPERSAND, m -> " and ");
    }

    private String sign(String minus) {
        return minus.isEmpty() ? "" : "minus ";
    }

    private String phone(String number) {
        StringBuilder out = new StringBuilder();
        for (String group : number.split("[^\\d+]+")) {
            if (group.isEmpty()) {
                continue;
            }
            out.append(out.isEmpty() ? "" : ", ");
            if (group.startsWith("+")) {
                out.append("plus ");
            }
            out.append(words.digits(group));
        }
        return out.toString();
    }

    private String date(int month, int day, String year) {
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return month + " " + day;
        }
        return MONTHS.get(month - 1) + " " + words.ordinal(day) + (year == null ? "" : ", " + year(year));
    }

    private static int month(String name) {
        String prefix = name.replace(".", "").substring(0, 3).toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.size(); i++) {
            if (MONTHS.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return i + 1;
            }
        }
        return 1;
    }

    private String year(String y) {
        return words.year(Long.parseLong(y));
    }

    private String decade(String y) {
        String spoken = year(y);
        return spoken.endsWith("y") ? spoken.substring(0, spoken.length() - 1) + "ies" : spoken + "s";
    }

    private String time(int hour, int minute, String meridiem) {
        String minutes = minute < 10 ? "oh " + words.cardinal(String.valueOf(minute))
                : words.cardinal(String.valueOf(minute));
        if (meridiem != null) {
            int h = hour % 12 == 0 ? 12 : hour > 12 ? hour - 12 : hour;
            return words.cardinal(String.valueOf(h)) + (minute == 0 ? "" : " " + minutes)
                    + (meridiem.equalsIgnoreCase("a") ? " a m" : " p m");
        }
        String h = words.cardinal(String.valueOf(hour));
        if (minute == 0) {
            return h + (hour > 0 && hour <= 12 ? " o'clock" : " hundred");
        }
        return h + " " + minutes;
    }

    private String money(String symbol, String amount, String scale) {
        String[] unit = switch (symbol) {
            case "€" -> new String[] {"euro", "euros", "cent", "cents"};
            case "£" -> new String[] {"pound", "pounds", "penny", "pence"};
            case "¥" -> new String[] {"yen", "yen", "sen", "sen"};
            default -> new String[] {"dollar", "dollars", "cent", "cents"};
        };
        String plain = amount.replace(",", "");
        if (scale != null) {
            String big = switch (scale.toLowerCase(Locale.ROOT)) {
                case "k" -> "thousand";
                case "m" -> "million";
                case "b" -> "billion";
                default -> scale.toLowerCase(Locale.ROOT);
            };
            return words.cardinal(plain) + " " + big + " " + unit[1];
        }
        String[] parts = plain.split("\\.", 2);
        long whole = Long.parseLong(parts[0]);
        String out = words.cardinal(parts[0]) + " " + (whole == 1 ? unit[0] : unit[1]);
        if (parts.length == 2 && parts[1].length() == 2) {
            int cents = Integer.parseInt(parts[1]);
            if (cents > 0) {
                out += " and " + words.cardinal(String.valueOf(cents)) + " " + (cents == 1 ? unit[2] : unit[3]);
            }
        } else if (parts.length == 2) {
            out = words.cardinal(plain) + " " + unit[1];
        }
        return out;
    }

    private static String unit(String symbol, String amount) {
        String[] names = UNITS.get(symbol);
        return amount.equals("1") ? names[0] : names[1];
    }

    private static AlignedText titleOrStreet(AlignedText text) {
        String s = text.text();
        return text.replace(TITLE_OR_STREET, m -> {
            String after = s.substring(m.end());
            String before = s.substring(0, m.start()).stripTrailing();
            boolean nameFollows = after.matches("(?s)\\s+\\p{Lu}.*");
            boolean nameBefore = before.matches("(?s).*\\s\\p{Lu}\\p{L}*") || before.matches("(?s).*\\d\\s*\\p{L}+");
            boolean street = nameBefore && !nameFollows || nameBefore && before.matches("(?s).*\\d.*");
            return m.group(1).equals("Dr") ? street ? "Drive" : "Doctor" : street ? "Street" : "Saint";
        });
    }

    private static Map<String, String[]> units() {
        Map<String, String[]> u = new LinkedHashMap<>();
        u.put("km/h", new String[] {"kilometer per hour", "kilometers per hour"});
        u.put("mph", new String[] {"mile per hour", "miles per hour"});
        u.put("km", new String[] {"kilometer", "kilometers"});
        u.put("cm", new String[] {"centimeter", "centimeters"});
        u.put("mm", new String[] {"millimeter", "millimeters"});
        u.put("kg", new String[] {"kilogram", "kilograms"});
        u.put("mg", new String[] {"milligram", "milligrams"});
        u.put("lbs", new String[] {"pound", "pounds"});
        u.put("lb", new String[] {"pound", "pounds"});
        u.put("oz", new String[] {"ounce", "ounces"});
        u.put("°C", new String[] {"degree Celsius", "degrees Celsius"});
        u.put("°F", new String[] {"degree Fahrenheit", "degrees Fahrenheit"});
        u.put("GHz", new String[] {"gigahertz", "gigahertz"});
        u.put("MHz", new String[] {"megahertz", "megahertz"});
        u.put("kHz", new String[] {"kilohertz", "kilohertz"});
        u.put("Hz", new String[] {"hertz", "hertz"});
        u.put("TB", new String[] {"terabyte", "terabytes"});
        u.put("GB", new String[] {"gigabyte", "gigabytes"});
        u.put("MB", new String[] {"megabyte", "megabytes"});
        u.put("KB", new String[] {"kilobyte", "kilobytes"});
        u.put("kB", new String[] {"kilobyte", "kilobytes"});
        u.put("kW", new String[] {"kilowatt", "kilowatts"});
        u.put("ms", new String[] {"millisecond", "milliseconds"});
        u.put("ml", new String[] {"milliliter", "milliliters"});
        u.put("ft", new String[] {"foot", "feet"});
        u.put("mi", new String[] {"mile", "miles"});
        u.put("kg/m²", new String[] {"kilogram per square meter", "kilograms per square meter"});
        u.put("m²", new String[] {"square meter", "square meters"});
        u.put("m", new String[] {"meter", "meters"});
        u.put("g", new String[] {"gram", "grams"});
        u.put("L", new String[] {"liter", "liters"});
        u.put("h", new String[] {"hour", "hours"});
        u.put("min", new String[] {"minute", "minutes"});
        u.put("s", new String[] {"second", "seconds"});
        u.put("W", new String[] {"watt", "watts"});
        u.put("V", new String[] {"volt", "volts"});
        return u;
    }
}
