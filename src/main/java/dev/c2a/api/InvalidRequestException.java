package dev.c2a.api;

/**
 * A request the service refuses as given, with why in words a person understands and the kind of
 * refusal, which each interface turns into its own code (HTTP: 400, 413, 415, 416, 422, 503, 507).
 */
public class InvalidRequestException extends RuntimeException {
    /** What kind of refusal. */
    public enum Reason {
        /** The request cannot be read: malformed JSON, a bad query parameter. */
        MALFORMED,
        /** It reads, but asks for something the service will not do: an unknown voice, an empty text. */
        INVALID,
        /** Over a size bound. */
        TOO_LARGE,
        /** Content of a type the service does not read. */
        UNSUPPORTED_TYPE,
        /** A byte range outside the file. */
        OUT_OF_RANGE,
        /** The service cannot do it now; later it may. */
        UNAVAILABLE,
        /** This node's disk is nearly full: it accepts nothing until space is freed. */
        NO_SPACE
    }

    private final Reason reason;

    public InvalidRequestException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public static InvalidRequestException malformed(String detail) {
        return new InvalidRequestException(Reason.MALFORMED, detail);
    }

    public static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException(Reason.INVALID, detail);
    }

    public static InvalidRequestException tooLarge(String detail) {
        return new InvalidRequestException(Reason.TOO_LARGE, detail);
    }

    public static InvalidRequestException unsupportedType(String detail) {
        return new InvalidRequestException(Reason.UNSUPPORTED_TYPE, detail);
    }

    public static InvalidRequestException outOfRange(String detail) {
        return new InvalidRequestException(Reason.OUT_OF_RANGE, detail);
    }

    public static InvalidRequestException unavailable(String detail) {
        return new InvalidRequestException(Reason.UNAVAILABLE, detail);
    }

    public Reason reason() {
        return reason;
    }
}
