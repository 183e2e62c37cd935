package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
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
        configure(level, format, false);
    }

    /**
     * As {@link #configure(LogLevel, Format)}; with {@code background}, the lines are written to stderr by a thread
     * of the handler's own, several to a write under load ({@link BackgroundLines}): for the server, which logs a
     * line per request.
     */
    static void configure(LogLevel level, Format format, boolean background) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // the handler closes its stream when replaced (reset) or at exit: never System.err itself
        OutputStream stderr = new FilterOutputStream(System.err) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
        Formatter formatter = format == Format.json ? new JsonLine() : new TextLine();
        Handler handler = background
                ? new BackgroundLines(stderr, formatter)
                : new StreamHandler(stderr, formatter) {
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

    /**
     * Writes log lines to a stream from a thread of its own. A record is formatted on the thread that logs it and
     * queued; the writer thread writes a line as soon as it comes when it has written nothing for {@value
     * #BATCH_MILLIS} ms, and otherwise gathers the lines of up to that long into one write and flush. So an idle
     * server's lines appear at once, and a busy one's access log costs a write every few milliseconds instead of a
     * write and flush per request on the request's thread. Lines keep the order they were logged in; {@link #flush}
     * and {@link #close} (at exit) write what is queued on the caller's thread. A full queue makes the logging
     * thread wait rather than lose a line.
     */
    static final class BackgroundLines extends Handler {
        static final long BATCH_MILLIS = 10;
        private static final int CAPACITY = 16_384;

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(CAPACITY);
        private final Writer out;
        private final Thread thread;
        /** The writer thread waits for a line (and must be woken for one). */
        private volatile boolean idle;

        private volatile boolean closed;

        BackgroundLines(OutputStream stream, Formatter formatter) {
            setFormatter(formatter);
            out = new BufferedWriter(new OutputStreamWriter(stream, System.err.charset()), 64 * 1024);
            thread = Thread.ofPlatform().daemon().name("mlflowlite-log").start(this::run);
        }

        @Override
        public void publish(LogRecord record) {
            if (closed || !isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError(null, e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            try {
                lines.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (idle) {
                LockSupport.unpark(thread);
            }
        }

        private void run() {
            long lastWrite = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS);
            while (!closed) {
                idle = true;
                while (lines.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                idle = false;
                long gather = lastWrite + TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS) - System.nanoTime();
                if (gather > 0) {
                    LockSupport.parkNanos(this, gather); // busy: let more lines join this write
                }
                flush();
                lastWrite = System.nanoTime();
            }
        }

        /** Writes the queued lines, in order: the writer thread and any caller take turns. */
        @Override
        public synchronized void flush() {
            List<String> batch = new ArrayList<>(lines.size());
            lines.drainTo(batch);
            if (batch.isEmpty()) {
                return;
            }
            try {
                for (String line : batch) {
                    out.write(line);
                }
                out.flush();
            } catch (IOException e) {
                reportError(null, e, ErrorManager.WRITE_FAILURE);
            }
        }

        @Override
        public void close() {
            closed = true;
            LockSupport.unpark(thread);
            flush();
            try {
                out.close();
            } catch (IOException e) {
                reportError(null, e, ErrorManager.CLOSE_FAILURE);
            }
        }
    }

    /** {@code 2026-12-07T00:10:00.123Z INFO  access: POST /v1/chat/completions 200 …}. */
    private static final class TextLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            // built directly: the server writes one of these per request (String.format parses its pattern each time)
            String level = levelName(record.getLevel());
            String line = new StringBuilder(160)
                    .append(record.getInstant())
                    .append(' ')
                    .append(level)
                    .repeat(' ', 5 - level.length())
                    .append(' ')
                    .append(shortName(record.getLoggerName()))
                    .append(": ")
                    .append(message(this, record))
                    .append(System.lineSeparator())
                    .toString();
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
