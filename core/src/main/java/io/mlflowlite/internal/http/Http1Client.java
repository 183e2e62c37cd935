package io.mlflowlite.internal.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client: the exchange runs on the caller's thread (a virtual thread in the server),
 * over keep-alive connections pooled per origin, plain or TLS (certificates checked against the default trust
 * store and the host name), directly or through an HTTP proxy ({@link Proxies}: plain http in absolute form, https
 * tunnelled with {@code CONNECT}). No redirects, no compression: what the provider adapters need, at a fraction of
 * the JDK {@code HttpClient}'s cost per exchange. Thread-safe.
 *
 * <h2>Timeouts</h2>
 * Every wait of an exchange (connecting, the TLS handshake, each read) ends at the deadline the caller gives; a
 * request body over 64 KiB is written under a timer that closes the connection at the deadline, so even a server
 * that stops reading cannot hold the caller past it. Connecting waits at most 10 s within that.
 *
 * <h2>When a request is sent again</h2>
 * A pooled connection is checked just before it is used: one the server closed, or sent anything on, while it
 * sat idle is dropped and the request goes on another (nothing was sent on it). After that a request is sent
 * again on a new connection only when nothing of it can have been processed: when writing it to a pooled
 * connection failed (the server had reset it), or, for GET, when the pooled connection ended before any byte of
 * an answer, as browsers and okhttp do. A POST whose connection breaks after it was written is never resent: the
 * provider may have run (and billed) it, so the failure goes to the pipeline, whose retry policy decides.
 */
final class Http1Client implements AutoCloseable {
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** The JDK HttpClient's default keep-alive time for idle connections. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);

    static final int MAX_IDLE_PER_ORIGIN = 256;
    /** Bodies up to this size go out in one write that cannot stall for long; larger ones under a timer. */
    private static final int GUARDED_WRITE = 64 * 1024;
    /** The JDK HttpClient's restricted headers: the client sets them, a caller's value would corrupt framing. */
    private static final Set<String> RESTRICTED =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

    private final ConnectionPool pool;
    private volatile SSLSocketFactory tls;
    /** Null: every origin is reached directly. */
    private final Proxies proxies;

    Http1Client() {
        this((Proxies) null);
    }

    /** A client with its own pool and the default trust store, reaching origins through {@code proxies}. */
    Http1Client(Proxies proxies) {
        this(new ConnectionPool(MAX_IDLE_PER_ORIGIN, KEEP_ALIVE_NANOS, TimeUnit.SECONDS.toNanos(5)), null, proxies);
    }

    /** A client over {@code pool} trusting what {@code tls} trusts (null: the JDK's default trust store). */
    Http1Client(ConnectionPool pool, SSLSocketFactory tls) {
        this(pool, tls, null);
    }

    /**
     * A client over {@code pool} trusting what {@code tls} trusts, through {@code proxies} (null: direct). The pool
     * keeps connections by origin: a proxy's choice for an origin is taken to stay the same while they idle.
     */
    Http1Client(ConnectionPool pool, SSLSocketFactory tls, Proxies proxies) {
        this.pool = pool;
        this.tls = tls;
        this.proxies = proxies;
    }

    ConnectionPool pool() {
        return pool;
    }

    /**
     * Sends a request and returns once the response head arrived; read its body, then it releases the
     * connection. {@code headers} are validated like the JDK client does (names are tokens, values have no line
     * breaks, framing headers are the client's own).
     *
     * @throws IOException a {@link SocketTimeoutException} at the deadline, a {@link java.net.ConnectException}
     *     when no connection could be made, any other when the connection failed
     */
    Http1Response send(String method, URI uri, Map<String, String> headers, byte[] body, long deadline)
            throws IOException {
        Origin origin = Origin.of(uri);
        java.net.Proxy proxy = proxies == null ? java.net.Proxy.NO_PROXY : proxies.choose(uri);
        boolean proxied = proxy.type() == java.net.Proxy.Type.HTTP;
        String proxyAuthorization = proxied ? proxies.authorization(proxy).orElse(null) : null;
        // plain http through a proxy names the whole URL and carries the proxy's credentials; https tunnels
        byte[] head = head(
                method, uri, origin, headers, body, proxied && !origin.tls(), origin.tls() ? null : proxyAuthorization);
        boolean idempotent = method.equals("GET") || method.equals("HEAD");
        for (int attempt = 0; ; attempt++) {
            // after a failed pooled connection, a fresh one: a second stale one would say nothing new
            Http1Connection connection = attempt == 0 ? pool.acquire(origin) : null;
            boolean pooled = connection != null;
            if (connection == null) {
                connection = Http1Connection.open(
                        origin,
                        tls(origin),
                        proxied ? (java.net.InetSocketAddress) proxy.address() : null,
                        proxyAuthorization,
                        CONNECT_TIMEOUT_NANOS,
                        deadline);
            }
            try {
                write(connection, head, body, deadline);
            } catch (IOException e) {
                connection.close();
                if (pooled
                        && System.nanoTime() < deadline
                        && !Thread.currentThread().isInterrupted()) {
                    continue; // the server had reset it: not a byte of the request was taken
                }
                throw timeoutAtDeadline(e, deadline);
            }
            try {
                return new Http1Response(connection, connection.readHead(deadline), method.equals("HEAD"), pool);
            } catch (IOException e) {
                connection.close();
                if (pooled
                        && idempotent
                        && !(e instanceof SocketTimeoutException)
                        && System.nanoTime() < deadline
                        && !Thread.currentThread().isInterrupted()) {
                    continue;
                }
                throw e;
            }
        }
    }

    private static void write(Http1Connection connection, byte[] head, byte[] body, long deadline) throws IOException {
        if (body == null || body.length <= GUARDED_WRITE) {
            connection.write(head, body);
            return;
        }
        ScheduledFuture<?> guard = ConnectionPool.TIMER.schedule(
                connection::close, Http1Connection.remaining(deadline), TimeUnit.NANOSECONDS);
        try {
            connection.write(head, body);
        } finally {
            guard.cancel(false);
        }
    }

    /** A write the deadline timer cut short is a timeout, not a broken connection. */
    private static IOException timeoutAtDeadline(IOException e, long deadline) {
        if (System.nanoTime() - deadline >= 0 && !(e instanceof SocketTimeoutException)) {
            SocketTimeoutException timeout = new SocketTimeoutException("Deadline reached while sending the request");
            timeout.initCause(e);
            return timeout;
        }
        return e;
    }

    private static byte[] head(
            String method,
            URI uri,
            Origin origin,
            Map<String, String> headers,
            byte[] body,
            boolean absolute,
            String proxyAuthorization) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder(256).append(method).append(' ');
        if (absolute) {
            head.append(origin);
        }
        head.append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(origin.hostHeader()).append("\r\n");
        if (proxyAuthorization != null) {
            head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        boolean userAgent = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            checkName(name);
            checkValue(name, h.getValue());
            userAgent |= name.equalsIgnoreCase("user-agent");
            head.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: mlflowlite\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
            }
        }
        if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for header \"" + name + "\"");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 255) {
                throw new IllegalArgumentException("invalid header value for header \"" + name + "\"");
            }
        }
    }

    private SSLSocketFactory tls(Origin origin) throws IOException {
        if (!origin.tls()) {
            return null;
        }
        SSLSocketFactory factory = tls;
        if (factory == null) {
            try {
                factory = SSLContext.getDefault().getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("No TLS available in this JDK", e);
            }
            tls = factory;
        }
        return factory;
    }

    /** The deadline {@code timeout} from now; at least a millisecond, as the JDK client rounds it. */
    static long deadline(Duration timeout) {
        return System.nanoTime() + Math.max(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Closes idle connections; exchanges in progress finish and then close theirs. */
    @Override
    public void close() {
        pool.close();
    }
}
