package io.mlflowlite.internal.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port, the key under which {@link ConnectionPool} keeps connections.
 *
 * @param tls        whether the scheme is https
 * @param host       the host as the URI wrote it (an IPv6 literal keeps its brackets)
 * @param port       the port, the scheme's default when the URI gave none
 * @param hostHeader the {@code Host} header's value: the host, and the port when it is not the default
 */
record Origin(boolean tls, String host, int port, String hostHeader) {

    /** The origin of an absolute http or https {@code uri}. */
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Only http and https URLs can be called, not " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("No host in " + uri);
        }
        boolean tls = scheme.equals("https");
        int defaultPort = tls ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        return new Origin(tls, host, port, port == defaultPort ? host : host + ":" + port);
    }

    /** The host to resolve and connect to: an IPv6 literal without its brackets. */
    String address() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + hostHeader;
    }
}
