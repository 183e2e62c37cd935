package io.mlflowlite.redis;

import io.mlflowlite.limits.LimitStoreException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Redis URL taken apart: {@code redis://[user:password@]host[:port][/database][?option=value&…]}, or
 * {@code rediss://…} for TLS. Options: {@code timeout} (connect and read timeout, default {@code 500ms}),
 * {@code pool} (connections, default 16), {@code cooldown} (how long to skip Redis after it failed, default
 * {@code 5s}), {@code prefix} (key prefix, default {@code mlflowlite}). Durations are {@code 250ms}, {@code 2s}
 * or a number of milliseconds.
 */
record RedisUrl(
        URI uri,
        String host,
        int port,
        int database,
        String user,
        String password,
        boolean tls,
        Duration timeout,
        int pool,
        Duration cooldown,
        String prefix) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);

    static boolean supports(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return lower.startsWith("redis://") || lower.startsWith("rediss://");
    }

    static RedisUrl parse(String url) {
        if (!supports(url)) {
            throw new LimitStoreException("Not a Redis URL: '" + url + "'. Fix: use redis://<host>:<port>");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LimitStoreException(
                    "Malformed Redis URL (" + e.getMessage() + "). Fix: use "
                            + "redis://[user:password@]<host>:<port>[/<database>]",
                    e);
        }
        if (uri.getHost() == null) {
            throw new LimitStoreException("The Redis URL has no host. Fix: use redis://<host>:<port>");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? null : emptyToNull(info.substring(0, colon));
            password = colon < 0 ? info : info.substring(colon + 1);
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new LimitStoreException("The Redis database in '" + redacted(uri) + "' is not a number. Fix: "
                        + "use redis://<host>:<port>/<database number>");
            }
        }
        Map<String, String> options = options(uri.getRawQuery());
        Duration timeout = duration(options.remove("timeout"), DEFAULT_TIMEOUT, "timeout");
        Duration cooldown = duration(options.remove("cooldown"), DEFAULT_COOLDOWN, "cooldown");
        int pool = options.containsKey("pool") ? positive(options.remove("pool")) : 16;
        String prefix = options.getOrDefault("prefix", "mlflowlite");
        options.remove("prefix");
        if (!options.isEmpty()) {
            throw new LimitStoreException("Unknown Redis URL option(s) " + options.keySet() + ". Fix: use timeout, "
                    + "pool, cooldown or prefix");
        }
        boolean tls = uri.getScheme().equalsIgnoreCase("rediss");
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return new RedisUrl(uri, uri.getHost(), port, database, user, password, tls, timeout, pool, cooldown, prefix);
    }

    /** {@code redis://host:port/db} without credentials or options, for messages. */
    String description() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + (database == 0 ? "" : "/" + database);
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
    }

    private static Map<String, String> options(String query) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new LimitStoreException("Redis URL option '" + pair + "' has no value. Fix: write name=value");
            }
            options.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1));
        }
        return options;
    }

    private static Duration duration(String text, Duration fallback, String name) {
        if (text == null) {
            return fallback;
        }
        try {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new LimitStoreException("Redis URL option " + name + "=" + text + " is not a duration. Fix: write "
                    + "it like 250ms or 2s");
        }
    }

    private static int positive(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new LimitStoreException("Redis URL option pool=" + text + " must be a positive number of connections");
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
