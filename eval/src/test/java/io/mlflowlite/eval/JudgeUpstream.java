package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.ManualClock;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Tracing;
import java.time.Instant;
import java.util.Map;

/** A fake OpenAI upstream playing the judge model, and a gateway pointed at it (backoff on a clock that never waits). */
final class JudgeUpstream implements AutoCloseable {
    static final String MODEL = "openai/gpt-4o-mini";

    final MockLlmServer server = MockLlmServer.start();
    final Gateway gateway = Gateway.builder()
            .env(Map.of("OPENAI_API_KEY", "sk-test-judge", "OPENAI_BASE_URL", server.url("/v1")))
            .tracing(Tracing.builder().enabled(false).build())
            .timeSource(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))
            .build();

    static MockResponse answer(String fixture) {
        return MockResponse.json(200, Fixtures.text("eval/" + fixture));
    }

    /** A judge answer saying {@code verdict} with {@code rationale}, in the judge-yes.json wire shape. */
    static MockResponse verdict(String verdict, String rationale) {
        ObjectNode body = (ObjectNode) Json.read(Fixtures.text("eval/judge-yes.json"));
        ((ObjectNode) body.at("/choices/0/message"))
                .put(
                        "content",
                        Json.object()
                                .put("rationale", rationale)
                                .put("result", verdict)
                                .toString());
        return MockResponse.json(200, body.toString());
    }

    @Override
    public void close() {
        gateway.close();
        server.close();
    }
}
