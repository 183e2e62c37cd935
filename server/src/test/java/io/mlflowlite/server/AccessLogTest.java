package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access log's line: its text for people, the same values as fields for structured formats. */
class AccessLogTest {
    private final Logger logger = Logger.getLogger(AccessLog.NAME);
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
    }

    @AfterEach
    void restore() {
        logger.removeHandler(capture);
        logger.setLevel(level);
    }

    @Test
    void aLineSaysMethodPathStatusModelLatencyInTenthsOfAMillisecondAndTrace() {
        AccessLog.request("POST", "/v1/chat/completions", 200, "openai/gpt-4o", 12_345_678, "tr-1");
        AccessLog.request("GET", "/health", 200, null, 50_000, null);
        AccessLog.request("POST", "/v1/messages", 429, "m", 1_999_960_000L, "tr-2");
        AccessLog.request("GET", "/ui/", 304, null, 0, null);

        assertThat(records)
                .extracting(LogRecord::getMessage)
                .containsExactly(
                        "POST /v1/chat/completions 200 model=openai/gpt-4o 12.3 ms trace=tr-1",
                        "GET /health 200 model=- 0.1 ms trace=-",
                        "POST /v1/messages 429 model=m 2000.0 ms trace=tr-2",
                        "GET /ui/ 304 model=- 0.0 ms trace=-");
        assertThat(records.get(0).getParameters()[0])
                .isEqualTo(Map.of(
                        "method", "POST",
                        "path", "/v1/chat/completions",
                        "status", 200,
                        "model", "openai/gpt-4o",
                        "latency_ms", 12.3,
                        "trace_id", "tr-1"));
    }
}
