package dev.c2a.queue.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a connection's prepared statements for reuse: {@code prepareStatement(sql)} hands back the
 * statement compiled before, and closing it only clears its parameters. The queue's SQL is a small
 * fixed set, and compiling it on every call cost more CPU than running it. A connection is used by
 * one thread at a time (whichever thread holds the writer's batch, or a reader's borrower), so the
 * cache needs no lock.
 */
final class StatementCache {
    private static final int MAX = 64;

    private StatementCache() {
    }

    static Connection wrap(Connection real) {
        Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > MAX) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
        return proxy(Connection.class, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args.length == 1) {
                PreparedStatement ps = cache.get((String) args[0]);
                if (ps == null || ps.isClosed()) {
                    ps = real.prepareStatement((String) args[0]);
                    cache.put((String) args[0], ps);
                }
                return reusable(ps);
            }
            if (method.getName().equals("close")) {
                cache.values().forEach(StatementCache::closeQuietly);
                cache.clear();
            }
            return call(real, method, args);
        });
    }

    private static PreparedStatement reusable(PreparedStatement ps) {
        return proxy(PreparedStatement.class, (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                ps.clearParameters();
                return null;
            }
            return call(ps, method, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(StatementCache.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection is going away or the statement is already gone
        }
    }
}
