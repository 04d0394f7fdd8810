package dev.c2a.http;

import dev.c2a.api.Echo;
import dev.c2a.api.InvalidRequestException;
import io.javalin.http.Context;

/** Query parameters that are whole numbers in a range, refused with a detail naming the parameter. */
final class QueryParams {
    private QueryParams() {
    }

    /**
     * The parameter {@code name}, or {@code otherwise} when the request has none.
     *
     * @throws InvalidRequestException (422) when it is not a whole number from {@code min} to {@code max}
     */
    static int wholeNumber(Context ctx, String name, int otherwise, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidRequestException.invalid(name + " must be a whole number from " + min + " to " + max + ", got '"
                + Echo.of(v, 40) + "'");
    }
}
