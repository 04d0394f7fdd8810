package dev.c2a.http;

import io.javalin.http.Context;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages from using a service that trusts its loopback address. Every request must name
 * this service in its {@code Host} (an IP address, {@code localhost}, the bound host or a name of
 * the {@code allowed-hosts} setting): a page whose own name was re-pointed at 127.0.0.1 (DNS
 * rebinding) sends its own name and is refused. A request that changes anything and comes from a
 * browser must come from this service's own origin: a foreign {@code Origin} (or {@code null}), or
 * {@code Sec-Fetch-Site: cross-site}, is refused. Programs that send neither header (curl, the CLI,
 * client libraries) are not affected.
 */
final class BrowserGuard {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final Set<String> names;

    /** @param names host names accepted besides IP addresses and localhost, lower case */
    BrowserGuard(Set<String> names) {
        this.names = names;
    }

    void check(Context ctx) {
        String host = ctx.header("Host");
        String hostName = host == null ? null : hostName(host);
        if (hostName == null || !accepted(hostName)) {
            refuse(ctx, 421, "Misdirected Request", "the Host header '" + dev.c2a.api.Echo.of(String.valueOf(host),
                    80) + "' does not name this service; use its address, localhost, or add the name to the"
                    + " allowed-hosts setting");
            return;
        }
        if (SAFE_METHODS.contains(ctx.method().name())) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, host)) {
            refuse(ctx, 403, "Forbidden", "cross-site request refused: Origin '" + dev.c2a.api.Echo.of(origin, 80)
                    + "' is not this service (" + host + "); only its own pages may change anything");
            return;
        }
        if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            refuse(ctx, 403, "Forbidden", "cross-site request refused (Sec-Fetch-Site: cross-site)");
        }
    }

    private boolean accepted(String name) {
        return name.equals("localhost") || names.contains(name) || isIpLiteral(name);
    }

    private static void refuse(Context ctx, int status, String title, String detail) {
        JsonBody.refuse(ctx, null);
        Problem.write(ctx, status, title, detail);
        ctx.skipRemainingHandlers();
    }

    /**
     * Whether a page of {@code origin} is one of this service's: the same host name and port as the
     * Host it reached us by (behind a TLS proxy the scheme is https and the Host may have no port).
     */
    private static boolean sameOrigin(String origin, String host) {
        try {
            URI o = URI.create(origin.trim());
            String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || o.getHost() == null
                    || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
                return false;
            }
            URI h = URI.create("http://" + host.trim());
            int originPort = o.getPort() >= 0 ? o.getPort() : scheme.equals("https") ? 443 : 80;
            return o.getHost().equalsIgnoreCase(h.getHost()) && (h.getPort() < 0 || h.getPort() == originPort);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The name part of a Host header, without its port and brackets; null when it is malformed. */
    static String hostName(String host) {
        try {
            URI u = URI.create("http://" + host.trim());
            if (u.getHost() == null || u.getRawPath() != null && !u.getRawPath().isEmpty() || u.getUserInfo() != null) {
                return null;
            }
            String h = u.getHost().toLowerCase(Locale.ROOT);
            return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** why: rebinding needs a name to re-point; a page reached by a bare IP address is on that address. */
    private static boolean isIpLiteral(String name) {
        if (name.contains(":")) {
            return name.matches("[0-9a-f:.]+");
        }
        return name.matches("(\\d{1,3})(\\.\\d{1,3}){3}");
    }
}
