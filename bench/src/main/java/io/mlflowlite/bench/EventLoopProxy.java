package io.mlflowlite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The other I/O model, for {@code bench/run floor}: one thread and one {@link Selector} own every client and
 * upstream socket, so a request is never handed from one thread to another. Each {@code POST
 * /v1/chat/completions} body is parsed as JSON and written again (the work {@link FloorProxy} does), sent on a
 * pooled keep-alive upstream connection, and the reply's body goes back to the client. Only what the bench sends
 * is handled (HTTP/1.1 with {@code Content-Length}, one request at a time per connection); it is a measuring
 * stick, not a server.
 */
public final class EventLoopProxy {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final InetSocketAddress upstream;
    private final String upstreamHead;
    private final ArrayDeque<Upstream> idle = new ArrayDeque<>();

    private EventLoopProxy(Selector selector, InetSocketAddress upstream) {
        this.selector = selector;
        this.upstream = upstream;
        this.upstreamHead = "POST " + MockUpstream.PATH + " HTTP/1.1\r\nHost: " + upstream.getHostString() + ":"
                + upstream.getPort() + "\r\nAuthorization: Bearer sk-bench-not-a-real-key\r\n"
                + "Content-Type: application/json\r\nContent-Length: ";
    }

    /** {@code UPSTREAM_BASE_URL}; prints {@code event-loop proxy listening on http://…} once bound. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EventLoopProxy UPSTREAM_BASE_URL   e.g. EventLoopProxy http://127.0.0.1:4001");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("event-loop proxy listening on http://127.0.0.1:"
                + ((InetSocketAddress) server.getLocalAddress()).getPort());
        new EventLoopProxy(selector, new InetSocketAddress(uri.getHost(), uri.getPort())).run(server);
    }

    private void run(ServerSocketChannel server) throws IOException {
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(server);
                    } else if (key.attachment() instanceof Connection connection) {
                        connection.ready(key);
                    }
                } catch (IOException | RuntimeException e) {
                    if (key.attachment() instanceof Connection connection) {
                        connection.fail();
                    }
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        for (SocketChannel channel = server.accept(); channel != null; channel = server.accept()) {
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            Client client = new Client(channel);
            client.key = channel.register(selector, SelectionKey.OP_READ, client);
        }
    }

    /** A socket with a buffer of bytes read and a buffer of bytes still to write. */
    private abstract static class Connection {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(BUFFER);
        ByteBuffer out;
        SelectionKey key;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        abstract void ready(SelectionKey key) throws IOException;

        abstract void fail();

        /** Writes what it can of {@code bytes}; the rest goes out when the socket takes more. */
        void send(ByteBuffer bytes) throws IOException {
            out = bytes;
            flush();
        }

        /** True once everything queued is written. */
        boolean flush() throws IOException {
            channel.write(out);
            boolean done = !out.hasRemaining();
            key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
            return done;
        }

        /** Reads what has arrived; returns the complete message's body once head and body are in, else null. */
        byte[] readMessage() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("closed by the peer");
            }
            int head = indexOf(in, END_OF_HEAD);
            if (head < 0) {
                return null;
            }
            int length = contentLength(new String(in.array(), 0, head, StandardCharsets.US_ASCII));
            int start = head + END_OF_HEAD.length;
            if (in.position() < start + length) {
                return null;
            }
            byte[] body = java.util.Arrays.copyOfRange(in.array(), start, start + length);
            in.clear(); // one message at a time on a connection: nothing follows it yet
            return body;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with it
            }
        }
    }

    private final class Client extends Connection {
        Client(SocketChannel channel) {
            super(channel);
        }

        @Override
        void ready(SelectionKey key) throws IOException {
            if (key.isWritable()) {
                flush();
                return;
            }
            byte[] body = readMessage();
            if (body != null) {
                JsonNode request = Json.parse(body, "the client");
                byte[] json = Json.MAPPER.writeValueAsBytes(request);
                upstream().forward(this, message(upstreamHead, json));
            }
        }

        void answer(byte[] body) throws IOException {
            send(message("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ", body));
        }

        @Override
        void fail() {
            close();
        }
    }

    private final class Upstream extends Connection {
        private Client client;
        private boolean connected;

        Upstream(SocketChannel channel) {
            super(channel);
        }

        void forward(Client from, ByteBuffer request) throws IOException {
            client = from;
            out = request;
            if (connected) {
                flush();
            }
        }

        @Override
        void ready(SelectionKey key) throws IOException {
            if (key.isConnectable()) {
                channel.finishConnect();
                connected = true;
                flush();
            } else if (key.isWritable()) {
                flush();
            } else {
                byte[] body = readMessage();
                if (body != null) {
                    Client answered = client;
                    client = null;
                    idle.push(this);
                    answered.answer(body);
                }
            }
        }

        @Override
        void fail() {
            close();
            idle.remove(this);
            if (client != null) {
                client.close();
            }
        }
    }

    private Upstream upstream() throws IOException {
        Upstream pooled = idle.poll();
        if (pooled != null) {
            return pooled;
        }
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        Upstream fresh = new Upstream(channel);
        fresh.connected = channel.connect(upstream);
        fresh.key = channel.register(selector, fresh.connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, fresh);
        return fresh;
    }

    private static ByteBuffer message(String head, byte[] body) {
        byte[] start = (head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(start.length + body.length)
                .put(start)
                .put(body)
                .flip();
    }

    private static int indexOf(ByteBuffer buffer, byte[] needle) {
        byte[] bytes = buffer.array();
        outer:
        for (int i = 0; i + needle.length <= buffer.position(); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }
}
