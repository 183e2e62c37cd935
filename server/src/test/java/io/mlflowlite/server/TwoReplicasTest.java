package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeySpec;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.limits.Period;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.time.TimeSource;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Two gateway servers, as two replicas behind a load balancer: keys in one real PostgreSQL, counters in one
 * real Redis. Together they never admit more than a key's limit, and a key made on one works on the other.
 */
class TwoReplicasTest {
    private record Replica(Gateway gateway, GatewayServer server, KeyService keys, Limiter limiter, Tracing tracing)
            implements AutoCloseable {
        static Replica start(String postgresUrl, String redisUrl, TimeSource clock) throws Exception {
            Path spill = Files.createTempDirectory("replica");
            Tracing tracing = Tracing.builder()
                    .store(new InMemoryTraceStore(100))
                    .spillDir(spill)
                    .build();
            Gateway gateway = Gateway.builder()
                    .env(Map.of())
                    .tracing(tracing)
                    .mockModels(MockModels.bundled().withLatencyScale(0))
                    .build();
            KeyService keys = KeyService.of(LimitStores.openKeys(postgresUrl));
            Limiter limiter = Limiter.builder(LimitStores.openCounter(redisUrl))
                    .timeSource(clock)
                    .build();
            GatewayServer server = GatewayServer.builder()
                    .gateway(gateway)
                    .port(0)
                    .apiKeys(keys, limiter)
                    .build()
                    .start();
            return new Replica(gateway, server, keys, limiter, tracing);
        }

        @Override
        public void close() {
            server.close();
            limiter.close();
            keys.store().close();
            gateway.close();
            tracing.close();
        }
    }

    /** The real monotonic clock and sleeps, with a wall clock standing at {@code instant}. */
    private static TimeSource frozenAt(Instant instant) {
        return new TimeSource() {
            @Override
            public long nanoTime() {
                return TimeSource.SYSTEM.nanoTime();
            }

            @Override
            public Instant now() {
                return instant;
            }

            @Override
            public void sleep(java.time.Duration duration) throws InterruptedException {
                TimeSource.SYSTEM.sleep(duration);
            }
        };
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void twoReplicasSharingPostgresAndRedisNeverAdmitMoreThanTheLimit() throws Exception {
        int redisPort = freePort();
        RedisServer redis = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        redis.start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String pg = postgres.getJdbcUrl("postgres", "postgres");
            String redisUrl = "redis://127.0.0.1:" + redisPort;
            // both limiters see one minute whatever the wall clock does: a run that crossed a minute boundary
            // would otherwise start a new rpm window and admit more than the limit
            TimeSource clock =
                    frozenAt(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1));
            try (Replica a = Replica.start(pg, redisUrl, clock);
                    Replica b = Replica.start(pg, redisUrl, clock)) {
                String secret = a.keys()
                        .create(KeySpec.builder("shared")
                                .rpm(20)
                                .budget("1000", Period.DAY)
                                .build())
                        .secret();

                HttpClient http = HttpClient.newHttpClient();
                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    GatewayServer target = (i % 2 == 0 ? a : b).server();
                    clients.add(Thread.ofVirtual().start(() -> {
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(URI.create(target.url() + "/v1/chat/completions"))
                                            .header("content-type", "application/json")
                                            .header("authorization", "Bearer " + secret)
                                            .POST(
                                                    HttpRequest.BodyPublishers.ofString(
                                                            "{\"model\":\"mock/mini\",\"messages\":"
                                                                    + "[{\"role\":\"user\",\"content\":\"What is the capital of Peru?\"}]}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger())
                                    .incrementAndGet();
                        } catch (Exception e) {
                            statuses.computeIfAbsent(-1, s -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }));
                }
                for (Thread client : clients) {
                    client.join();
                }

                assertThat(statuses.get(200).get())
                        .as("admitted across both replicas: %s", statuses)
                        .isEqualTo(20);
                assertThat(statuses.get(429).get()).isEqualTo(40);
                assertThat(statuses).containsOnlyKeys(200, 429);
                a.limiter().awaitIdle(java.time.Duration.ofSeconds(10));
                b.limiter().awaitIdle(java.time.Duration.ofSeconds(10));
                var usage = b.limiter().usage(b.keys().find("shared").orElseThrow());
                assertThat(usage.spend()).isPositive();
            }
        } finally {
            redis.stop();
        }
    }
}
