package io.mlflowlite.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.error.MlflowliteException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * JSON-over-HTTP for the provider adapters, on one of two clients: mlflowlite's own blocking HTTP/1.1 client
 * ({@link #pooled()}, the default: the exchange runs on the caller's thread over pooled keep-alive connections,
 * see {@link Http1Client}) or the JDK {@link HttpClient} ({@link #HttpTransport(HttpClient)}, or
 * {@code MLFLOWLITE_HTTP_CLIENT=jdk}). Both give the same guarantees: every wait is bounded by the timeout
 * given, and on timeout the exchange is abandoned so no connection or thread is left behind. Failures become
 * typed exceptions: {@link AttemptTimeoutException}, {@link ConnectionException}, and
 * {@link io.mlflowlite.error.ProviderException} (via {@link ProviderErrors}) for non-2xx answers. Thread-safe.
 */
public final class HttpTransport implements AutoCloseable {
    /** The environment variable choosing the client: {@code jdk} for the JDK's, anything else for ours. */
    public static final String CLIENT_VARIABLE = "MLFLOWLITE_HTTP_CLIENT";

    private final Exchanges exchanges;

    /** A transport on {@code client}, which stays the caller's: {@link #close()} leaves it open. */
    public HttpTransport(HttpClient client) {
        this(new JdkExchanges(client, false));
    }

    private HttpTransport(Exchanges exchanges) {
        this.exchanges = exchanges;
    }

    /** A transport on mlflowlite's blocking HTTP/1.1 client with its own connection pool. */
    public static HttpTransport pooled() {
        return new HttpTransport(new Http1Exchanges(new Http1Client()));
    }

    /**
     * The transport {@code env} asks for: {@code MLFLOWLITE_HTTP_CLIENT=jdk} gives a JDK {@link HttpClient} of
     * its own ({@link #newClient()}), anything else (or nothing) mlflowlite's pooled client. Either reaches
     * providers through the proxies {@code env} names ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY})
     * or else Java's {@link java.net.ProxySelector}. Close it when done.
     *
     * @throws io.mlflowlite.error.ConfigurationException when a proxy variable holds a URL that cannot be used
     */
    public static HttpTransport fromEnv(Map<String, String> env) {
        String choice = env.getOrDefault(CLIENT_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
        Proxies proxies;
        try {
            proxies = Proxies.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new io.mlflowlite.error.ConfigurationException(e.getMessage(), e);
        }
        return choice.equals("jdk")
                ? new HttpTransport(new JdkExchanges(newClient(proxies), true))
                : new HttpTransport(new Http1Exchanges(new Http1Client(proxies)));
    }

    /** A JDK client with sensible defaults: 10 s connect timeout, redirects never followed. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@link #newClient()} through {@code proxies}, answering a proxy's 407 with the credentials of its URL. */
    private static HttpClient newClient(Proxies proxies) {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(proxies)
                .authenticator(new java.net.Authenticator() {
                    @Override
                    protected java.net.PasswordAuthentication getPasswordAuthentication() {
                        if (getRequestorType() != RequestorType.PROXY) {
                            return null;
                        }
                        java.net.Proxy asked = new java.net.Proxy(
                                java.net.Proxy.Type.HTTP,
                                java.net.InetSocketAddress.createUnresolved(getRequestingHost(), getRequestingPort()));
                        return proxies.credentials(asked)
                                .map(c -> new java.net.PasswordAuthentication(c[0], c[1].toCharArray()))
                                .orElse(null);
                    }
                })
                .build();
    }

    /** POSTs {@code body} as JSON and returns the 2xx reply; non-2xx answers throw. */
    public HttpReply postJson(String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
        return exchanges.postJson(provider, uri, headers, body, timeout);
    }

    /** GETs {@code uri} and returns the 2xx reply; non-2xx answers throw. */
    public HttpReply get(String provider, URI uri, Map<String, String> headers, Duration timeout) {
        return exchanges.get(provider, uri, headers, timeout);
    }

    /**
     * POSTs {@code body} and returns the open event stream once 2xx headers arrived (within {@code timeout});
     * a non-2xx answer is read whole and thrown.
     */
    public SseConnection postSse(
            String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
        return exchanges.postSse(provider, uri, headers, body, timeout);
    }

    /** Maps an I/O failure of {@code provider} to the exception type the pipeline decides on. */
    public static MlflowliteException mapFailure(String provider, Duration timeout, Throwable failure) {
        if (failure instanceof MlflowliteException known) {
            return known;
        }
        if (failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException) {
            return new AttemptTimeoutException(provider, timeout, failure);
        }
        if (failure instanceof ConnectException) {
            return new ConnectionException("Cannot connect to " + provider + ": " + failure, failure);
        }
        if (failure instanceof IOException) {
            return new ConnectionException("Connection to " + provider + " failed: " + failure, failure);
        }
        return new MlflowliteException("Request to " + provider + " failed: " + failure, failure);
    }

    /** Releases the connections (and a JDK client this transport made); a caller's own client stays open. */
    @Override
    public void close() {
        exchanges.close();
    }
}
