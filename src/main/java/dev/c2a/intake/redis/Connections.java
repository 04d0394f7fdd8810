package dev.c2a.intake.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;

/** Opens connections to the intake's Redis, each one for a single thread. */
final class Connections {
    /** Longer than any command the intake sends, the blocking read's wait included. */
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final URI url;
    private final String clientName;

    Connections(URI url, String clientName) {
        this.url = url;
        this.clientName = clientName;
    }

    /** A new connection that has authenticated and answered PING. */
    Jedis open() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .clientName(clientName)
                .database(JedisURIHelper.getDBIndex(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url));
        String password = JedisURIHelper.getPassword(url);
        if (password != null) {
            config.user(JedisURIHelper.getUser(url)).password(password);
        }
        int port = url.getPort() == -1 ? 6379 : url.getPort();
        Jedis jedis = new Jedis(new HostAndPort(url.getHost(), port), config.build());
        try {
            jedis.ping();
            return jedis;
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    /** host:port, for messages (never the password). */
    String where() {
        return url.getHost() + ":" + (url.getPort() == -1 ? 6379 : url.getPort());
    }
}
