package dev.c2a.intake.redis;

import dev.c2a.intake.ResultEvent;
import dev.c2a.intake.ResultPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes result events as entries of a stream: the event's reply-to when it names one, else the
 * configured results stream; fields {@code event-id}, {@code correlation-id} (when there is one),
 * {@code content-type} and the event's JSON in the body field; each stream trimmed to about
 * {@code results-maxlen} entries. An XADD's reply is Redis's confirmation. A reply-to that cannot take an entry (a key of another type) would stop every event
 * after it, so that event goes to the dead-letter stream with the reason instead.
 */
final class RedisResults implements ResultPublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisResults.class);

    private final RedisOptions options;
    private final Connections connections;
    private final StatusBoard status;
    private Jedis jedis;

    RedisResults(RedisOptions options, Connections connections, StatusBoard status) {
        this.options = options;
        this.connections = connections;
        this.status = status;
    }

    @Override
    public synchronized void publish(List<ResultEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            if (jedis == null) {
                jedis = connections.open();
            }
            List<Response<StreamEntryID>> replies = xadd(events);
            Map<ResultEvent, String> undeliverable = new LinkedHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                try {
                    replies.get(i).get();
                } catch (JedisDataException e) {
                    if (replyTo(events.get(i)) == null) {
                        throw e;
                    }
                    undeliverable.put(events.get(i), "reply-to " + replyTo(events.get(i)) + ": " + e.getMessage());
                }
            }
            deadLetter(undeliverable);
            status.published.addAndGet(events.size() - undeliverable.size());
            status.succeeded("results");
        } catch (JedisException e) {
            status.failed("results", "publishing to " + connections.where() + ": " + e.getClass().getSimpleName()
                    + ": " + e.getMessage());
            if (e instanceof JedisConnectionException) {
                close();
            }
            throw e;
        }
    }

    private List<Response<StreamEntryID>> xadd(List<ResultEvent> events) {
        Pipeline p = jedis.pipelined();
        List<Response<StreamEntryID>> replies = new ArrayList<>();
        for (ResultEvent e : events) {
            String target = replyTo(e) == null ? options.results() : replyTo(e);
            replies.add(p.xadd(target, trimmed(), fields(e)));
        }
        p.sync();
        return replies;
    }

    private void deadLetter(Map<ResultEvent, String> undeliverable) {
        if (undeliverable.isEmpty()) {
            return;
        }
        Pipeline p = jedis.pipelined();
        List<Response<?>> replies = new ArrayList<>();
        undeliverable.forEach((e, reason) -> {
            Map<String, String> fields = fields(e);
            fields.put(DeadLetter.REASON, reason);
            replies.add(p.xadd(options.deadLetters(), XAddParams.xAddParams(), fields));
            LOG.warn("intake {}: result event {} dead-lettered to {}: {}", options.name(), e.eventId(),
                    options.deadLetters(), reason);
        });
        p.sync();
        replies.forEach(Response::get);
    }

    private XAddParams trimmed() {
        XAddParams params = XAddParams.xAddParams();
        return options.resultsMaxLen() > 0 ? params.maxLen(options.resultsMaxLen()).approximateTrimming() : params;
    }

    private Map<String, String> fields(ResultEvent e) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event-id", e.eventId());
        if (e.correlationId() != null) {
            fields.put("correlation-id", e.correlationId());
        }
        fields.put("content-type", "application/json");
        fields.put(options.bodyField(), e.toJson());
        return fields;
    }

    private static String replyTo(ResultEvent e) {
        return e.replyTo() == null || e.replyTo().isBlank() ? null : e.replyTo();
    }

    @Override
    public synchronized void close() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                // the connection is broken already
            }
            jedis = null;
        }
    }
}
