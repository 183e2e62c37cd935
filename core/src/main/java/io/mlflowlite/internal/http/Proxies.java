package io.mlflowlite.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which proxy a provider request goes through, decided per URL the way curl and most tools read the environment:
 * {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http ones ({@code ALL_PROXY} for either when the
 * specific one is unset; lower-case names win over upper-case), except hosts listed in {@code NO_PROXY}. Loopback
 * hosts ({@code localhost}, {@code 127.*}, {@code ::1}: local model servers) are always reached directly, as by
 * the JDK's own defaults. A URL the environment names no proxy for goes by Java's {@link ProxySelector} (the
 * {@code https.proxyHost} / {@code http.proxyHost} system properties, {@code java.net.useSystemProxies}, or one
 * the application installed). Thread-safe and immutable.
 *
 * <p>A proxy URL is {@code http://[user:password@]host[:port]} (a bare {@code host:port} reads as http; the port
 * defaults to 1080, as in curl). Its credentials are sent as {@code Proxy-Authorization: Basic}. Proxies reached
 * over TLS ({@code https://}) and SOCKS proxies are refused at configuration with a message saying so.
 */
final class Proxies extends ProxySelector {
    /** The variables read, in the order their values are looked up (lower case first, as curl does). */
    private static final String[] HTTPS = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};

    private static final String[] HTTP = {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"};
    private static final String[] NO = {"no_proxy", "NO_PROXY"};

    private final Endpoint https;
    private final Endpoint http;
    private final List<String> noProxy;
    private final ProxySelector fallback;

    /** A proxy from the environment: where it is and the {@code Proxy-Authorization} value for it, if any. */
    record Endpoint(Proxy proxy, String authorization) {}

    private Proxies(Endpoint https, Endpoint http, List<String> noProxy, ProxySelector fallback) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
        this.fallback = fallback;
    }

    /**
     * The proxies {@code env} names, falling back to {@link ProxySelector#getDefault()}.
     *
     * @throws IllegalArgumentException naming the variable when a proxy URL cannot be used
     */
    static Proxies fromEnv(Map<String, String> env) {
        return fromEnv(env, ProxySelector.getDefault());
    }

    /** The proxies {@code env} names, falling back to {@code fallback} (null: direct). */
    static Proxies fromEnv(Map<String, String> env, ProxySelector fallback) {
        return new Proxies(endpoint(env, HTTPS), endpoint(env, HTTP), noProxy(first(env, NO)), fallback);
    }

    /** The proxy for {@code uri}: {@link Proxy#NO_PROXY} to connect directly. */
    Proxy choose(URI uri) {
        List<Proxy> proxies = select(uri);
        for (Proxy proxy : proxies) {
            if (proxy.type() == Proxy.Type.HTTP || proxy.type() == Proxy.Type.DIRECT) {
                return proxy; // SOCKS from a system selector is not spoken here: the next choice, or direct
            }
        }
        return Proxy.NO_PROXY;
    }

    /** The {@code Proxy-Authorization} value for {@code proxy}, when its URL in the environment had credentials. */
    Optional<String> authorization(Proxy proxy) {
        for (Endpoint e : new Endpoint[] {https, http}) {
            if (e != null && e.proxy().equals(proxy) && e.authorization() != null) {
                return Optional.of(e.authorization());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (loopback(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        Endpoint configured = secure ? https : http;
        if (configured != null) {
            return excluded(host, uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort())
                    ? List.of(Proxy.NO_PROXY)
                    : List.of(configured.proxy());
        }
        List<Proxy> system = fallback == null ? null : fallback.select(uri);
        return system == null || system.isEmpty() ? List.of(Proxy.NO_PROXY) : system;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress proxy, IOException failure) {
        if (fallback != null
                && (https == null || !https.proxy().address().equals(proxy))
                && (http == null || !http.proxy().address().equals(proxy))) {
            fallback.connectFailed(uri, proxy, failure);
        }
    }

    /** Whether {@code NO_PROXY} sends {@code host} direct: {@code *}, the host, a parent domain, with a port. */
    private boolean excluded(String host, int port) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) {
                if (!entry.substring(colon + 1).equals(Integer.toString(port))) {
                    continue;
                }
                name = entry.substring(0, colon);
            }
            name = name.startsWith("*.") ? name.substring(1) : name;
            name = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            String domain = name.startsWith(".") ? name.substring(1) : name;
            if (bare.equals(domain) || bare.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopback(String host) {
        return host.equals("localhost")
                || host.endsWith(".localhost")
                || host.startsWith("127.")
                || host.equals("[::1]")
                || host.equals("::1");
    }

    private static List<String> noProxy(String value) {
        List<String> entries = new ArrayList<>();
        if (value != null) {
            for (String entry : value.split(",")) {
                String e = entry.strip().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    entries.add(e);
                }
            }
        }
        return List.copyOf(entries);
    }

    private static String first(Map<String, String> env, String[] names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String firstName(Map<String, String> env, String[] names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }

    private static Endpoint endpoint(Map<String, String> env, String[] names) {
        String value = first(env, names);
        if (value == null) {
            return null;
        }
        String variable = firstName(env, names);
        URI uri;
        try {
            uri = URI.create(value.contains("://") ? value : "http://" + value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a proxy URL (http://host:port): " + e.getMessage());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(variable + "=" + scheme + "://… is not supported: mlflowlite "
                    + "speaks to HTTP proxies (http://host:port, which tunnel https with CONNECT), not "
                    + (scheme.startsWith("socks") ? "SOCKS" : scheme) + " proxies.");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " names no proxy host: use http://host:port");
        }
        Proxy proxy = new Proxy(
                Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? 1080 : uri.getPort()));
        String authorization = null;
        if (uri.getRawUserInfo() != null) {
            String credentials = uri.getUserInfo(); // percent-escapes decoded
            authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
        return new Endpoint(proxy, authorization);
    }

    /** The proxy user and password of {@code proxy} from the environment, for the JDK client's authenticator. */
    Optional<String[]> credentials(Proxy proxy) {
        return authorization(proxy)
                .map(basic -> new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
                        .split(":", 2))
                .filter(parts -> parts.length == 2);
    }
}
