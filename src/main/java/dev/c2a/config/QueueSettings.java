package dev.c2a.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where jobs are kept: SQLite, one file in the data directory; or PostgreSQL, one database that
 * many nodes share, reached through a pool of {@code poolSize} connections per node.
 *
 * @param jdbcUrl  null for SQLite
 * @param user     null when the JDBC URL carries it (or for SQLite)
 * @param password null when the JDBC URL carries it (or for SQLite)
 */
public record QueueSettings(Kind kind, String jdbcUrl, String user, String password, int poolSize) {

    public enum Kind {
        SQLITE, POSTGRES;

        static Kind parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected 'sqlite' or 'postgres', got '" + value + "'");
            }
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static QueueSettings sqlite() {
        return new QueueSettings(Kind.SQLITE, null, null, null, 0);
    }

    /**
     * A PostgreSQL database from {@code url}: a JDBC URL ({@code jdbc:postgresql://host:port/db?user=…})
     * or the form a person gives ({@code postgresql://user:password@host:port/db}).
     *
     * @throws IllegalArgumentException naming what is wrong with the URL (never its password)
     */
    static QueueSettings postgres(String url, int poolSize) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new QueueSettings(Kind.POSTGRES, url, null, null, poolSize);
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host:port/db or"
                    + " postgresql://user:password@host:port/db");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (uri.getHost() == null || db.isEmpty()) {
            throw new IllegalArgumentException("expected postgresql://user:password@host:port/db, with a host and a"
                    + " database name");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/" + db
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new QueueSettings(Kind.POSTGRES, jdbc, user, password, poolSize);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
