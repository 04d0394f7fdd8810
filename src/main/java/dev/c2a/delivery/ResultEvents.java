package dev.c2a.delivery;

import dev.c2a.intake.ResultEvent;
import dev.c2a.job.JobState;
import dev.c2a.job.Reply;
import dev.c2a.queue.Outbox;

/**
 * Turns the outbox's events into what brokers and webhooks are sent: with the URLs of the audio and
 * captions under the service's public URL (setting {@code public-url}), or as paths when it is not set.
 */
final class ResultEvents {
    private final String base;

    /** @param publicUrl the service's URL as consumers reach it, or null for paths */
    ResultEvents(String publicUrl) {
        this.base = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    ResultEvent of(Outbox.Event e) {
        Reply r = e.reply();
        boolean audio = e.state() == JobState.SUCCEEDED;
        String job = base + "/v1/jobs/" + e.jobId();
        return new ResultEvent(e.eventId(), e.type(), e.jobId(), e.state().wireName(), e.at(),
                r == null ? null : r.source(), r == null ? null : r.messageId(), r == null ? null : r.correlationId(),
                r == null ? null : r.replyTo(), e.error(), audio ? job + "/audio" : null,
                audio ? job + "/captions.vtt" : null, e.format(), e.durationSeconds());
    }
}
