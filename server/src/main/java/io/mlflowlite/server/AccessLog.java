package io.mlflowlite.server;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line per request on the logger {@value #NAME} at INFO (off by default, see {@link #QUIET_BY_DEFAULT}): method,
 * path, status, model, latency and trace id.
 * Never keys, headers or bodies. The fields also travel as the record's one parameter (a map), so a JSON log
 * format can print them as fields; the message is complete text on its own.
 */
final class AccessLog {
    static final String NAME = "io.mlflowlite.server.access";
    /**
     * Off unless asked for: an app embedding the server did not ask for a line per request on its console.
     * {@code mlflowlite serve} turns it on; elsewhere set this logger's level to INFO (logging.properties:
     * {@code io.mlflowlite.server.access.level = INFO}). Held strongly, or java.util.logging forgets the level.
     */
    private static final java.util.logging.Logger QUIET_BY_DEFAULT = quietUnlessConfigured();

    private static final System.Logger LOG = System.getLogger(NAME);

    private AccessLog() {}

    private static java.util.logging.Logger quietUnlessConfigured() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(NAME);
        if (logger.getLevel() == null) {
            logger.setLevel(java.util.logging.Level.WARNING);
        }
        return logger;
    }

    static void request(String method, String path, int status, String model, long latencyNanos, String traceId) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        long tenthsOfMs = Math.round(latencyNanos / 100_000.0);
        double millis = tenthsOfMs / 10.0;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", method);
        fields.put("path", path);
        fields.put("status", status);
        fields.put("model", model);
        fields.put("latency_ms", millis);
        fields.put("trace_id", traceId);
        // a line per request: built directly (String.format would parse its pattern on every call)
        String text = new StringBuilder(128)
                .append(method)
                .append(' ')
                .append(path)
                .append(' ')
                .append(status)
                .append(" model=")
                .append(model == null ? "-" : model)
                .append(' ')
                .append(tenthsOfMs / 10)
                .append('.')
                .append(tenthsOfMs % 10)
                .append(" ms trace=")
                .append(traceId == null ? "-" : traceId)
                .toString();
        // the message has no {0} placeholders: the map is there for structured formats only
        LOG.log(Level.INFO, text, fields);
    }
}
