package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The command's one log output: every log record (ours through java.util.logging and System.Logger, the
 * libraries' through SLF4J, which is bound to java.util.logging) goes to stderr once, as one line of text or one
 * JSON object. Commands print their results on stdout; logs never mix into them.
 */
final class CliLogging {
    /** Log line formats. */
    enum Format {
        text,
        json
    }

    /** Levels by the names users know; java.util.logging's own names differ. */
    enum LogLevel {
        error(Level.SEVERE),
        warn(Level.WARNING),
        info(Level.INFO),
        debug(Level.FINE),
        trace(Level.FINEST),
        off(Level.OFF);

        final Level jul;

        LogLevel(Level jul) {
            this.jul = jul;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Libraries whose INFO records narrate their start-up (Flyway's schema check, HikariCP's pools, Helidon's
     * features): shown from debug on. Held strongly, or java.util.logging forgets their levels.
     */
    /** The server's access log: off in the library unless configured; {@code serve} shows it from info on. */
    private static final Logger ACCESS = Logger.getLogger("io.mlflowlite.server.access");

    private static final List<Logger> CHATTY = List.of(
            Logger.getLogger("org.flywaydb"), Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("io.helidon"));

    private CliLogging() {}

    /** Replaces the JDK's default console handler (two lines per record) with one line per record on stderr. */
    static void configure(LogLevel level, Format format) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // the handler closes its stream when replaced (reset) or at exit: never System.err itself
        OutputStream stderr = new FilterOutputStream(System.err) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
        Handler handler = new StreamHandler(stderr, format == Format.json ? new JsonLine() : new TextLine()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush(); // a log line is seen when it happens, not when a buffer fills
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(level.jul);
        ACCESS.setLevel(level.jul);
        boolean verbose = level.jul.intValue() < Level.INFO.intValue();
        CHATTY.forEach(logger -> logger.setLevel(
                verbose ? level.jul : level.jul.intValue() > Level.WARNING.intValue() ? level.jul : Level.WARNING));
    }

    /** Whether {@code level} asks for more than the access log and warnings (debug, trace). */
    static boolean verbose(LogLevel level) {
        return level.jul.intValue() < Level.INFO.intValue();
    }

    /** The message of {@code record}: as written, or formatted when it has {@code {0}} style parameters. */
    private static String message(Formatter formatter, LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof Map) {
            return record.getMessage(); // fields for structured output, the text is complete already
        }
        return formatter.formatMessage(record);
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "";
        }
        return logger.startsWith("io.mlflowlite.") ? logger.substring(logger.lastIndexOf('.') + 1) : logger;
    }

    private static String levelName(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue()
                ? "ERROR"
                : v >= Level.WARNING.intValue()
                        ? "WARN"
                        : v >= Level.INFO.intValue() ? "INFO" : v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }

    /** {@code 2026-12-07T00:10:00.123Z INFO  access: POST /v1/chat/completions 200 …}. */
    private static final class TextLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String line = String.format(
                    Locale.ROOT,
                    "%s %-5s %s: %s%n",
                    record.getInstant(),
                    levelName(record.getLevel()),
                    shortName(record.getLoggerName()),
                    message(this, record));
            return record.getThrown() == null ? line : line + stackTrace(record.getThrown()) + System.lineSeparator();
        }
    }

    /** {@code {"time": …, "level": …, "logger": …, "message": …, <the record's fields>}} on one line. */
    private static final class JsonLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("time", record.getInstant().toString());
            json.put("level", levelName(record.getLevel()));
            json.put("logger", record.getLoggerName());
            json.put("message", message(this, record));
            Object[] params = record.getParameters();
            if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> fields) {
                fields.forEach((k, v) -> json.putIfAbsent(String.valueOf(k), v));
            }
            if (record.getThrown() != null) {
                json.put("error", stackTrace(record.getThrown()));
            }
            try {
                return JSON.writeValueAsString(json) + System.lineSeparator();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "{\"level\":\"ERROR\",\"message\":\"unprintable log record\"}" + System.lineSeparator();
            }
        }
    }
}
