-- vneid authority, schema 2 (SQLite): what makes a revocation delta from any recent list.
-- The PostgreSQL file is the same schema in its types.

-- The revocation list that first named the serial (NULL: not on a list yet). A list n holds
-- exactly the serials with listed_in <= n whose not_after is past its issued_at, so the
-- change between two lists is two range queries, never a list kept whole.
ALTER TABLE issued ADD COLUMN listed_in INTEGER;
CREATE INDEX issued_unlisted ON issued (serial) WHERE revoked_at IS NOT NULL AND listed_in IS NULL;
CREATE INDEX issued_listed ON issued (listed_in) WHERE listed_in IS NOT NULL;

-- Each revocation list published: the times it carries and how many serials it names (a
-- delta from it can be made while its row is kept: the delta window).
CREATE TABLE revocation_publications (
    sequence    INTEGER PRIMARY KEY,
    issued_at   INTEGER NOT NULL,
    next_update INTEGER NOT NULL,
    revoked     INTEGER NOT NULL
);

-- Signed deltas as first signed, so every replica serves the same bytes for (base, sequence);
-- rows of superseded lists are purged.
CREATE TABLE revocation_deltas (
    base_sequence INTEGER NOT NULL,
    sequence      INTEGER NOT NULL,
    body          BLOB    NOT NULL,
    PRIMARY KEY (base_sequence, sequence)
);
