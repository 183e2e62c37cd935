-- A/B tests and staged rollouts (traffic experiments, not the trace experiments of V1), shared by every replica: one row per experiment (its current weights and stage)
-- and its transitions with their evidence. Portable SQL for SQLite and PostgreSQL. Times are Unix epoch
-- milliseconds; JSON lives in TEXT columns.

CREATE TABLE traffic_experiments (
    name          VARCHAR(200) NOT NULL PRIMARY KEY,
    route         TEXT         NOT NULL,   -- the gateway route whose calls it assigns
    unit          VARCHAR(16)  NOT NULL,   -- USER, SESSION, REQUEST
    variants      TEXT         NOT NULL,   -- JSON array of {name, destination, weight_bps}, control first
    status        VARCHAR(16)  NOT NULL,   -- RUNNING, PAUSED, PROMOTED, ROLLED_BACK
    plan          TEXT,                    -- JSON rollout plan, null for a plain A/B test
    stage         INTEGER      NOT NULL,
    stage_started BIGINT       NOT NULL,
    created       BIGINT       NOT NULL,
    version       BIGINT       NOT NULL    -- 1 when created, +1 on every change (optimistic concurrency)
);

CREATE TABLE traffic_experiment_transitions (
    experiment        VARCHAR(200) NOT NULL,
    seq               INTEGER      NOT NULL,  -- the experiment's version the transition produced
    at                BIGINT       NOT NULL,
    action            VARCHAR(16)  NOT NULL,
    from_stage        INTEGER      NOT NULL,
    to_stage          INTEGER      NOT NULL,
    candidate_percent DOUBLE PRECISION NOT NULL,
    actor             TEXT         NOT NULL,
    reason            TEXT         NOT NULL,
    evidence          TEXT         NOT NULL,  -- JSON object
    PRIMARY KEY (experiment, seq)
);
