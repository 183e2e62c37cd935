package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.embedded.RedisServer;

/**
 * Two {@code mlflowlite serve} processes as a scaled-out deployment runs them: traces, keys and prompts in one real
 * PostgreSQL, rate-limit and budget counters in one real Redis, one configuration file, and a round-robin proxy in
 * front (per connection, as an L4 load balancer does; a backend that refuses connections is skipped). What one
 * replica learns the other knows; together they never admit more than a limit; a SIGKILL of one in the middle of
 * streams costs only its own requests in flight, and no trace answered longer ago than the durability promise.
 */
class ReplicasBehindAProxyTest {
    private static final String ADMIN = "admin-key-for-replicas-0123456789";
    /** C1 only: the child JVMs start on two shared cores, and their speed is not what is tested. */
    private static final String FAST_START = "-XX:TieredStopAtLevel=1";
    /** docs/tracing.md: a trace is on disk within the flush interval plus one store write, 1.2 s. */
    private static final Duration PROMISE = Duration.ofMillis(1200);

    private static final String CONFIG = """
            endpoints:
              - {name: echo, endpoint_type: llm/v1/chat, model: {provider: mock, name: echo}}
              - {name: support, endpoint_type: llm/v1/chat, model: {provider: mock, name: echo}, prompt: "prompts:/support@production"}
              - name: slow
                endpoint_type: llm/v1/chat
                model: {provider: openai, name: slow, config: {openai_api_key: sk-replicas, openai_api_base: "%s"}}
                max_retries: 0
            """;

    @TempDir
    Path work;

    private EmbeddedPostgres postgres;
    private String postgresUrl;
    private RedisServer redis;
    private MockLlmServer upstream;
    private Replica a;
    private Replica b;
    private RoundRobinProxy proxy;
    /** Every trace a response named, with the replica that answered and when. */
    private final List<Answered> answered = java.util.Collections.synchronizedList(new ArrayList<>());

    private record Answered(String traceId, String replica, long atNanos) {}

    @AfterEach
    void stop() throws Exception {
        for (Replica r : new Replica[] {a, b}) {
            if (r != null) {
                r.process.destroyForcibly();
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoReplicasShareKeysLimitsPromptsTracesAndConfigAndAKillNineLosesOnlyItsOwnRequests() throws Exception {
        String store = startPostgres();
        int redisPort = freePort();
        redis = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        redis.start();
        upstream = MockLlmServer.start();
        upstream.setDispatcher(request -> slowStream());
        mlflowlite("prompts", "register", "support", "--template", "v1: {{question}}", "--store", store);
        mlflowlite("prompts", "alias", "support", "production", "1", "--store", store);
        Path config = work.resolve("gateway.yaml");
        Files.writeString(config, CONFIG.formatted(upstream.url("/v1")));
        String limits = "redis://127.0.0.1:" + redisPort;
        Process processA = serve(store, limits, config, "a");
        Process processB = serve(store, limits, config, "b");
        a = new Replica("a", processA, ProcessLines.serveUrl(ProcessLines.of(processA.getInputStream())));
        b = new Replica("b", processB, ProcessLines.serveUrl(ProcessLines.of(processB.getInputStream())));
        proxy = new RoundRobinProxy(List.of(a, b));

        // a key created through one replica's admin API works through the other, and through the proxy on both
        JsonNode team = createKey(a, "{\"name\":\"team\"}");
        String teamKey = team.path("key").asText();
        assertThat(call(b.address(), "POST", "/v1/chat/completions", chat("echo", "hello b"), teamKey)
                        .status())
                .isEqualTo(200);
        List<Reply> viaProxy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            viaProxy.add(call(proxy.address(), "POST", "/v1/chat/completions", chat("echo", "hi " + i), teamKey));
        }
        assertThat(viaProxy).extracting(Reply::status).containsOnly(200);
        assertThat(viaProxy).extracting(Reply::replica).contains("a", "b");

        rateLimitIsShared();
        budgetIsShared();
        promptMovedInTheStoreIsServedByBoth(store, teamKey);
        configEditReachesBoth(config, teamKey);
        killNineMidStreamLosesOnlyTheKilledReplicasRequests(teamKey);
    }

    /** rpm 10 over both replicas: 30 requests at once through the proxy, exactly 10 admitted. */
    private void rateLimitIsShared() throws Exception {
        JsonNode key = createKey(a, "{\"name\":\"rpm\",\"rpm\":10}");
        awayFromTheEndOfTheMinute();
        List<Reply> replies = parallel(
                30,
                () -> call(
                        proxy.address(),
                        "POST",
                        "/v1/chat/completions",
                        chat("echo", "count me"),
                        key.path("key").asText()));
        assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(10);
        assertThat(replies.stream().filter(r -> r.status() == 429)).hasSize(20);
        assertThat(replies).extracting(Reply::replica).contains("a", "b");
    }

    /**
     * A budget for five calls at their worst case, 40 calls at once through the proxy: the spend both replicas
     * count in Redis stays within the bound of docs/keys-and-limits.md.
     */
    private void budgetIsShared() throws Exception {
        String body = "{\"model\":\"mock/mini\",\"max_tokens\":20,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
        BigDecimal worstCase;
        try (Gateway local = Gateway.builder().build()) { // the same catalog and prices as the replicas
            worstCase = local.worstCaseCost(ChatRequest.builder()
                    .model("mock/mini")
                    .maxTokens(20)
                    .addUserMessage("What is the capital of France?")
                    .build());
        }
        BigDecimal budget = worstCase.multiply(BigDecimal.valueOf(5));
        JsonNode key = createKey(
                b, "{\"name\":\"budget\",\"budget\":{\"usd\":\"" + budget.toPlainString() + "\",\"window\":\"day\"}}");
        List<Reply> replies = parallel(
                40,
                () -> call(
                        proxy.address(),
                        "POST",
                        "/v1/chat/completions",
                        body,
                        key.path("key").asText()));

        BigDecimal charged = BigDecimal.ZERO;
        BigDecimal beyondWorstCase = BigDecimal.ZERO;
        for (Reply reply : replies) {
            if (reply.status() == 200) {
                BigDecimal cost = new BigDecimal(reply.header("x-mlflowlite-cost-usd"));
                charged = charged.add(cost);
                beyondWorstCase = beyondWorstCase.add(cost.subtract(worstCase).max(BigDecimal.ZERO));
            } else {
                assertThat(reply.status()).as(reply.body()).isEqualTo(429);
                assertThat(Json.read(reply.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
            }
        }
        BigDecimal expected = charged;
        BigDecimal spent = eventually(() -> spend(a, key.path("id").asText()), s -> s.compareTo(expected) == 0);
        long admitted = replies.stream().filter(r -> r.status() == 200).count();
        assertThat(admitted).isBetween(1L, 39L);
        assertThat(spent)
                .as("%d of 40 admitted; budget %s, worst case %s", admitted, budget, worstCase)
                .isLessThanOrEqualTo(budget.add(beyondWorstCase));
        assertThat(replies).extracting(Reply::replica).contains("a", "b");
    }

    /**
     * A version registered and an alias moved with {@code mlflowlite prompts} in the shared registry reach both
     * replicas within the alias cache (5 s). (The gateway has no HTTP route to register prompts: the registry is the
     * shared store.)
     */
    private void promptMovedInTheStoreIsServedByBoth(String store, String key) throws Exception {
        String ask = "{\"model\":\"support\",\"prompt_variables\":{\"question\":\"where?\"}}";
        for (Replica r : List.of(a, b)) {
            assertThat(content(call(r.address(), "POST", "/v1/chat/completions", ask, key)))
                    .isEqualTo("v1: where?");
        }
        mlflowlite("prompts", "register", "support", "--template", "v2: {{question}}", "--store", store);
        mlflowlite("prompts", "alias", "support", "production", "2", "--store", store);
        for (Replica r : List.of(a, b)) {
            eventually(
                    () -> content(call(r.address(), "POST", "/v1/chat/completions", ask, key)),
                    answer -> answer.equals("v2: where?"));
        }
    }

    /** Both replicas watch the one configuration file: an endpoint added to it is served by both. */
    private void configEditReachesBoth(Path config, String key) throws Exception {
        Files.writeString(
                config,
                CONFIG.formatted(upstream.url("/v1"))
                        + "  - {name: fresh, endpoint_type: llm/v1/chat, model: {provider: mock, name: echo}}\n");
        for (Replica r : List.of(a, b)) {
            eventually(
                    () -> call(r.address(), "POST", "/v1/chat/completions", chat("fresh", "new"), key)
                            .status(),
                    status -> status == 200);
        }
    }

    /**
     * Six streams through the proxy, three on each replica; replica b gets SIGKILL once all have begun. Its
     * clients see the stream break (no {@code [DONE]}) at once, not a hang; replica a's streams finish, and the
     * proxy keeps answering from a. Then a stops (SIGTERM, which flushes), and every trace a response named is in
     * the store, except those b answered within the durability promise before the kill.
     */
    private void killNineMidStreamLosesOnlyTheKilledReplicasRequests(String key) throws Exception {
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(Stream.open(proxy.address(), chatStream("slow", "stream " + i), key));
        }
        for (Stream s : streams) {
            s.awaitFirstEvent();
            s.replica = proxy.replicaOf(s.localPort);
        }
        assertThat(streams).extracting(s -> s.replica).containsOnly("a", "b").contains("a", "b");

        b.process.destroyForcibly(); // SIGKILL
        long killedAt = System.nanoTime();
        assertThat(b.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        streams.sort(java.util.Comparator.comparing(s -> s.replica.equals("a"))); // b's first: timed from the kill
        for (Stream s : streams) {
            String end = s.readToEnd();
            if (end.equals("done")) {
                answered.add(new Answered(s.traceId, s.replica, System.nanoTime()));
            }
            if (s.replica.equals("b")) {
                assertThat(end).as("a stream of the killed replica").isEqualTo("broken");
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
                        .as("the break reaches the client at once")
                        .isLessThan(Duration.ofSeconds(10));
            } else {
                assertThat(end).as("a stream of the surviving replica").isEqualTo("done");
            }
        }
        for (int i = 0; i < 6; i++) {
            Reply after = call(proxy.address(), "POST", "/v1/chat/completions", chat("echo", "after " + i), key);
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.replica()).isEqualTo("a");
        }

        a.process.toHandle().destroy(); // SIGTERM: drains and flushes
        assertThat(a.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String spilledByB = spilled(work.resolve("spill-b"));
        List<String> lost;
        long fromB;
        try (TraceStore traces = TraceStores.open(postgresUrl)) {
            List<Answered> promised = answered.stream()
                    .filter(t -> t.replica().equals("a") || killedAt - t.atNanos() > PROMISE.toNanos())
                    .toList();
            lost = promised.stream()
                    .filter(t -> traces.get(t.traceId()).isEmpty() && !spilledByB.contains(t.traceId()))
                    .map(t -> t.replica() + " " + t.traceId())
                    .toList();
            fromB = promised.stream()
                    .filter(t ->
                            t.replica().equals("b") && traces.get(t.traceId()).isPresent())
                    .count();
        }
        assertThat(lost).as("traces lost beyond the durability promise").isEmpty();
        assertThat(fromB).as("replica b's traces in the one store").isPositive();
        assertThat(answered.stream().filter(t -> t.replica().equals("a"))).isNotEmpty();
    }

    private String startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE replicas");
        }
        postgresUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/replicas?user=postgres";
        return postgresUrl;
    }

    /**
     * Runs an {@code mlflowlite} command to its end, in this JVM (the replicas are the processes under test; a child
     * JVM per command cost seconds of start-up each on two cores); it must succeed.
     */
    private static void mlflowlite(String... args) {
        StringWriter output = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(output, true));
        command.setErr(new PrintWriter(output, true));
        assertThat(command.execute(args)).as(output.toString()).isZero();
    }

    private Process serve(String store, String limits, Path config, String name) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLFLOWLITE_STORE", store);
        env.put("MLFLOWLITE_SPILL_DIR", work.resolve("spill-" + name).toString());
        env.put("MLFLOWLITE_ADMIN_KEY", ADMIN);
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m " + FAST_START);
        return ChildMain.start(
                work,
                env,
                "serve",
                "--port",
                "0",
                "--config",
                config.toString(),
                "--keys",
                "--limits-store",
                limits,
                "--log-level",
                "warn");
    }

    /** What {@code slow} answers: 40 chunks 200 ms apart, so a stream lasts 8 s. */
    private static MockResponse slowStream() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"slow\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i
                    + " \"},\"finish_reason\":null}]}\n\n");
        }
        events.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"slow\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":25,\"total_tokens\":28}}\n\n");
        events.add("data: [DONE]\n\n");
        return MockResponse.sse(events.toArray(String[]::new)).eventDelay(Duration.ofMillis(200));
    }

    private JsonNode createKey(Replica replica, String json) throws IOException {
        Reply created = call(replica.address(), "POST", "/admin/keys", json, ADMIN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Json.read(created.body());
    }

    private BigDecimal spend(Replica replica, String keyId) throws IOException {
        Reply usage = call(replica.address(), "GET", "/admin/keys/" + keyId + "/usage", null, ADMIN);
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        return new BigDecimal(Json.read(usage.body()).path("spend_usd").asText());
    }

    /** Waits out the last 5 s of a minute, so a burst against an rpm limit falls in one window. */
    private static void awayFromTheEndOfTheMinute() throws InterruptedException {
        int second = Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond();
        if (second >= 55) {
            Thread.sleep((61 - second) * 1000L); // the minute's end is a time, not a condition to wait for
        }
    }

    /** Polls {@code value} until {@code done} accepts it, for up to 20 s; returns the accepted value. */
    private static <T> T eventually(Callable<T> value, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T last = value.call();
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("still %s after 20 s", last).isLessThan(deadline);
            Thread.sleep(200); // another process's state: nothing to be notified by
            last = value.call();
        }
        return last;
    }

    private static <T> List<T> parallel(int n, Callable<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    private static String chat(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    private static String chatStream(String model, String content) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + content
                + "\"}]}";
    }

    private static String content(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Json.read(reply.body()).at("/choices/0/message/content").asText();
    }

    private static String spilled(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    text.append(Files.readString(file));
                }
            }
        }
        return text.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Replica(String name, Process process, String url) {
        InetSocketAddress address() {
            URI uri = URI.create(url);
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        }
    }

    /** An answer read whole over a connection of its own ({@code Connection: close}). */
    private record Reply(int status, Map<String, String> headers, String body, String replica) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * One request over a new connection to {@code target} (a replica, or the proxy, whose round robin then picks
     * the replica): the answer, and which replica gave it. Records the trace it names.
     */
    private Reply call(InetSocketAddress target, String method, String path, String body, String bearer)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(target, 5_000);
            socket.setSoTimeout(60_000);
            write(socket.getOutputStream(), method, path, body, bearer);
            InputStream in = socket.getInputStream();
            Head head = Head.read(in);
            String replica = replicaAt(target, socket.getLocalPort());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            head.body(in).transferTo(bytes);
            String traceId = head.headers().get("x-mlflowlite-trace-id");
            if (traceId != null) {
                answered.add(new Answered(traceId, replica, System.nanoTime()));
            }
            return new Reply(head.status(), head.headers(), bytes.toString(StandardCharsets.UTF_8), replica);
        }
    }

    private String replicaAt(InetSocketAddress target, int localPort) {
        if (target.equals(proxy.address())) {
            return proxy.replicaOf(localPort);
        }
        return target.equals(a.address()) ? "a" : "b";
    }

    private static void write(OutputStream out, String method, String path, String body, String bearer)
            throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: gateway\r\n");
        request.append("Connection: close\r\nAuthorization: Bearer ")
                .append(bearer)
                .append("\r\n");
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(payload.length)
                    .append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(payload);
        out.flush();
    }

    /** A response's status line and headers (names in lower case), read byte by byte up to the blank line. */
    private record Head(int status, Map<String, String> headers) {
        static Head read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("the connection closed before a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            return new Head(Integer.parseInt(statusLine.split(" ")[1]), headers);
        }

        /** The body: de-chunked when chunked, else its content length, else everything until the connection closes. */
        InputStream body(InputStream in) throws IOException {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                return new Dechunked(in);
            }
            String length = headers.get("content-length");
            return length == null ? in : new java.io.ByteArrayInputStream(in.readNBytes(Integer.parseInt(length)));
        }

        static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    String line = bytes.toString(StandardCharsets.ISO_8859_1);
                    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                }
                bytes.write(c);
            }
            return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A chunked body's data, each read returning what one read of the connection gives (so events are seen as they
     * come); a connection that ends before the last chunk is an {@link IOException}.
     */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean ended;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                String size = Head.line(in);
                if (size == null) {
                    throw new IOException("the connection closed in the middle of a chunked body");
                }
                left = Long.parseLong(size.split(";")[0].strip(), 16);
                if (left == 0) {
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new IOException("the connection closed in the middle of a chunk");
            }
            left -= n;
            if (left == 0) {
                Head.line(in); // the CRLF after the chunk's data
            }
            return n;
        }
    }

    /** A streamed chat completion read event by event over its own connection. */
    private static final class Stream {
        final Socket socket;
        final int localPort;
        final String traceId;
        final BufferedReader events;
        String replica;

        private Stream(Socket socket, String traceId, BufferedReader events) {
            this.socket = socket;
            this.localPort = socket.getLocalPort();
            this.traceId = traceId;
            this.events = events;
        }

        static Stream open(InetSocketAddress target, String body, String bearer) throws IOException {
            Socket socket = new Socket();
            socket.connect(target, 5_000);
            socket.setSoTimeout(15_000); // longer than any stream here: reaching it means the client hangs
            write(socket.getOutputStream(), "POST", "/v1/chat/completions", body, bearer);
            InputStream in = socket.getInputStream();
            Head head = Head.read(in);
            assertThat(head.status()).isEqualTo(200);
            return new Stream(
                    socket,
                    head.headers().get("x-mlflowlite-trace-id"),
                    new BufferedReader(new InputStreamReader(head.body(in), StandardCharsets.UTF_8)));
        }

        void awaitFirstEvent() throws IOException {
            for (String line = events.readLine(); line != null; line = events.readLine()) {
                if (line.startsWith("data: {")) {
                    return;
                }
            }
            throw new IOException("the stream ended before its first event");
        }

        /** "done" when the stream ended with {@code [DONE]}, "broken" when the connection ended before it. */
        String readToEnd() throws IOException {
            try (socket) {
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    if (line.equals("data: [DONE]")) {
                        return "done";
                    }
                }
                return "broken";
            } catch (java.net.SocketTimeoutException hang) {
                return "hang";
            } catch (IOException cut) {
                return "broken";
            }
        }
    }

    /**
     * A round-robin TCP proxy: each accepted connection goes to the next replica, or to the one after when that
     * one refuses the connection; bytes are copied both ways until either side closes. Remembers which replica
     * each client connection (by the client's port) went to.
     */
    private static final class RoundRobinProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Replica> replicas;
        private final AtomicInteger next = new AtomicInteger();
        private final Map<Integer, String> byClientPort = new ConcurrentHashMap<>();

        RoundRobinProxy(List<Replica> replicas) throws IOException {
            this.replicas = List.copyOf(replicas);
            this.listener = new ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        InetSocketAddress address() {
            return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        }

        /** The replica the client connection from {@code clientPort} was sent to. */
        String replicaOf(int clientPort) {
            return byClientPort.get(clientPort);
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Thread.ofVirtual().start(() -> relay(client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void relay(Socket client) {
            int first = Math.floorMod(next.getAndIncrement(), replicas.size());
            for (int i = 0; i < replicas.size(); i++) {
                Replica replica = replicas.get((first + i) % replicas.size());
                Socket backend = new Socket();
                try {
                    backend.connect(replica.address(), 2_000);
                } catch (IOException refused) {
                    closeQuietly(backend);
                    continue; // a dead backend: the next one
                }
                byClientPort.put(client.getPort(), replica.name());
                Thread.ofVirtual().start(() -> copy(client, backend));
                copy(backend, client);
                return;
            }
            closeQuietly(client);
        }

        /** Copies until {@code from} ends or fails, then closes both sides. */
        private static void copy(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ended) {
                // one side went away: the other is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
