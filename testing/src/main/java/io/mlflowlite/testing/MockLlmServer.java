package io.mlflowlite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake LLM upstream on a real socket: an HTTP/1.1 server on {@code 127.0.0.1} that answers with
 * {@linkplain #enqueue(MockResponse) enqueued} responses, in order, and records every request it receives.
 *
 * <pre>{@code
 * try (MockLlmServer upstream = MockLlmServer.start()) {
 *     upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
 *     // point the code under test at upstream.url("/v1") and call it
 *     RecordedRequest request = upstream.takeRequest();
 *     assertThat(request.header("authorization")).hasValue("Bearer sk-test");
 * }
 * }</pre>
 *
 * <p>When no response is enqueued and no {@link Dispatcher} is set, the server answers {@code 500} with a JSON body
 * that says so, so that a test fails loudly instead of hanging.
 *
 * <p>HTTP: keep-alive connections serve several requests; request bodies may be sized or chunked;
 * {@code Expect: 100-continue} is answered with {@code 100 Continue}; an {@code Upgrade: h2c} offer is ignored and
 * the answer is HTTP/1.1. Each connection is served on its own virtual thread.
 *
 * <p>Thread-safe: tests may enqueue, set a dispatcher and take requests from any thread, also while requests are in
 * flight.
 */
public final class MockLlmServer implements AutoCloseable {

    private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final ServerSocket serverSocket;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Queue<MockResponse> responses = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Thread acceptor;
    private volatile Dispatcher dispatcher;

    private MockLlmServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptor =
                Thread.ofVirtual().name("MockLlmServer-" + port() + "-accept").start(this::acceptLoop);
    }

    /**
     * Starts a server on {@code 127.0.0.1} and an ephemeral port; it accepts connections when this returns.
     *
     * @throws UncheckedIOException if no port can be bound
     */
    public static MockLlmServer start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new MockLlmServer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("MockLlmServer could not bind a port on 127.0.0.1", e);
        }
    }

    /** The port this server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The base URL, {@code "http://127.0.0.1:PORT"}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The URL of {@code path} on this server, for example {@code url("/v1")}; a missing leading slash is added. */
    public String url(String path) {
        return url() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Appends {@code response} to the queue; each request takes the oldest queued response. Never blocks. */
    public void enqueue(MockResponse response) {
        responses.add(Objects.requireNonNull(response, "response"));
    }

    /**
     * Answers every following request with {@code dispatcher} instead of the queue; {@code null} goes back to the
     * queue. Requests already being answered are not affected.
     */
    public void setDispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * Removes and returns the oldest recorded request, waiting up to 5 seconds for one to arrive.
     *
     * @throws IllegalStateException if none arrives in time; the message says how many requests were seen
     */
    public RecordedRequest takeRequest() {
        return takeRequest(DEFAULT_TAKE_TIMEOUT);
    }

    /**
     * Removes and returns the oldest recorded request, waiting up to {@code timeout} for one to arrive. Requests are
     * recorded in the order their bodies were fully read, before they are answered.
     *
     * @throws IllegalStateException if none arrives in time, or the waiting thread is interrupted
     */
    public RecordedRequest takeRequest(Duration timeout) {
        try {
            RecordedRequest request = requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (request == null) {
                int seen = requestCount.get();
                throw new IllegalStateException("MockLlmServer received no request within " + timeout + " (" + seen
                        + (seen == 1 ? " request" : " requests") + " received in total, all already taken)");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a request to MockLlmServer", e);
        }
    }

    /** How many requests this server has received so far, taken or not. */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * Stops accepting, closes every open connection (a client mid-exchange sees an I/O error), cuts short every
     * delay and {@link Fault#STALL}, and waits up to 5 seconds for the connection threads to end. Idempotent.
     * Recorded requests stay available to {@link #takeRequest()}.
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        try {
            serverSocket.close();
        } catch (IOException e) {
            // Not accepting any more is all that matters.
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        try {
            // The acceptor first, so no connection it accepted can escape the sweep below.
            acceptor.join(CLOSE_GRACE.toMillis());
            List<Connection> open = List.copyOf(connections);
            open.forEach(Connection::close);
            for (Connection connection : open) {
                connection.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code "MockLlmServer[http://127.0.0.1:PORT]"}. */
    @Override
    public String toString() {
        return "MockLlmServer[" + url() + "]";
    }

    CountDownLatch closedSignal() {
        return closed;
    }

    void record(RecordedRequest request) {
        requestCount.incrementAndGet();
        requests.add(request);
    }

    MockResponse responseFor(RecordedRequest request) {
        String exchange = request.method() + " " + request.target();
        Dispatcher current = dispatcher;
        if (current == null) {
            MockResponse next = responses.poll();
            return next != null
                    ? next
                    : MockResponse.serverError("no response enqueued for " + exchange
                            + "; call enqueue(...) or setDispatcher(...) before sending the request");
        }
        try {
            MockResponse response = current.dispatch(request);
            return response != null ? response : MockResponse.serverError("dispatcher returned null for " + exchange);
        } catch (RuntimeException | AssertionError e) {
            return MockResponse.serverError("dispatcher failed on " + exchange + ": " + e);
        }
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    private void acceptLoop() {
        while (closed.getCount() > 0) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            Connection connection = new Connection(
                    socket, this, "MockLlmServer-" + port() + "-connection-" + connectionCount.incrementAndGet());
            connections.add(connection);
            if (closed.getCount() == 0) {
                connection.close();
                return;
            }
            connection.start();
        }
    }
}
