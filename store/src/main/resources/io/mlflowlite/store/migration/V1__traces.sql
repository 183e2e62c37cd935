-- Traces: one schema for SQLite and PostgreSQL.
--
-- Portable SQL only. The one difference between the two databases is ${exact_decimal}, the type of exact
-- decimals (costs): NUMERIC on PostgreSQL, which keeps every digit; TEXT on SQLite, because SQLite stores a
-- value of a NUMERIC column as a 64-bit float. Times are Unix epoch nanoseconds in BIGINT (exact, sortable,
-- and the unit of OpenTelemetry and of MLflow spans). JSON is kept as text.

CREATE TABLE experiments (
    id      TEXT        NOT NULL PRIMARY KEY,
    name    TEXT        NOT NULL UNIQUE,
    created BIGINT      NOT NULL -- Unix epoch milliseconds
);

CREATE TABLE traces (
    trace_id         TEXT             NOT NULL PRIMARY KEY,
    experiment_id    TEXT             NOT NULL REFERENCES experiments (id),
    start_time       BIGINT           NOT NULL, -- Unix epoch nanoseconds of the root span's start
    duration_nanos   BIGINT           NOT NULL,
    state            VARCHAR(16)      NOT NULL, -- OK, ERROR, IN_PROGRESS
    request_preview  TEXT,
    response_preview TEXT,
    model            TEXT,
    input_tokens     BIGINT           NOT NULL,
    output_tokens    BIGINT           NOT NULL,
    cost             ${exact_decimal} NOT NULL, -- dollars, exact
    user_id          TEXT,
    session_id       TEXT,
    metadata         TEXT             NOT NULL  -- JSON object of strings (mlflow.trace.tokenUsage …)
);

-- Searches return newest first, paging by (start_time, trace_id): each index ends in those two columns so a
-- filtered search walks it in order from the page cursor and stops after one page. Retention uses the first.
CREATE INDEX traces_by_start ON traces (start_time, trace_id);
CREATE INDEX traces_by_experiment ON traces (experiment_id, start_time, trace_id);
CREATE INDEX traces_by_model ON traces (model, start_time, trace_id);
CREATE INDEX traces_by_user ON traces (user_id, start_time, trace_id);
CREATE INDEX traces_by_session ON traces (session_id, start_time, trace_id);

CREATE TABLE trace_tags (
    trace_id TEXT        NOT NULL REFERENCES traces (trace_id) ON DELETE CASCADE,
    key      TEXT        NOT NULL,
    value    TEXT        NOT NULL,
    PRIMARY KEY (trace_id, key)
);

-- Tag filters look up (key, value) and then this trace: the trace id completes the seek.
CREATE INDEX trace_tags_by_value ON trace_tags (key, value, trace_id);

CREATE TABLE spans (
    trace_id       TEXT        NOT NULL REFERENCES traces (trace_id) ON DELETE CASCADE,
    span_id        TEXT        NOT NULL,
    parent_span_id TEXT,
    name           TEXT        NOT NULL,
    span_type      VARCHAR(32) NOT NULL,
    start_nanos    BIGINT      NOT NULL, -- Unix epoch nanoseconds
    end_nanos      BIGINT      NOT NULL,
    status         VARCHAR(16) NOT NULL, -- UNSET, OK, ERROR
    status_message TEXT,
    inputs         TEXT,                 -- JSON, null when the span recorded none
    outputs        TEXT,                 -- JSON, null when the span recorded none
    attributes     TEXT        NOT NULL, -- JSON object: mlflow.* and gen_ai.* keys
    events         TEXT        NOT NULL, -- JSON array of {name, time_unix_nano, attributes}
    PRIMARY KEY (trace_id, span_id)
);
