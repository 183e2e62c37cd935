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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/1.1 server for the client's tests, for what {@code MockLlmServer} does not script: exact bytes on the
 * wire and closing a kept-alive connection at a chosen moment. Each request's head (and Content-Length body) is
 * read and recorded with the connection it came on; the script answers it with raw bytes, and says whether to
 * close the connection afterwards. One virtual thread per connection.
 */
final class ScriptedServer implements AutoCloseable {
    /** What to do with one request. */
    record Answer(byte[] bytes, boolean closeAfter) {
        static Answer keepAlive(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        static Answer thenClose(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), true);
        }

        /** Read the request, answer nothing, close. */
        static Answer hangUp() {
            return new Answer(new byte[0], true);
        }
    }

    /** A request as received: the connection's number (from 0), its number on that connection, its head. */
    record Received(int connection, int onConnection, String head, String body) {}

    interface Script {
        Answer answer(Received request);
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch closedConnection = new CountDownLatch(1);

    ScriptedServer(Script script) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    }

    ScriptedServer(ServerSocket server, Script script) {
        this.server = server;
        this.script = script;
        Thread.ofVirtual().name("scripted-server").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until the server closed a connection after an answer that said so. */
    boolean awaitClosedConnection() throws InterruptedException {
        return closedConnection.await(30, TimeUnit.SECONDS);
    }

    private void accept() {
        for (int n = 0; !server.isClosed(); n++) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int connection = n;
                Thread.ofVirtual().start(() -> serve(socket, connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int n = 0; ; n++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String body = readBody(in, head);
                Received request = new Received(connection, n, head, body);
                received.add(request);
                Answer answer = script.answer(request);
                out.write(answer.bytes());
                out.flush();
                if (answer.closeAfter()) {
                    socket.close();
                    closedConnection.countDown();
                    return;
                }
            }
        } catch (IOException gone) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String readBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).strip());
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
