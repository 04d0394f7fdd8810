package dev.c2a.pipeline;

import dev.c2a.content.ContentException;

/**
 * How much audio a job may make: at most {@value #BASE_SECONDS} s plus {@value #SECONDS_PER_CHAR} s
 * per character of its text at normal speed (twice that at half speed), and never more than the
 * configured seconds and bytes. why: a 1.3 kB request of short sentences with the longest pauses
 * and a high sample rate once wrote 300 MB in three seconds; work must stay proportional to what
 * was sent. Speech runs at about 0.07 s per character in English and 0.25 in Chinese at normal
 * speed, so real content stays well inside the bound.
 */
public record AudioBudget(long maxSeconds, long maxBytes) {
    static final long BASE_SECONDS = 60;
    static final double SECONDS_PER_CHAR = 0.5;

    /** The audio a text of {@code characters} spoken at {@code speed} may make, in seconds. */
    public long allowedSeconds(long characters, double speed) {
        return Math.min(maxSeconds, BASE_SECONDS + (long) Math.ceil(SECONDS_PER_CHAR * characters / speed));
    }

    /** Refuses a plan whose pauses alone make more audio than its text may: known before a word is spoken. */
    public void check(Plan plan, double speed) {
        long allowed = allowedSeconds(plan.characters(), speed);
        if (plan.silenceMillis() / 1000 > allowed) {
            throw ContentException.tooLarge("the pauses alone would make " + plan.silenceMillis() / 1000
                    + " s of audio from " + plan.characters() + " characters of text; a job may make at most "
                    + allowed + " s (" + rule(speed) + "): shorten options.pauses");
        }
    }

    /** Stops a running job whose audio has outgrown its text (checked as the audio is laid out). */
    void checkRunning(double seconds, long bytes, long characters, double speed) {
        long allowed = allowedSeconds(characters, speed);
        if (seconds > allowed) {
            throw ContentException.tooLarge("the audio grew past " + allowed + " s, the most a text of " + characters
                    + " characters may make (" + rule(speed) + ")");
        }
        if (bytes > maxBytes) {
            throw ContentException.tooLarge("the audio grew past " + maxBytes + " bytes (setting max-audio-bytes)");
        }
    }

    private String rule(double speed) {
        return BASE_SECONDS + " s plus " + SECONDS_PER_CHAR + " s per character at speed " + speed
                + ", and at most " + maxSeconds + " s, setting max-audio-seconds";
    }
}
