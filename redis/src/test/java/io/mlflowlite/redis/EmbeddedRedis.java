package io.mlflowlite.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * A real redis-server binary (shipped in the embedded-redis jar) on a free local port: one shared by the test JVM,
 * emptied between tests, or a separate one a test may stop and start again.
 */
final class EmbeddedRedis {
    private static RedisServer shared;
    private static int sharedPort;

    private EmbeddedRedis() {}

    /** The URL of the shared server, emptied; {@code cooldown=0} so a test sees each call reach Redis. */
    static synchronized String freshUrl() {
        if (shared == null) {
            sharedPort = freePort();
            shared = start(sharedPort);
            RedisServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
        }
        try (RedisClient client = RedisClient.create("127.0.0.1", sharedPort)) {
            client.flushAll();
        }
        return "redis://127.0.0.1:" + sharedPort + "?cooldown=0";
    }

    /** Starts a server of its own on {@code port}; the caller stops it. */
    static RedisServer start(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded redis-server", e);
        }
    }

    static void stop(RedisServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
