package dev.c2a.service;

/** Input quoted back in an error message: cut short, control characters replaced. */
final class Echo {
    private Echo() {
    }

    static String of(String input, int maxChars) {
        String cut = input.length() > maxChars ? input.substring(0, maxChars) + "…" : input;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
