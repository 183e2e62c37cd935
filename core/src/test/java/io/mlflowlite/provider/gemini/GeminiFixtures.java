package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.RecordedRequest;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** What the Gemini adapter tests share: the adapter, a deployment on the mock upstream, fixtures. */
final class GeminiFixtures {
    static final String API_KEY = "AIzaSyTEST-not-a-real-key-0123456789";
    static final GeminiProvider GEMINI = new GeminiProvider(HttpTransport.fromEnv(System.getenv()));

    private GeminiFixtures() {}

    static Deployment deployment(MockLlmServer server, String model) {
        return new Deployment(
                "gemini/" + model,
                "gemini",
                "gemini",
                model,
                URI.create(server.url("/v1beta")),
                API_KEY,
                Map.of("x-deployment", "eu-1"),
                null);
    }

    static ProviderCall call(ChatRequest request, Deployment deployment) {
        return call(request, deployment, Duration.ofSeconds(10));
    }

    static ProviderCall call(ChatRequest request, Deployment deployment, Duration timeout) {
        return new ProviderCall(
                request, deployment, timeout, Deadline.after(TimeSource.SYSTEM, Duration.ofSeconds(30)));
    }

    static String text(String fixture) {
        return Fixtures.text("gemini/" + fixture);
    }

    /** A fixture as a mutable tree, for cases that vary one field of a real answer. */
    static ObjectNode tree(String fixture) {
        return (ObjectNode) Json.read(text(fixture));
    }

    /** The body sent, parsed by the same mapper as {@link #json(String)} so numbers compare equal. */
    static JsonNode body(RecordedRequest request) {
        return Json.read(request.body());
    }

    static JsonNode json(String text) {
        return Json.read(text);
    }
}
