package dev.c2a.api;

/** Input quoted back in an error message: cut short, control characters replaced. */
public final class Echo {
    private Echo() {
    }

    public static String of(String input, int maxChars) {
        String cut = input.length() > maxChars ? input.substring(0, maxChars) + "…" : input;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
