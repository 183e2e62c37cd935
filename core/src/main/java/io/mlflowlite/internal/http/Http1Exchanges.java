package io.mlflowlite.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exchanges on the blocking {@link Http1Client}: the caller's thread writes the request and reads the answer,
 * with the same timeout, failure and header semantics as {@link JdkExchanges}: the timeout bounds the whole
 * exchange (the head and the body of a JSON answer; the head of an event stream, then each line gets the wait
 * its reader gives); {@code Content-Type} and {@code Accept} default to JSON and the caller's headers replace
 * them whatever their case.
 */
final class Http1Exchanges implements Exchanges {
    private final Http1Client client;

    Http1Exchanges(Http1Client client) {
        this.client = client;
    }

    @Override
    public HttpReply postJson(String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
        return complete(provider, "POST", uri, headers(headers, "application/json"), bytes(body), timeout);
    }

    @Override
    public HttpReply get(String provider, URI uri, Map<String, String> headers, Duration timeout) {
        return complete(provider, "GET", uri, headers(headers, "application/json"), null, timeout);
    }

    @Override
    public SseConnection postSse(
            String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
        Map<String, String> all = headers(headers, "application/json");
        all.put("Accept", "text/event-stream");
        long deadline = Http1Client.deadline(timeout);
        Http1Response response = null;
        try {
            response = client.send("POST", uri, all, bytes(body), deadline);
            if (response.status() / 100 != 2) {
                String text = new String(response.readAll(deadline), StandardCharsets.UTF_8);
                throw ProviderErrors.fromResponse(provider, response.status(), response.headers(), text);
            }
            return new SseConnection(provider, new Http1SseLines(response));
        } catch (IOException e) {
            if (response != null) {
                response.abort();
            }
            throw failure(provider, timeout, e);
        }
    }

    private HttpReply complete(
            String provider, String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        long deadline = Http1Client.deadline(timeout);
        Http1Response response = null;
        try {
            response = client.send(method, uri, headers, body, deadline);
            byte[] bytes = response.readAll(deadline);
            if (response.status() / 100 != 2) {
                throw ProviderErrors.fromResponse(
                        provider, response.status(), response.headers(), new String(bytes, StandardCharsets.UTF_8));
            }
            return new HttpReply(response.status(), response::headers, bytes);
        } catch (IOException e) {
            if (response != null) {
                response.abort();
            }
            throw failure(provider, timeout, e);
        }
    }

    /** The JSON defaults, then the caller's headers, one value per name whatever its case (the last wins). */
    private static Map<String, String> headers(Map<String, String> given, String accept) {
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.put("Content-Type", "application/json");
        all.put("Accept", accept);
        all.putAll(given);
        return all;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Request body is not writable JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The exception the pipeline decides on, as the JDK client's failures map. */
    private static MlflowliteException failure(String provider, Duration timeout, IOException e) {
        if (e instanceof ClosedByInterruptException
                || Thread.currentThread().isInterrupted()
                || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException))) {
            Thread.currentThread().interrupt();
            return new MlflowliteException("Interrupted while waiting for " + provider, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new AttemptTimeoutException(provider, timeout, e);
        }
        return HttpTransport.mapFailure(provider, timeout, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
