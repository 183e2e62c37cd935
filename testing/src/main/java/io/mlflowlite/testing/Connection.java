package io.mlflowlite.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Serves the requests of one accepted socket, one after the other, on a thread of its own. */
final class Connection implements Runnable {

    private final Socket socket;
    private final MockLlmServer server;
    private final Thread thread;

    Connection(Socket socket, MockLlmServer server, String threadName) {
        this.socket = socket;
        this.server = server;
        this.thread = Thread.ofVirtual().name(threadName).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Closes the socket, which unblocks reads and writes, and interrupts a dispatcher that may be waiting. */
    void close() {
        closeQuietly();
        thread.interrupt();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            serve(new RequestReader(in), new ResponseWriter(out, server.closedSignal()), in);
        } catch (IOException e) {
            // The client went away or the server is closing: the exchange is over and nobody is waiting for it.
        } finally {
            closeQuietly();
            server.forget(this);
        }
    }

    private void serve(RequestReader reader, ResponseWriter writer, InputStream in) throws IOException {
        for (int sequence = 0; ; sequence++) {
            RequestHead head;
            byte[] body;
            try {
                head = reader.readHead();
                if (head == null) {
                    return;
                }
                if (head.expectsContinue()) {
                    writer.writeContinue();
                }
                body = reader.readBody(head);
            } catch (ProtocolException e) {
                writer.write(MockResponse.text(400, "text/plain", "MockLlmServer: " + e.getMessage()), false, true);
                return;
            }
            RecordedRequest request = new RecordedRequest(
                    head.method(), head.target(), head.headers(), new String(body, StandardCharsets.UTF_8), sequence);
            server.record(request);
            MockResponse response = server.responseFor(request);
            boolean closeAfter = head.wantsClose() || response.closesConnection();
            Fault fault = writer.write(response, head.method().equals("HEAD"), closeAfter);
            if (fault != null) {
                apply(fault, in);
                return;
            }
            if (closeAfter) {
                return;
            }
        }
    }

    private void apply(Fault fault, InputStream in) throws IOException {
        switch (fault) {
            case RESET -> {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            case DISCONNECT -> {
                // FIN right after what was sent, even if unread request bytes would turn a plain close into a RST.
                socket.shutdownOutput();
                socket.close();
            }
            // Returns when the client closes its end, or throws when the server closes the socket.
            case STALL -> in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Already broken; closing was the point.
        }
    }
}
