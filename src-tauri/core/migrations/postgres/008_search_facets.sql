-- ComplaintDesk schema, version 8 (PostgreSQL): the complaints' text search. The twin of
-- sqlite/008_search_facets.sql, which rebuilds SQLite's FTS5 trigram index with a
-- `facets` column.
--
-- What differs from SQLite, and why: PostgreSQL has no FTS5. Instead pg_trgm (a trusted
-- extension, which the database owner may create) indexes one stored column,
-- `search_text`: the five searched texts (resident_name, room, phone, description,
-- resident_request) joined by U+E000, a private-use character no typed text holds, so
-- that a typed substring never matches across two fields. A search is
-- `search_text ILIKE '%…%'` (with `\`, `%` and `_` escaped), the same matches as the FTS5
-- trigram tokenizer: any substring, case-insensitive; the GIN index finds the candidates
-- from their trigrams and the row is checked again. PostgreSQL keeps a generated column
-- and a GIN index up to date by itself, so there are no sync triggers, no 'rebuild' and no
-- 'optimize' (its nearest twin is gin_clean_pending_list()).
--
-- The `facets` column is not needed: it exists only to intersect filters inside the
-- FTS5 index. On PostgreSQL a filter (department, category, state, severity, channel) is
-- a plain predicate beside the text condition. PostgreSQL 15 has only STORED generated
-- columns; this one is written with each insert and each change of a searched text.
--
-- Trigrams of Chinese text need a UTF-8 character type (LC_CTYPE C.UTF-8), and the prefix
-- ranges of the list need byte order (LC_COLLATE C): the database is created with both.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE complaints ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    resident_name || chr(57344) || room || chr(57344) || phone || chr(57344)
    || description || chr(57344) || resident_request
) STORED;

CREATE INDEX complaints_search ON complaints USING gin (search_text gin_trgm_ops);
