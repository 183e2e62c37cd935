-- Model migrations of gateway endpoints (mlflowlite migrate): one row per migration (where it stands and what it
-- found, as JSON) and its events, each decision with its evidence. Portable SQL for SQLite and PostgreSQL. Times
-- are Unix epoch milliseconds; JSON lives in TEXT columns.

CREATE TABLE migrations (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,   -- mig- and 12 hex digits
    endpoint    TEXT         NOT NULL,               -- the gateway endpoint migrated
    from_model  TEXT         NOT NULL,
    to_model    TEXT         NOT NULL,
    status      VARCHAR(16)  NOT NULL,               -- RUNNING, ROLLING_OUT, PROMOTED, NO_GO, ROLLED_BACK
    step        VARCHAR(16)  NOT NULL,               -- the next step: CAPTURE … PROMOTE, DONE
    state       TEXT         NOT NULL,               -- JSON object: the request, dataset, runs, decisions
    created     BIGINT       NOT NULL,
    updated     BIGINT       NOT NULL,
    version     BIGINT       NOT NULL                -- 1 when created, +1 on every change (optimistic concurrency)
);

CREATE TABLE migration_events (
    migration   VARCHAR(40)  NOT NULL,
    seq         INTEGER      NOT NULL,               -- 1, 2, … in the order they were recorded
    at          BIGINT       NOT NULL,
    step        VARCHAR(16)  NOT NULL,
    decision    VARCHAR(16)  NOT NULL,
    summary     TEXT         NOT NULL,
    evidence    TEXT         NOT NULL,               -- JSON object
    PRIMARY KEY (migration, seq)
);
