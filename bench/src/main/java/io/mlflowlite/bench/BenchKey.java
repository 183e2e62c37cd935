package io.mlflowlite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The virtual API key the bench sends through the gateway, created the way an operator would: {@code POST
 * /admin/keys} with the admin key. The key has no rpm, tpm or budget, so each request pays for the key check
 * (hash, cached lookup, allowed endpoints) and no usage counter is written.
 */
final class BenchKey {
    private BenchKey() {}

    /** Creates a key named {@code bench} on the gateway at {@code baseUrl}; returns its secret. */
    static String create(String baseUrl, String adminKey) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/admin/keys"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + adminKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = new ObjectMapper().readTree(response.body());
            if (response.statusCode() != 201 || !json.path("key").isTextual()) {
                throw new IOException(
                        "Creating the bench's API key answered " + response.statusCode() + ": " + response.body());
            }
            return json.get("key").asText();
        }
    }
}
