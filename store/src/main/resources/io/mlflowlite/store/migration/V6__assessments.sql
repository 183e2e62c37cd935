-- Assessments (feedback and scores on traces): one schema for SQLite and PostgreSQL, portable SQL only like V1–V5.
-- Times are Unix epoch nanoseconds in BIGINT. JSON lives in TEXT columns.
--
-- No foreign key to traces: the trace writer is asynchronous, so feedback on a call may arrive before its trace is
-- stored, and it must be kept. Deleting a trace deletes its assessments (the store does it in the same
-- transaction); retention also deletes old assessments whose trace never arrived.
CREATE TABLE assessments (
    assessment_id VARCHAR(64) NOT NULL PRIMARY KEY, -- a-<32 hex>
    trace_id      TEXT        NOT NULL,             -- tr-<32 hex>
    name          TEXT        NOT NULL,             -- thumbs_up, correctness …
    value         TEXT,                             -- JSON boolean, number or string; null unless status is OK
    rationale     TEXT        NOT NULL,             -- the comment or the judge's reasoning; may be empty
    source        TEXT,                             -- HUMAN, HUMAN:<user>, CODE:<scorer>, LLM_JUDGE:<model>
    status        VARCHAR(16) NOT NULL,             -- OK, SKIPPED, ERROR
    metadata      TEXT        NOT NULL,             -- JSON object of strings
    created       BIGINT      NOT NULL              -- Unix epoch nanoseconds
);

-- A trace's assessments in order, and the join from a page of traces (or a tag's traces) to theirs.
CREATE INDEX assessments_by_trace ON assessments (trace_id, created);
-- Retention of assessments whose trace never arrived.
CREATE INDEX assessments_by_created ON assessments (created);
