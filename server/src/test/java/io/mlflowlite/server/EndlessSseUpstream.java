package io.mlflowlite.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-like upstream for one streamed request that never ends on its own: it sends a content chunk every
 * few milliseconds until the gateway hangs up, and records that it did. MockLlmServer plays every finite
 * upstream; this one exists to observe the cancellation itself, at the socket.
 */
final class EndlessSseUpstream implements AutoCloseable {
    private static final String CHUNK =
            "{\"id\":\"chatcmpl-endless\",\"object\":\"chat.completion.chunk\",\"created\":1745924250,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}";

    private final ServerSocket listener;
    private final CountDownLatch hungUp = new CountDownLatch(1);
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private final boolean keepalivesAfterFirst;

    EndlessSseUpstream() {
        this(false);
    }

    /**
     * @param keepalivesAfterFirst after the first content chunk send only {@code : keepalive} comments, as a
     *                             stalled model behind a proxy that keeps the connection warm does
     */
    EndlessSseUpstream(boolean keepalivesAfterFirst) {
        this.keepalivesAfterFirst = keepalivesAfterFirst;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofVirtual().start(this::serveOne);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
    }

    /** Whether the gateway closed the upstream connection. */
    boolean hungUp() {
        return hungUp.getCount() == 0;
    }

    int eventsSent() {
        return sent.get();
    }

    private void serveOne() {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            skipRequest(in);
            Thread.ofVirtual().start(() -> awaitEof(in));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            while (hungUp.getCount() > 0) {
                byte[] event = (keepalivesAfterFirst && sent.get() > 0 ? ": keepalive\n\n" : "data: " + CHUNK + "\n\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(event);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sent.incrementAndGet();
                Thread.sleep(20); // the pace of a slow model, not a wait for a condition
            }
        } catch (IOException e) {
            hungUp.countDown(); // writing to a connection the gateway closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitEof(InputStream in) {
        try {
            while (in.read() != -1) {
                // the gateway sends nothing more after its request
            }
        } catch (IOException e) {
            // reset: hung up as well
        }
        hungUp.countDown();
    }

    /** Reads the request head and its Content-Length body. */
    private static void skipRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        thread.interrupt();
    }
}
