package io.mlflowlite.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.internal.http.HttpReply;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The floor under the gateway, for {@code bench/run floor}: the same web server (Helidon SE, a virtual thread per
 * request) and the same upstream HTTP client as {@code mlflowlite serve}, with nothing of the gateway between them.
 * Each {@code POST /v1/chat/completions} body is read as JSON and sent on to the upstream, whose reply goes back
 * as it came. What this process spends per request, a gateway built on these two parts spends before it does
 * anything of its own.
 */
public final class FloorProxy {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FloorProxy() {}

    /** {@code UPSTREAM_BASE_URL}; prints {@code floor proxy listening on http://…} once bound. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: FloorProxy UPSTREAM_BASE_URL   e.g. FloorProxy http://127.0.0.1:4001");
            System.exit(2);
        }
        if (System.getProperty("jdk.pollerMode") == null) {
            System.setProperty("jdk.pollerMode", "1"); // as mlflowlite's command line sets it (cli Main)
        }
        URI upstream = URI.create(args[0] + MockUpstream.PATH);
        HttpTransport transport = HttpTransport.pooled();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .featuresDiscoverServices(false)
                .routing(routing -> routing.post(
                        MockUpstream.PATH, (request, response) -> forward(transport, upstream, request, response)))
                .build()
                .start();
        System.out.println("floor proxy listening on http://127.0.0.1:" + server.port());
    }

    private static void forward(HttpTransport transport, URI upstream, ServerRequest request, ServerResponse response) {
        byte[] body = request.content().as(byte[].class);
        try {
            HttpReply reply = transport.postJson(
                    "openai",
                    upstream,
                    Map.of("Authorization", "Bearer sk-bench-not-a-real-key"),
                    Json.parse(body, "the client"),
                    TIMEOUT);
            response.status(Status.create(reply.status()));
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(reply.body().getBytes(StandardCharsets.UTF_8));
        } catch (MlflowliteException e) {
            response.status(Status.BAD_GATEWAY_502);
            response.send(e.getMessage());
        }
    }
}
