-- The browser UI's trace list: filters by endpoint and status and orders by cost and latency, a page at a time,
-- on stores of 100,000 traces and more. Each index ends in (start_time, trace_id), the tie-break of every order,
-- so a page is one index walk from its cursor (docs/ui.md, docs/benchmarks.md).
--
-- The endpoint that served a call lives in its root span's attributes; it gets a column of its own so it can be
-- filtered with an index. Traces written before this version keep a null endpoint.
ALTER TABLE traces ADD COLUMN endpoint TEXT;

CREATE INDEX traces_by_endpoint ON traces (endpoint, start_time, trace_id);
CREATE INDEX traces_by_state ON traces (state, start_time, trace_id);
CREATE INDEX traces_by_duration ON traces (duration_nanos, start_time, trace_id);
-- ${cost_key} is how costs order: the column itself on PostgreSQL (NUMERIC), its REAL value on SQLite (TEXT).
CREATE INDEX traces_by_cost ON traces (${cost_key}, start_time, trace_id);
