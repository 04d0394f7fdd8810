package dev.c2a.api;

import dev.c2a.job.JobSpec;

/** A checked request for speech on demand, ready to speak: what to say, and the stream's format. */
public record SpeechCall(JobSpec spec, String format, String mediaType) {
}
