package io.mlflowlite.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted answer for {@link MockLlmServer}: a status, headers and a body that is either sent at once with a
 * {@code Content-Length}, or streamed as server-sent events with {@code Transfer-Encoding: chunked}, one flushed
 * chunk per event. Delays and {@linkplain Fault faults} make slow and broken upstreams.
 *
 * <pre>{@code
 * server.enqueue(MockResponse.json(429, body).header("retry-after", "2"));
 * server.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")).eventDelay(Duration.ofMillis(5)));
 * server.enqueue(MockResponse.sse(e1, e2, e3).truncateAfter(2));
 * server.enqueue(MockResponse.fault(Fault.RESET));
 * }</pre>
 *
 * <p>Immutable and thread-safe: every modifier returns a new instance, so one response can be enqueued many times.
 * Body text is sent as UTF-8.
 */
public final class MockResponse {

    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final String contentType;
    private final List<String> parts;
    private final boolean streamed;
    private final Duration headersDelay;
    private final Duration bodyDelay;
    private final Duration eventDelay;
    private final Fault fault;
    private final int faultAfterParts;

    private MockResponse(
            int status,
            List<Map.Entry<String, String>> headers,
            String contentType,
            List<String> parts,
            boolean streamed,
            Duration headersDelay,
            Duration bodyDelay,
            Duration eventDelay,
            Fault fault,
            int faultAfterParts) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.contentType = contentType;
        this.parts = List.copyOf(parts);
        this.streamed = streamed;
        this.headersDelay = headersDelay;
        this.bodyDelay = bodyDelay;
        this.eventDelay = eventDelay;
        this.fault = fault;
        this.faultAfterParts = faultAfterParts;
    }

    /**
     * A complete {@code application/json} response with a {@code Content-Length}.
     *
     * @param status an HTTP status code, 100 to 999 (529 and friends are fine)
     * @param body the JSON text, sent verbatim
     */
    public static MockResponse json(int status, String body) {
        return text(status, "application/json", body);
    }

    /**
     * A complete response of any content type with a {@code Content-Length}; useful for the HTML error pages and
     * other garbage that real upstreams and proxies return.
     *
     * @param status an HTTP status code, 100 to 999
     * @param contentType the {@code Content-Type} header value
     * @param body the body text, sent verbatim as UTF-8
     */
    public static MockResponse text(int status, String contentType, String body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits, was " + status);
        }
        requireHeaderValue(Objects.requireNonNull(contentType, "contentType"));
        Objects.requireNonNull(body, "body");
        return new MockResponse(
                status,
                List.of(),
                contentType,
                List.of(body),
                false,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                null,
                -1);
    }

    /**
     * A {@code 200 text/event-stream} response, chunked, that writes and flushes each argument as its own chunk.
     * Each argument is one complete event sent verbatim, so it carries its own terminating blank line, for example
     * {@code "data: {...}\n\n"}. After the last event the terminating chunk ends the body.
     *
     * @param events the events, in order; none gives an empty stream
     */
    public static MockResponse sse(String... events) {
        List<String> parts = new ArrayList<>();
        for (String event : events) {
            // An empty chunk would end the chunked body early.
            if (!Objects.requireNonNull(event, "event").isEmpty()) {
                parts.add(event);
            }
        }
        return new MockResponse(
                200,
                List.of(Map.entry("Cache-Control", "no-cache")),
                "text/event-stream",
                parts,
                true,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                null,
                -1);
    }

    /**
     * Like {@link #sse(String...)}, from a raw transcript as captured on the wire: the text is split into events
     * at blank lines ({@code \n\n}, {@code \r\n\r\n} or {@code \r\r}), each sent as its own chunk, and the bytes
     * sent are exactly the transcript's.
     *
     * @param transcript the raw {@code text/event-stream} body, for example from {@link Fixtures#text(String)}
     */
    public static MockResponse sseTranscript(String transcript) {
        return sse(SseTranscript.split(Objects.requireNonNull(transcript, "transcript"))
                .toArray(String[]::new));
    }

    /**
     * No response at all: the server reads the request, records it, then applies {@code fault} to the connection.
     * {@link #headersDelay(Duration)} postpones the fault; other modifiers do not apply.
     */
    public static MockResponse fault(Fault fault) {
        return new MockResponse(
                0,
                List.of(),
                null,
                List.of(),
                false,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Objects.requireNonNull(fault, "fault"),
                -1);
    }

    /**
     * Adds a response header. Headers are sent in the order added; one named {@code Content-Type},
     * {@code Content-Length}, {@code Transfer-Encoding} or {@code Connection} replaces the server's default, which
     * lets a test send a lying {@code Content-Length}. A {@code Connection: close} header makes the server close
     * the connection after this response.
     *
     * @throws IllegalArgumentException if the name or value would break the header framing
     */
    public MockResponse header(String name, String value) {
        requireAnswer("header");
        if (Objects.requireNonNull(name, "name").isEmpty() || !name.chars().allMatch(MockResponse::isTokenChar)) {
            throw new IllegalArgumentException("not a valid header name: '" + name + "'");
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, requireHeaderValue(Objects.requireNonNull(value, "value"))));
        return new MockResponse(
                status,
                more,
                contentType,
                parts,
                streamed,
                headersDelay,
                bodyDelay,
                eventDelay,
                fault,
                faultAfterParts);
    }

    /** Waits {@code delay} before writing the status line (or before applying a {@link #fault(Fault)}). */
    public MockResponse headersDelay(Duration delay) {
        return new MockResponse(
                status,
                headers,
                contentType,
                parts,
                streamed,
                requireDelay(delay),
                bodyDelay,
                eventDelay,
                fault,
                faultAfterParts);
    }

    /** Waits {@code delay} after the headers have been flushed and before the first body byte. */
    public MockResponse bodyDelay(Duration delay) {
        requireAnswer("bodyDelay");
        return new MockResponse(
                status,
                headers,
                contentType,
                parts,
                streamed,
                headersDelay,
                requireDelay(delay),
                eventDelay,
                fault,
                faultAfterParts);
    }

    /** Waits {@code delay} between two consecutive events of a streamed body (not before the first). */
    public MockResponse eventDelay(Duration delay) {
        requireAnswer("eventDelay");
        return new MockResponse(
                status,
                headers,
                contentType,
                parts,
                streamed,
                headersDelay,
                bodyDelay,
                requireDelay(delay),
                fault,
                faultAfterParts);
    }

    /**
     * Sends the headers and the first {@code events} events, then closes the connection without the terminating
     * chunk, so the client sees a body that ends early. Same as {@code faultAfter(events, Fault.DISCONNECT)}.
     */
    public MockResponse truncateAfter(int events) {
        return faultAfter(events, Fault.DISCONNECT);
    }

    /**
     * Sends the headers and the first {@code parts} body parts, then applies {@code fault} instead of finishing the
     * response. A part is one event of a streamed body; a complete body is a single part, so
     * {@code json(200, body).faultAfter(0, Fault.RESET)} sends headers with a {@code Content-Length} and no body.
     * {@code faultAfter(1, Fault.STALL)} on a stream holds every event after the first back, which shows that
     * events reach the client one by one, and makes an upstream that hangs mid-stream.
     *
     * @param parts how many body parts to send first, zero or more; more than there are sends them all
     */
    public MockResponse faultAfter(int parts, Fault fault) {
        requireAnswer("faultAfter");
        if (parts < 0) {
            throw new IllegalArgumentException("parts must not be negative, was " + parts);
        }
        return new MockResponse(
                status,
                headers,
                contentType,
                this.parts,
                streamed,
                headersDelay,
                bodyDelay,
                eventDelay,
                Objects.requireNonNull(fault, "fault"),
                parts);
    }

    /** A short description for failure messages, such as {@code "MockResponse[200 text/event-stream, 3 events]"}. */
    @Override
    public String toString() {
        if (status == 0) {
            return "MockResponse[fault " + fault + "]";
        }
        String body = streamed ? parts.size() + " events" : parts.getFirst().length() + " chars";
        String broken = fault == null ? "" : ", " + fault + " after " + faultAfterParts;
        return "MockResponse[" + status + " " + contentType + ", " + body + broken + "]";
    }

    /** 500 with an OpenAI-shaped error body, so adapters under test parse it and the message reaches the test. */
    static MockResponse serverError(String message) {
        var root = Json.MAPPER.createObjectNode();
        root.putObject("error").put("message", "MockLlmServer: " + message).put("type", "mock_llm_server_error");
        return json(500, root.toString());
    }

    int status() {
        return status;
    }

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    String contentType() {
        return contentType;
    }

    List<String> parts() {
        return parts;
    }

    boolean streamed() {
        return streamed;
    }

    Duration headersDelay() {
        return headersDelay;
    }

    Duration bodyDelay() {
        return bodyDelay;
    }

    Duration eventDelay() {
        return eventDelay;
    }

    /** The fault to apply, or {@code null} when the response completes normally. */
    Fault fault() {
        return fault;
    }

    /** How many body parts precede the fault; {@code -1} when the fault replaces the whole response. */
    int faultAfterParts() {
        return faultAfterParts;
    }

    boolean hasHeader(String name) {
        return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
    }

    boolean closesConnection() {
        return headers.stream()
                .anyMatch(h -> h.getKey().equalsIgnoreCase("connection")
                        && h.getValue().toLowerCase(Locale.ROOT).contains("close"));
    }

    private void requireAnswer(String modifier) {
        if (status == 0) {
            throw new IllegalStateException(
                    modifier + "(...) does not apply to fault(" + fault + "), which sends no response");
        }
    }

    private static Duration requireDelay(Duration delay) {
        if (Objects.requireNonNull(delay, "delay").isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        return delay;
    }

    private static String requireHeaderValue(String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header values must not contain CR or LF: '" + value + "'");
        }
        return value;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
