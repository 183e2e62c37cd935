-- Virtual API keys and the usage counters behind rate limits and budgets: one schema for SQLite and PostgreSQL.
--
-- Portable SQL only, like V1: ${exact_decimal} is NUMERIC on PostgreSQL and TEXT on SQLite (whose NUMERIC would be
-- a 64-bit float). Times are Unix epoch milliseconds in BIGINT.

CREATE TABLE api_keys (
    id                TEXT             NOT NULL PRIMARY KEY, -- key-<24 hex>
    name              TEXT             NOT NULL,
    prefix            TEXT             NOT NULL,             -- first characters of the secret, for display only
    secret_hash       TEXT             NOT NULL UNIQUE,      -- lowercase hex SHA-256 of the secret; never the secret
    allowed_endpoints TEXT             NOT NULL,             -- JSON array of names or prefix*; [] allows all
    rpm               BIGINT,                                -- requests per minute; null is unlimited
    tpm               BIGINT,                                -- tokens per minute; null is unlimited
    budget_usd        ${exact_decimal},                      -- null: no budget (then the other budget_ columns too)
    budget_window     VARCHAR(16),                           -- minute, hour, day, month
    budget_action     VARCHAR(16),                           -- reject, alert
    budget_webhook    TEXT,                                  -- http(s) URL, or null
    created           BIGINT           NOT NULL,
    revoked           BIGINT,                                -- null while the key is active
    metadata          TEXT             NOT NULL              -- JSON object of strings
);

-- A name names one active key; a revoked key's name can be given to its replacement.
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked IS NULL;

-- One row per counter and window: key_id is the subject (a key id, or endpoint:<name> for an endpoint-wide
-- limit), kind the meter and period (requests:minute, tokens:minute, spend:month, alerts:day). Counts are
-- incremented in place by an atomic upsert; spend is an exact decimal in dollars.
CREATE TABLE usage_windows (
    key_id       TEXT             NOT NULL,
    kind         VARCHAR(32)      NOT NULL,
    window_start BIGINT           NOT NULL,
    total        BIGINT           NOT NULL,
    spend        ${exact_decimal} NOT NULL,
    expires      BIGINT           NOT NULL, -- the row may be deleted after this (one window length after its end)
    PRIMARY KEY (key_id, kind, window_start)
);

CREATE INDEX usage_windows_by_expiry ON usage_windows (expires);
