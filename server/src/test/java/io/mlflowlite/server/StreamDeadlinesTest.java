package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream whose upstream sends one chunk and then only keepalive comments ends at the call's timeout, whether
 * the client stays (it gets the timeout as an error event) or left (the upstream call is cancelled, its socket and
 * the in-flight count freed).
 */
class StreamDeadlinesTest {
    private static final String STREAM =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true," + "\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";

    private static TestServer serverBehind(EndlessSseUpstream upstream) {
        return TestServer.start(
                g -> g.env(Map.of("OPENAI_API_KEY", "sk-upstream-test", "OPENAI_BASE_URL", upstream.url()))
                        .timeout(Duration.ofMillis(500)),
                s -> {});
    }

    @Test
    void keepalivesDoNotKeepAStreamPastItsTimeout() {
        try (EndlessSseUpstream upstream = new EndlessSseUpstream(true);
                TestServer s = serverBehind(upstream)) {
            String events = s.post("/v1/chat/completions", STREAM).body();

            assertThat(events).contains("tick").contains("\"upstream_timeout\"").doesNotContain("[DONE]");
            TestServer.await("the gateway to hang up on the upstream", Duration.ofSeconds(10), upstream::hungUp);
        }
    }

    @Test
    void aClientLeavingAKeepaliveOnlyStreamFreesTheUpstreamAndTheInFlightCount() throws Exception {
        try (EndlessSseUpstream upstream = new EndlessSseUpstream(true);
                TestServer s = serverBehind(upstream)) {
            try (Socket client = new Socket("127.0.0.1", s.server.port())) {
                byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                assertThat(readUntil(client.getInputStream(), "tick")).startsWith("HTTP/1.1 200");
            }

            TestServer.await("the gateway to hang up on the upstream", Duration.ofSeconds(10), upstream::hungUp);
            TestServer.await(
                    "no request in flight",
                    Duration.ofSeconds(10),
                    () -> s.metric("mlflowlite_http_requests_in_flight").orElse(-1.0) == 0.0);
        }
    }

    private static String readUntil(InputStream in, String end) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.IOException("ended before " + end + ": " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }
}
