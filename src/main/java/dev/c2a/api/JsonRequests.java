package dev.c2a.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.c2a.codec.StrictUtf8;
import dev.c2a.json.Json;

/**
 * Reads a request's JSON (an HTTP body, a broker message) into its type, strictly, with errors that
 * say where it is wrong: malformed JSON with its line and column, an unknown field with the known
 * ones, a field of the wrong type with the type expected.
 */
public final class JsonRequests {
    private JsonRequests() {
    }

    /** @param what what the bytes are, for messages: "the request body", "the message" */
    public static <T> T read(byte[] bytes, String what, Class<T> type) {
        String text;
        try {
            text = StrictUtf8.decode(bytes, what);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.malformed(e.getMessage());
        }
        if (text.isBlank()) {
            throw InvalidRequestException.malformed(what + " is empty; expected a JSON object");
        }
        try {
            T value = Json.MAPPER.readValue(text, type);
            if (value == null) {
                throw InvalidRequestException.malformed(what + " is JSON null; expected a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw InvalidRequestException.invalid("unknown field '" + e.getPropertyName() + "'; known fields: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()));
        } catch (MismatchedInputException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
                throw InvalidRequestException.malformed("invalid JSON" + location(e) + ": more data after the JSON value");
            }
            String field = e.getPath().isEmpty() ? what : "field '" + e.getPathReference()
                    .replaceAll(".*\\[\"?([^\"\\]]+)\"?]$", "$1") + "'";
            throw InvalidRequestException.invalid(field + " has the wrong type: expected "
                    + simpleName(e.getTargetType()) + location(e));
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.malformed("invalid JSON" + location(e) + ": " + e.getOriginalMessage());
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }
}
