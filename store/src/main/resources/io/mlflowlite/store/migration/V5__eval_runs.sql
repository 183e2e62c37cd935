-- Evaluation runs and their row results: one schema for SQLite and PostgreSQL, portable SQL only like V1–V3.
-- ${exact_decimal} is NUMERIC on PostgreSQL and TEXT on SQLite (whose NUMERIC would be a 64-bit float). Times are
-- Unix epoch nanoseconds in BIGINT (a run's instants keep their microseconds). JSON lives in TEXT columns, in the
-- shape of io.mlflowlite.eval.EvalJson.

-- One row per run: the header an evaluation saves when it starts, after a resume and when it ends.
CREATE TABLE eval_runs (
    run_id              VARCHAR(64)      NOT NULL PRIMARY KEY, -- er-<32 hex>
    name                TEXT             NOT NULL,
    status              VARCHAR(16)      NOT NULL,             -- RUNNING, FINISHED, FAILED
    dataset_fingerprint VARCHAR(128)     NOT NULL,             -- SHA-256 hex of the dataset's canonical JSON
    row_count           INTEGER          NOT NULL,
    model               TEXT,                                  -- the application's model, when named
    prompt_version      TEXT,                                  -- prompts:/qa/3, when named
    judge_model         TEXT,                                  -- the run's default judge model
    scorers             TEXT             NOT NULL,             -- JSON array of scorer names, in the order given
    started_at          BIGINT           NOT NULL,
    ended_at            BIGINT,                                -- null while running
    app_input_tokens    BIGINT           NOT NULL,
    app_output_tokens   BIGINT           NOT NULL,
    app_cost            ${exact_decimal} NOT NULL,             -- dollars of the application's predictions, exact
    judge_input_tokens  BIGINT           NOT NULL,
    judge_output_tokens BIGINT           NOT NULL,
    judge_cost          ${exact_decimal} NOT NULL,             -- dollars of every judge call, exact
    judge_calls         BIGINT           NOT NULL,
    judge_cache_hits    BIGINT           NOT NULL,
    params              TEXT             NOT NULL,             -- JSON object of strings (seed, max_concurrency …)
    tags                TEXT             NOT NULL              -- JSON object of strings
);

-- Listing walks runs newest first by (started_at, run_id) and stops after one page; a name search walks the same
-- index and filters (a substring match cannot use a b-tree). The name index serves runs of one name over time.
CREATE INDEX eval_runs_by_start ON eval_runs (started_at, run_id);
CREATE INDEX eval_runs_by_name ON eval_runs (name, started_at);

-- One row per dataset row of a run; a resume replaces the rows it re-ran (same run_id and row_index).
CREATE TABLE eval_rows (
    run_id              VARCHAR(64)      NOT NULL REFERENCES eval_runs (run_id) ON DELETE CASCADE,
    row_index           INTEGER          NOT NULL,             -- the row's position in the dataset, from 0
    trace_id            TEXT,                                  -- the prediction's trace (tr-<32 hex>), when there is
                                                               -- one; no foreign key: traces may be in another store
                                                               -- or removed by retention while the run is kept
    inputs              TEXT             NOT NULL,             -- JSON object
    outputs             TEXT,                                  -- JSON value; null when the row has none
    expectations        TEXT             NOT NULL,             -- JSON object
    feedbacks           TEXT             NOT NULL,             -- JSON array of {name, value, rationale, source,
                                                               -- status, metadata}, in the scorers' order
    error               TEXT,                                  -- why the prediction failed; null when it did not
    latency_nanos       BIGINT           NOT NULL,
    input_tokens        BIGINT           NOT NULL,
    output_tokens       BIGINT           NOT NULL,
    cost                ${exact_decimal} NOT NULL,
    judge_input_tokens  BIGINT           NOT NULL,
    judge_output_tokens BIGINT           NOT NULL,
    judge_cost          ${exact_decimal} NOT NULL,
    PRIMARY KEY (run_id, row_index)
);

-- From a trace to the evaluation rows that scored it.
CREATE INDEX eval_rows_by_trace ON eval_rows (trace_id);
