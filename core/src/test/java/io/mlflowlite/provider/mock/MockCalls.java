package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Builds calls to the mock provider the way the pipeline does. */
final class MockCalls {
    private MockCalls() {}

    /** The bundled models, made instant so tests never wait on simulated latency. */
    static MockProvider instantProvider() {
        return new MockProvider(MockModels.bundled().withLatencyScale(0));
    }

    static Deployment deployment(String model) {
        return new Deployment("mock/" + model, "mock", "mock", model, URI.create("mock://local"), null, Map.of(), null);
    }

    static ProviderCall call(String model, ChatRequest request) {
        return call(model, request, Duration.ofSeconds(30));
    }

    static ProviderCall call(String model, ChatRequest request, Duration timeout) {
        return new ProviderCall(
                request, deployment(model), timeout, Deadline.after(TimeSource.SYSTEM, Duration.ofSeconds(30)));
    }

    static ChatRequest ask(String question, Long seed) {
        return ChatRequest.builder()
                .model("mock/x")
                .addUserMessage(question)
                .seed(seed)
                .build();
    }

    /** The problems {@code value} has against the JSON Schema {@code schema} (draft 2020-12); empty when valid. */
    static Set<ValidationMessage> schemaProblems(JsonNode schema, JsonNode value) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema)
                .validate(value);
    }

    static JsonNode json(String text) {
        return Json.read(text);
    }
}
