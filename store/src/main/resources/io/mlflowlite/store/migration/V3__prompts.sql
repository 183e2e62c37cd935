-- The prompt registry: one schema for SQLite and PostgreSQL, portable SQL only like V1 and V2. Times are Unix epoch
-- milliseconds in BIGINT; JSON lives in TEXT columns.

-- One row per prompt name. It fixes the name's template type and is the row a registration locks (PostgreSQL:
-- SELECT … FOR UPDATE; SQLite: the database write lock) so concurrent registrations number versions without gaps.
CREATE TABLE prompts (
    name    VARCHAR(256) NOT NULL PRIMARY KEY,
    type    VARCHAR(8)   NOT NULL,  -- text, chat
    created BIGINT       NOT NULL
);

-- Immutable versions, numbered 1, 2, 3 … per name.
CREATE TABLE prompt_versions (
    name            VARCHAR(256) NOT NULL REFERENCES prompts (name),
    version         INTEGER      NOT NULL,
    template        TEXT         NOT NULL,  -- text: the template itself; chat: JSON array of {"role","content"}
    commit_message  TEXT         NOT NULL,
    tags            TEXT         NOT NULL,  -- JSON object of strings
    model_config    TEXT         NOT NULL,  -- JSON object
    response_format TEXT,                   -- JSON {"type","name","schema","strict"}, or null
    created         BIGINT       NOT NULL,
    PRIMARY KEY (name, version)
);

-- Movable names for versions (production, staging …); latest is implicit and never stored.
CREATE TABLE prompt_aliases (
    name    VARCHAR(256) NOT NULL,
    alias   VARCHAR(256) NOT NULL,
    version INTEGER      NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES prompt_versions (name, version)
);
