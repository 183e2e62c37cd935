package io.mlflowlite.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MlflowliteException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Exchanges on the JDK {@link HttpClient} (HTTP/2 where the server offers it over TLS). Every wait is bounded by
 * the timeout given; on timeout the exchange is cancelled so no connection or thread is left behind.
 */
final class JdkExchanges implements Exchanges {
    private final HttpClient client;
    private final boolean owned;

    /** @param owned whether {@link #close()} closes the client (a caller's shared client is left open) */
    JdkExchanges(HttpClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    @Override
    public HttpReply postJson(String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
        return send(provider, request(uri, headers, timeout).POST(bodyOf(body)).build(), timeout);
    }

    @Override
    public HttpReply get(String provider, URI uri, Map<String, String> headers, Duration timeout) {
        return send(provider, request(uri, headers, timeout).GET().build(), timeout);
    }

    @Override
    public SseConnection postSse(
            String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
        HttpRequest request = request(uri, headers, timeout)
                .setHeader("Accept", "text/event-stream")
                .POST(bodyOf(body))
                .build();
        JdkSseLines lines = new JdkSseLines();
        SseConnection connection = new SseConnection(provider, lines);
        CompletableFuture<HttpResponse<Object>> future = client.sendAsync(request, info -> {
            if (info.statusCode() / 100 == 2) {
                return lines.subscriber(connection);
            }
            return HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), text -> (Object) text);
        });
        HttpResponse<Object> response = await(provider, future, timeout);
        if (response.statusCode() / 100 != 2) {
            throw ProviderErrors.fromResponse(
                    provider, response.statusCode(), response.headers(), (String) response.body());
        }
        return connection;
    }

    private HttpReply send(String provider, HttpRequest request, Duration timeout) {
        HttpResponse<String> response = await(
                provider,
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
                timeout);
        if (response.statusCode() / 100 != 2) {
            throw ProviderErrors.fromResponse(provider, response.statusCode(), response.headers(), response.body());
        }
        return new HttpReply(response.statusCode(), response.headers(), response.body());
    }

    private static HttpRequest.Builder request(URI uri, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout.isPositive() ? timeout : Duration.ofMillis(1))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if ("http".equals(uri.getScheme())) {
            // local servers (Ollama, vLLM, LM Studio, test doubles) speak HTTP/1.1 only; skip the h2c upgrade
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        headers.forEach(builder::setHeader);
        return builder;
    }

    private static HttpRequest.BodyPublisher bodyOf(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    }

    private static <T> T await(String provider, CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AttemptTimeoutException(provider, timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while waiting for " + provider, e);
        } catch (ExecutionException e) {
            throw HttpTransport.mapFailure(provider, timeout, e.getCause());
        }
    }

    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }
}
