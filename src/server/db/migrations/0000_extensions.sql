-- pg_trgm serves Chinese substring search (ILIKE '%吴家山%') from GIN indexes; PGlite loads it as an extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
