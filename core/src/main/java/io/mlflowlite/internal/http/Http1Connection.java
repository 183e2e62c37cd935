package io.mlflowlite.internal.http;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection, plain or TLS, with its own read buffer. Every read waits at most until the deadline the
 * caller passes (a {@link SocketTimeoutException} after it). Used by one exchange at a time: the pool hands it to
 * one thread, which gives it back or closes it; only {@link #close()} may come from another thread (it unblocks a
 * read in progress).
 *
 * <p>It sits on a {@link SocketChannel} (with its socket adaptor for timed blocking reads, and an {@link SSLSocket}
 * layered on that for https) for one reason: {@link #reusable()} can look, without blocking, whether the server
 * closed the connection while it sat in the pool, so a request is never sent on a connection the server already
 * closed.
 */
final class Http1Connection implements Closeable {
    /** No more than this many bytes of status line and headers. */
    private static final int MAX_HEAD = 64 * 1024;

    final Origin origin;
    private final SocketChannel channel;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private int position;
    private int limit;
    private long idleSinceNanos;
    private boolean used;
    private volatile boolean closed;

    private Http1Connection(Origin origin, SocketChannel channel, Socket socket) throws IOException {
        this.origin = origin;
        this.channel = channel;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code origin} (and shakes hands for https, checking the certificate against the host name),
     * waiting at most {@code connectTimeoutNanos} for the TCP connection and until {@code deadline} overall.
     * A refused or unresolvable address is a {@link ConnectException}.
     */
    static Http1Connection open(Origin origin, SSLSocketFactory tls, long connectTimeoutNanos, long deadline)
            throws IOException {
        return open(origin, tls, null, null, connectTimeoutNanos, deadline);
    }

    /**
     * Like {@link #open(Origin, SSLSocketFactory, long, long)}, through the HTTP proxy at {@code proxy} when it is
     * not null: the TCP connection goes to the proxy, and for https a {@code CONNECT} (with
     * {@code proxyAuthorization} when not null) opens a tunnel to the origin before the TLS handshake, which
     * checks the origin's certificate as without a proxy. A proxy refusing the tunnel is a
     * {@link ConnectException} with its status line.
     */
    static Http1Connection open(
            Origin origin,
            SSLSocketFactory tls,
            InetSocketAddress proxy,
            String proxyAuthorization,
            long connectTimeoutNanos,
            long deadline)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            Socket plain = channel.socket();
            plain.setTcpNoDelay(true);
            InetSocketAddress address = proxy != null
                    ? new InetSocketAddress(proxy.getHostString(), proxy.getPort())
                    : new InetSocketAddress(origin.address(), origin.port());
            if (address.isUnresolved()) {
                throw new ConnectException(
                        "Cannot resolve " + (proxy != null ? "the proxy " : "") + address.getHostString());
            }
            long wait = Math.min(connectTimeoutNanos, remaining(deadline));
            try {
                plain.connect(address, millis(wait));
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                ConnectException refused = new ConnectException(e.getMessage() + " (" + origin
                        + (proxy != null
                                ? " through the proxy " + address.getHostString() + ":" + address.getPort()
                                : "")
                        + ")");
                refused.initCause(e);
                throw refused;
            }
            if (proxy != null && origin.tls()) {
                ProxyTunnel.open(plain, origin, proxyAuthorization, deadline);
            }
            Socket socket = plain;
            if (origin.tls()) {
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, origin.address(), origin.port(), true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setApplicationProtocols(new String[] {"http/1.1"});
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(millis(remaining(deadline)));
                secure.startHandshake();
                socket = secure;
            }
            return new Http1Connection(origin, channel, socket);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends {@code head} and {@code body} (null for none) as one write when they fit a buffer. */
    void write(byte[] head, byte[] body) throws IOException {
        used = true;
        if (body == null || body.length == 0) {
            out.write(head);
        } else if (head.length + body.length <= 64 * 1024) {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
        } else {
            out.write(head);
            out.write(body);
        }
        out.flush();
    }

    /**
     * Reads a response head: the status code and the header lines as {name, value} pairs. Interim 1xx answers
     * are skipped.
     */
    Head readHead(long deadline) throws IOException {
        while (true) {
            int read = 0;
            String statusLine = readLine(deadline, MAX_HEAD);
            read += statusLine.length();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new ProtocolException(
                        "Not an HTTP/1.x status line from " + origin + ": " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine, 9, 12, 10);
            } catch (NumberFormatException e) {
                throw new ProtocolException("Bad status line from " + origin + ": " + abbreviate(statusLine));
            }
            boolean http10 = statusLine.charAt(7) == '0';
            List<String[]> headers = new java.util.ArrayList<>(16);
            for (String line = readLine(deadline, MAX_HEAD - read);
                    !line.isEmpty();
                    line = readLine(deadline, MAX_HEAD - read)) {
                read += line.length();
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    throw new ProtocolException("Bad header line from " + origin + ": " + abbreviate(line));
                }
                headers.add(new String[] {
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip()
                });
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            return new Head(status, http10, headers);
        }
    }

    /** A line of the head or of chunked framing (Latin-1), without its CRLF or LF. */
    String readLine(long deadline, int max) throws IOException {
        StringBuilder line = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String text = new String(buffer, position, i - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    if (line != null) {
                        text = line.append(text).toString();
                    }
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
            position = limit;
            if (line.length() > max) {
                throw new ProtocolException("Response head from " + origin + " is over " + MAX_HEAD + " bytes");
            }
            if (fill(deadline) < 0) {
                throw new EOFException("Connection to " + origin + " closed in the middle of a response");
            }
        }
    }

    /**
     * Copies up to {@code length} buffered or newly read bytes into {@code target}; -1 at the end of the stream.
     */
    int read(byte[] target, int offset, int length, long deadline) throws IOException {
        if (position == limit && fill(deadline) < 0) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Reads more from the socket into the (consumed) buffer; the count, or -1 at the end of the stream. */
    private int fill(long deadline) throws IOException {
        socket.setSoTimeout(millis(remaining(deadline)));
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n;
    }

    /**
     * Whether this pooled connection can carry another request: it is open, nothing is left unread, and the
     * server has neither closed it nor sent anything since (a non-blocking look at the socket). A server that
     * closed an idle connection is found here, before a request is written to it.
     */
    boolean reusable() {
        if (closed || position != limit) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                probe.clear();
                return channel.read(probe) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a request was written on this connection before (so it came from the pool). */
    boolean used() {
        return used;
    }

    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Closes the connection; a read or write blocked on it in another thread fails at once. The channel goes
     * first: a TLS socket's close would otherwise try to send its close_notify, and could wait for a write lock
     * held by a thread blocked writing to a server that stopped reading. Idempotent, never throws.
     */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the channel under it is closed already
        }
    }

    /** The nanoseconds left until {@code deadline}; a {@link SocketTimeoutException} when none are. */
    static long remaining(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("Deadline reached");
        }
        return left;
    }

    /** A socket timeout for {@code nanos}: whole milliseconds, rounded up, at least 1 (0 would mean forever). */
    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /**
     * A response head.
     *
     * @param http10 whether the server answered HTTP/1.0 (no keep-alive unless it says so)
     * @param headers {name, value} in the order received
     */
    record Head(int status, boolean http10, List<String[]> headers) {
        /** The first value of header {@code name} (any case), or null. */
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        /** Whether a comma-separated header {@code name} lists {@code token} (any case). */
        boolean hasToken(String name, String token) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    for (String part : h[1].split(",")) {
                        if (part.strip().equalsIgnoreCase(token)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
