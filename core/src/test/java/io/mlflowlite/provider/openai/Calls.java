package io.mlflowlite.provider.openai;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Deployments and calls pointed at a {@link MockLlmServer}, for the adapter tests. */
final class Calls {
    static final String KEY = "sk-test-5f2a9c";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Calls() {}

    static OpenAiProvider provider() {
        return new OpenAiProvider(HttpTransport.fromEnv(System.getenv()));
    }

    static Deployment openai(MockLlmServer server, String model) {
        return deployment(server, "openai", model, KEY);
    }

    static Deployment deployment(MockLlmServer server, String provider, String model, String key) {
        return deployment(server, provider, model, key, Map.of());
    }

    static Deployment deployment(
            MockLlmServer server, String provider, String model, String key, Map<String, String> headers) {
        return new Deployment(
                provider + "/" + model, provider, "openai", model, URI.create(server.url("/v1")), key, headers, null);
    }

    static ProviderCall call(ChatRequest request, Deployment deployment) {
        return call(request, deployment, TIMEOUT);
    }

    static ProviderCall call(ChatRequest request, Deployment deployment, Duration timeout) {
        return new ProviderCall(
                request, deployment, timeout, Deadline.after(TimeSource.SYSTEM, Duration.ofSeconds(30)));
    }
}
