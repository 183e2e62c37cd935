-- The indexes that find traces by user, session or endpoint leave out the traces that have none: every trace
-- the gateway records without a user, a session or a configured endpoint (most of a library's calls) then costs
-- three index entries fewer to write (docs/benchmarks.md). Searches only ever ask for one user, session or
-- endpoint (col = value, which implies col IS NOT NULL), so both databases still walk these indexes for them.
DROP INDEX traces_by_user;
CREATE INDEX traces_by_user ON traces (user_id, start_time, trace_id) WHERE user_id IS NOT NULL;

DROP INDEX traces_by_session;
CREATE INDEX traces_by_session ON traces (session_id, start_time, trace_id) WHERE session_id IS NOT NULL;

DROP INDEX traces_by_endpoint;
CREATE INDEX traces_by_endpoint ON traces (endpoint, start_time, trace_id) WHERE endpoint IS NOT NULL;
