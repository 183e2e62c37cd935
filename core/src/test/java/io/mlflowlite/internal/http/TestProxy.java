package io.mlflowlite.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy on a real loopback socket, for tests: {@code CONNECT host:port} opens a tunnel and a request
 * in absolute form ({@code POST http://host:port/path}) is forwarded. Whatever host is named, it connects to that
 * port on loopback, so a name that resolves nowhere proves the request went through the proxy. With a required
 * {@code Proxy-Authorization} value, a request without it gets 407. Records every request head it got.
 */
final class TestProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String requiredAuthorization;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TestProxy(String requiredAuthorization) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.requiredAuthorization = requiredAuthorization;
        Thread.ofVirtual().name("test-proxy").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The heads of the requests the proxy received (CONNECT or forwarded), in order. */
    List<String> heads() {
        return List.copyOf(heads);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            heads.add(head);
            if (requiredAuthorization != null
                    && !head.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n")) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                                + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            boolean connect = head.startsWith("CONNECT ");
            String authority = connect
                    ? target
                    : target.substring(target.indexOf("://") + 3).split("/", 2)[0];
            int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                sockets.add(upstream);
                if (connect) {
                    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else {
                    upstream.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                }
                Thread back = Thread.ofVirtual().start(() -> pipe(upstream, client));
                pipe(client, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // a test's connection ended
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended in the head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
