package io.mlflowlite.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.openai.OpenAiWire;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Coverage-guided fuzzing of the reader of upstream event streams: an upstream's bytes, split into lines
 * ({@link JdkSseLines}), assembled into events ({@link SseConnection}) and each event's data decoded as an OpenAI
 * {@code chat.completion.chunk} ({@link OpenAiWire#parseChunk}). Whatever an upstream sends, reading it either
 * yields events or fails with {@link MalformedResponseException}; and how the bytes were cut into network reads
 * never changes what is read. In {@code ./test} this runs over the seeds in {@code SseReaderFuzzTestInputs/read/};
 * {@code bench/run fuzz sse} fuzzes it.
 */
class SseReaderFuzzTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @FuzzTest(maxDuration = "60s")
    void read(byte[] stream) {
        List<Object> whole = events(stream, Math.max(1, stream.length));
        // the same bytes in reads of 1 to 8 bytes, so a CR, an LF or a CRLF falls on every possible boundary
        int piece = stream.length == 0 ? 1 : 1 + (stream[stream.length - 1] & 7);
        assertThat(events(stream, piece))
                .as("read in pieces of %d bytes", piece)
                .isEqualTo(whole);
        for (Object item : whole) {
            if (item instanceof SseEvent event) {
                decode(event);
            }
        }
    }

    /** What {@link SseConnection} reads from {@code stream} delivered in reads of {@code piece} bytes. */
    private static List<Object> events(byte[] stream, int piece) {
        JdkSseLines lines = new JdkSseLines();
        SseConnection connection = new SseConnection("fuzz", lines);
        HttpResponse.BodySubscriber<Object> subscriber = lines.subscriber(connection);
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        for (int at = 0; at < stream.length; at += piece) {
            byte[] read = Arrays.copyOfRange(stream, at, Math.min(stream.length, at + piece));
            subscriber.onNext(List.of(ByteBuffer.wrap(read)));
        }
        subscriber.onComplete();
        List<Object> read = new ArrayList<>();
        try {
            for (SseEvent event = connection.next(WAIT); event != null; event = connection.next(WAIT)) {
                read.add(event);
            }
        } catch (MalformedResponseException e) {
            read.add("malformed: " + e.getMessage());
        }
        read.add("stray: " + connection.takeStrayText());
        return read;
    }

    /** What the OpenAI adapter does with one event's data: a chunk, or a malformed response. */
    private static void decode(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        try {
            JsonNode node = Json.parse(data, "fuzz");
            if (!node.hasNonNull("error")) {
                var unused = OpenAiWire.parseChunk(node);
            }
        } catch (MalformedResponseException expected) {
            // the documented answer to data that is not a chunk
        }
    }
}
