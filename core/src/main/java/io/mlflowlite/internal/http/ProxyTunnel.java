package io.mlflowlite.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Opens an https tunnel through an HTTP proxy: {@code CONNECT host:port}, then the proxy's answer head, read
 * byte by byte so that nothing of the TLS handshake after it is consumed here. Stateless.
 */
final class ProxyTunnel {
    /** No proxy answers a CONNECT with more head than this. */
    private static final int MAX_HEAD = 16 * 1024;

    private ProxyTunnel() {}

    /** Asks the proxy on {@code socket} for a tunnel to {@code origin}; returns once it is open. */
    static void open(Socket socket, Origin origin, String proxyAuthorization, long deadline) throws IOException {
        String authority = origin.host() + ":" + origin.port();
        StringBuilder request = new StringBuilder(128)
                .append("CONNECT ")
                .append(authority)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(authority)
                .append("\r\n");
        if (proxyAuthorization != null) {
            request.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readHead(socket, deadline);
        String statusLine = head.lines().findFirst().orElse("");
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new ProtocolException(
                    "The proxy answered CONNECT " + authority + " with no HTTP status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new ProtocolException("The proxy's status line is malformed: " + statusLine);
        }
        if (status / 100 != 2) {
            throw new ConnectException("The proxy refused the tunnel to " + authority + ": " + statusLine
                    + (status == 407
                            ? " (set the proxy's user and password in its URL: http://user:password@host:port)"
                            : ""));
        }
    }

    private static String readHead(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] head = new byte[MAX_HEAD];
        int length = 0;
        while (length < 4
                || head[length - 4] != '\r'
                || head[length - 3] != '\n'
                || head[length - 2] != '\r'
                || head[length - 1] != '\n') {
            if (length == MAX_HEAD) {
                throw new ProtocolException("The proxy's answer to CONNECT is over " + MAX_HEAD + " bytes");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("Deadline reached waiting for the proxy to open the tunnel");
            }
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
            int b = in.read();
            if (b < 0) {
                throw new ConnectException("The proxy closed the connection instead of opening a tunnel");
            }
            head[length++] = (byte) b;
        }
        return new String(head, 0, length, StandardCharsets.ISO_8859_1);
    }
}
