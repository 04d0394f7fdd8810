package dev.c2a.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.c2a.json.Json;

import java.time.Instant;

/**
 * What c2a tells the world when a job finishes: the body of a result message on a broker and of a
 * webhook. {@code eventId} is stable: a consumer that sees one twice (delivery is at least once)
 * drops the second.
 *
 * @param type          {@code job.succeeded}, {@code job.failed} or {@code job.cancelled}
 * @param source        the intake adapter that took the job in, or null for HTTP
 * @param messageId     the message the job came from, or null
 * @param correlationId the producer's correlation id, or null
 * @param replyTo       where the producer asked this event to go, or null
 * @param error         the last error of a failed job, else null
 * @param audioUrl      the audio's URL on the service (succeeded jobs), else null
 * @param captionsUrl   the WebVTT captions' URL (succeeded jobs), else null
 * @param durationSeconds the audio's length (succeeded jobs), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultEvent(String eventId, String type, String jobId, String state, Instant at, String source,
                          String messageId, String correlationId, String replyTo, String error, String audioUrl,
                          String captionsUrl, String format, Double durationSeconds) {

    public String toJson() {
        return Json.write(this);
    }
}
