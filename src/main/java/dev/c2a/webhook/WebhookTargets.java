package dev.c2a.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs webhooks may be sent to. why: a callback URL comes from whoever may submit a job, and
 * a service that POSTs wherever it is told reaches what its network reaches — the cloud's metadata
 * endpoint, the database, an admin page on localhost. So private, loopback, link-local and other
 * non-public addresses are refused unless the operator allows them ({@code webhook-allow-private}),
 * at submission and again at each delivery (a name may resolve elsewhere by then).
 */
public final class WebhookTargets {
    private static final int MAX_URL = 2048;
    private final boolean allowPrivate;
    private final boolean signed;

    /**
     * @param allowPrivate the {@code webhook-allow-private} setting
     * @param signed       whether webhooks can be signed ({@code webhook-secret} is set): a job may name
     *                     a callback URL only then
     */
    public WebhookTargets(boolean allowPrivate, boolean signed) {
        this.allowPrivate = allowPrivate;
        this.signed = signed;
    }

    /** Why a job may not name {@code url} as its callback, in words; empty when it may. */
    public Optional<String> callbackRefusal(String url) {
        if (!signed) {
            return Optional.of("cannot be called: this service signs no webhooks (set webhook-secret to allow"
                    + " callback URLs)");
        }
        return refusal(url);
    }

    /** Why {@code url} may not be called, in words; empty when it may. Resolves its host. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            if (url.length() > MAX_URL) {
                return Optional.of("is longer than " + MAX_URL + " characters");
            }
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("must name a host, without user or password");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve: " + uri.getHost());
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    return Optional.of("resolves to " + a.getHostAddress() + ", a private or local address; the"
                            + " webhook-allow-private setting allows those");
                }
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // unique local fc00::/7, and IPv4-mapped addresses judged as their IPv4 address
            if ((b[0] & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0/8 "this network", 100.64/10 carrier-grade NAT, 192.0.0/24, 198.18/15 benchmarking, 240/4 reserved
        return first != 0 && !(first == 100 && second >= 64 && second < 128)
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19))
                && first < 240;
    }
}
