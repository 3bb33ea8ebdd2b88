-- Two-character Chinese searches (物流, 化工, 加油) cannot use a trigram index: a %物流% pattern holds no
-- trigram, so the registry's search scanned every enterprise. anzhi_bigrams cuts a text into its
-- distinct lower-cased character pairs; a text containing the term contains all the term's pairs,
-- so `anzhi_bigrams(text) @> anzhi_bigrams(term)` narrows through a GIN index before the ILIKE recheck.
CREATE OR REPLACE FUNCTION anzhi_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}'::text[]) FROM generate_series(1, char_length(t) - 1) AS i $$;
