-- vneid authority, schema 2 (PostgreSQL): what makes a revocation delta from any recent list.
-- The SQLite file is the same schema in its types.

-- The revocation list that first named the serial (NULL: not on a list yet). A list n holds
-- exactly the serials with listed_in <= n whose not_after is past its issued_at, so the
-- change between two lists is two range queries, never a list kept whole. (Adding a column
-- with no default is instant; the two partial indexes are built once, over revoked rows.)
ALTER TABLE issued ADD COLUMN listed_in BIGINT;
CREATE INDEX issued_unlisted ON issued (serial) WHERE revoked_at IS NOT NULL AND listed_in IS NULL;
CREATE INDEX issued_listed ON issued (listed_in) WHERE listed_in IS NOT NULL;

-- Each revocation list published: the times it carries and how many serials it names (a
-- delta from it can be made while its row is kept: the delta window).
CREATE TABLE revocation_publications (
    sequence    BIGINT PRIMARY KEY,
    issued_at   BIGINT NOT NULL,
    next_update BIGINT NOT NULL,
    revoked     BIGINT NOT NULL
);

-- Signed deltas as first signed, so every replica serves the same bytes for (base, sequence);
-- rows of superseded lists are purged.
CREATE TABLE revocation_deltas (
    base_sequence BIGINT NOT NULL,
    sequence      BIGINT NOT NULL,
    body          BYTEA  NOT NULL,
    PRIMARY KEY (base_sequence, sequence)
);
