package dev.c2a.config;

/** A setting has a value the service cannot run with; the message names the setting and its source. */
public class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
