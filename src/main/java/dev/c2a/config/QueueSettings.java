package dev.c2a.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where jobs are kept: SQLite, one file in the data directory; or PostgreSQL, one database that
 * many nodes share, reached through a pool of {@code poolSize} connections per node.
 *
 * @param jdbcUrl  null for SQLite
 * @param user     null when the JDBC URL carries it (or for SQLite)
 * @param password null when the JDBC URL carries it (or for SQLite)
 */
public record QueueSettings(Kind kind, String jdbcUrl, String user, String password, int poolSize) {
    /** One server of a URL: a host name or address (IPv6 in brackets), then an optional port of up to 5 digits. */
    private static final Pattern SERVER = Pattern.compile("(?:\\[[0-9A-Fa-f:.]+]|[^:\\[\\]/,]+)(?::(\\d{1,5}))?");

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
     * or the form a person gives ({@code postgresql://user:password@host:port/db}). Both are checked
     * here, at the edge: the driver answers a malformed one with "No suitable driver" only.
     *
     * @throws IllegalArgumentException naming what is wrong with the URL (never its password)
     */
    static QueueSettings postgres(String url, int poolSize) {
        boolean jdbc = url.startsWith("jdbc:postgresql://");
        if (!jdbc && !url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host:port/db or"
                    + " postgresql://user:password@host:port/db");
        }
        URI uri;
        try {
            uri = new URI(jdbc ? url.substring("jdbc:".length()) : url);
        } catch (URISyntaxException e) {
            // the reason only: the input may hold a password
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().replaceFirst("^.*@", "");
        // a JDBC URL may name several servers (host1:5432,host2:5432) to fail over between
        for (String server : jdbc ? authority.split(",", -1) : new String[] {authority}) {
            Matcher m = SERVER.matcher(server);
            if (!m.matches() || db.isEmpty()) {
                throw new IllegalArgumentException("expected " + (jdbc ? "jdbc:postgresql://host:port/db" : "postgresql://"
                        + "user:password@host:port/db") + ", with a host, a numeric port (or none) and a database name");
            }
            if (m.group(1) != null && (Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535)) {
                throw new IllegalArgumentException("port " + m.group(1) + " is not between 1 and 65535");
            }
        }
        if (jdbc) {
            return new QueueSettings(Kind.POSTGRES, url, null, null, poolSize);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String jdbcUrl = "jdbc:postgresql://" + authority + "/" + db + (uri.getRawQuery() == null ? "" : "?"
                + uri.getRawQuery());
        return new QueueSettings(Kind.POSTGRES, jdbcUrl, user, password, poolSize);
    }

    /** The JDBC URL as status and error messages may show it: a password in it reads {@code (set)}. */
    public String shownUrl() {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)password=[^&]*", "password=(set)");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
