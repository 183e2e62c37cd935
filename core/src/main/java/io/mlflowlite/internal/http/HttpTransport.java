package io.mlflowlite.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.AttemptTimeoutException;
import io.mlflowlite.ConnectionException;
import io.mlflowlite.MlflowliteException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JSON-over-HTTP for the provider adapters, on the JDK {@link HttpClient}. Every wait is bounded by the
 * timeout given; on timeout the exchange is cancelled so no connection or thread is left behind. Failures
 * become typed exceptions: {@link AttemptTimeoutException}, {@link ConnectionException}, and
 * {@link io.mlflowlite.ProviderException} (via {@link ProviderErrors}) for non-2xx answers. Thread-safe.
 */
public final class HttpTransport {
    private final HttpClient client;

    public HttpTransport(HttpClient client) {
        this.client = client;
    }

    /** A client with sensible defaults: 10 s connect timeout, redirects never followed. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** POSTs {@code body} as JSON and returns the 2xx reply; non-2xx answers throw. */
    public HttpReply postJson(String provider, URI uri, Map<String, String> headers, JsonNode body,
            Duration timeout) {
        return send(provider, request(uri, headers, timeout).POST(bodyOf(body)).build(), timeout);
    }

    /** GETs {@code uri} and returns the 2xx reply; non-2xx answers throw. */
    public HttpReply get(String provider, URI uri, Map<String, String> headers, Duration timeout) {
        return send(provider, request(uri, headers, timeout).GET().build(), timeout);
    }

    /**
     * POSTs {@code body} and returns the open event stream once 2xx headers arrived (within {@code timeout});
     * a non-2xx answer is read whole and thrown.
     */
    public SseConnection postSse(String provider, URI uri, Map<String, String> headers, JsonNode body,
            Duration timeout) {
        HttpRequest request = request(uri, headers, timeout).setHeader("Accept", "text/event-stream")
                .POST(bodyOf(body)).build();
        SseConnection connection = new SseConnection(provider);
        CompletableFuture<HttpResponse<Object>> future = client.sendAsync(request, info -> {
            if (info.statusCode() / 100 == 2) {
                return connection.subscriber();
            }
            return HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), text -> (Object) text);
        });
        HttpResponse<Object> response = await(provider, future, timeout);
        if (response.statusCode() / 100 != 2) {
            throw ProviderErrors.fromResponse(provider, response.statusCode(), response.headers(),
                    (String) response.body());
        }
        return connection;
    }

    private HttpReply send(String provider, HttpRequest request, Duration timeout) {
        HttpResponse<String> response = await(provider,
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), timeout);
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
            throw mapFailure(provider, timeout, e.getCause());
        }
    }

    /** Maps an I/O failure of {@code provider} to the exception type the pipeline decides on. */
    public static MlflowliteException mapFailure(String provider, Duration timeout, Throwable failure) {
        if (failure instanceof MlflowliteException known) {
            return known;
        }
        if (failure instanceof HttpTimeoutException) {
            return new AttemptTimeoutException(provider, timeout, failure);
        }
        if (failure instanceof ConnectException) {
            return new ConnectionException("Cannot connect to " + provider + ": " + failure, failure);
        }
        if (failure instanceof IOException) {
            return new ConnectionException("Connection to " + provider + " failed: " + failure, failure);
        }
        return new MlflowliteException("Request to " + provider + " failed: " + failure, failure);
    }
}
