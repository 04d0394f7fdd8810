package dev.c2a.intake;

import dev.c2a.testing.Redis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.XAddParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Redis Streams for {@code IntakeAdapterContract}: each channel is a stream, a results stream and a
 * dead-letter stream under a key prefix of its own on {@link Redis}'s shared server (or a server of
 * the test's own). A message is an entry whose {@code body} field is its body and whose other fields
 * are its headers.
 */
public final class RedisKit implements BrokerKit {

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public Channel newChannel() {
        return new RedisChannel(Redis.server());
    }

    @Override
    public Own own() {
        Redis.Own own = Redis.own();
        Redis started = own.start();
        return new Own() {
            private Redis server = started;

            @Override
            public Channel newChannel() {
                return new RedisChannel(server);
            }

            @Override
            public void kill() {
                own.kill();
            }

            @Override
            public void start() {
                server = own.start();
            }

            @Override
            public void close() {
                own.close();
            }
        };
    }

    private static final class RedisChannel implements Channel {
        private final Redis server;
        private final String prefix;

        RedisChannel(Redis server) {
            this.server = server;
            this.prefix = server.newPrefix();
        }

        /**
         * With claim-idle scaled down from a minute: the entries a killed c2a left pending are taken
         * over by its next start within seconds.
         */
        @Override
        public Map<String, String> settings() {
            return Map.of("type", "redis", "url", server.url().toString(), "stream", prefix + "jobs",
                    "results", prefix + "results", "dead-letter", prefix + "dead", "claim-idle", "5s");
        }

        @Override
        public void publish(List<Message> messages) {
            try (Jedis jedis = server.connect()) {
                Pipeline p = jedis.pipelined();
                List<Response<byte[]>> replies = new ArrayList<>();
                for (Message m : messages) {
                    Map<byte[], byte[]> fields = new LinkedHashMap<>();
                    fields.put(bytes("body"), m.body());
                    m.headers().forEach((k, v) -> fields.put(bytes(k), bytes(v)));
                    replies.add(p.xadd(bytes(prefix + "jobs"), XAddParams.xAddParams(), fields));
                }
                p.sync();
                replies.forEach(Response::get);
            }
        }

        @Override
        public List<String> results(int atLeast, Duration wait) throws InterruptedException {
            return read(prefix + "results", atLeast, wait,
                    fields -> new String(fields.get("body"), StandardCharsets.UTF_8));
        }

        @Override
        public List<DeadLetter> deadLetters(int atLeast, Duration wait) throws InterruptedException {
            return read(prefix + "dead", atLeast, wait, fields -> new DeadLetter(fields.get("body"),
                    new String(fields.get("x-c2a-reason"), StandardCharsets.UTF_8)));
        }

        private <T> List<T> read(String key, int atLeast, Duration wait, Function<Map<String, byte[]>, T> convert)
                throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            try (Jedis jedis = server.connect()) {
                while (true) {
                    List<T> all = new ArrayList<>();
                    for (Object entry : jedis.xrange(bytes(key), bytes("-"), bytes("+"))) {
                        all.add(convert.apply(fields((List<?>) ((List<?>) entry).get(1))));
                    }
                    if (all.size() >= atLeast || System.nanoTime() - deadline >= 0) {
                        return all;
                    }
                    Thread.sleep(100);
                }
            }
        }

        /** An entry's fields from Redis's flat reply: name, value, name, value… */
        private static Map<String, byte[]> fields(List<?> flat) {
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), (byte[]) flat.get(i + 1));
            }
            return fields;
        }

        @Override
        public void close() {
            try {
                server.deleteKeys(prefix);
            } catch (RuntimeException e) {
                // a server that a test killed is gone with its keys
            }
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
